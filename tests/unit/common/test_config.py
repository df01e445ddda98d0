"""Configuration: defaults, a TOML file, environment overrides, refusals in sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from common.config import load_config, write_config
from common.errors import ConfigError

DEFAULTS = {
    "server": {"listen": "127.0.0.1:50061", "debug": False},
    "sync": {"heartbeat_timeout_s": 15},
}


def test_defaults_when_there_is_no_file(tmp_path: Path) -> None:
    config = load_config(tmp_path / "missing.toml", DEFAULTS, "SL", environ={})
    assert config == DEFAULTS
    assert config is not DEFAULTS and config["server"] is not DEFAULTS["server"]


def test_file_then_environment_override(tmp_path: Path) -> None:
    path = tmp_path / "ho.toml"
    path.write_text('[server]\nlisten = "0.0.0.0:6000"\n[sync]\nheartbeat_timeout_s = 30\n')
    config = load_config(path, DEFAULTS, "SL", environ={"SL_SYNC_HEARTBEAT_TIMEOUT_S": "45"})
    assert config["server"]["listen"] == "0.0.0.0:6000"
    assert config["sync"]["heartbeat_timeout_s"] == 45
    assert config["server"]["debug"] is False
    assert DEFAULTS["sync"]["heartbeat_timeout_s"] == 15


def test_bool_override(tmp_path: Path) -> None:
    config = load_config(None, DEFAULTS, "SL", environ={"SL_SERVER_DEBUG": "yes"})
    assert config["server"]["debug"] is True


def test_wrong_type_in_file_is_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "ho.toml"
    path.write_text("[sync]\nheartbeat_timeout_s = 1.5\n")
    with pytest.raises(ConfigError) as exc:
        load_config(path, DEFAULTS, "SL", environ={})
    assert str(exc.value) == "sync.heartbeat_timeout_s must be a whole number, got 1.5"


def test_wrong_type_in_environment_names_the_variable() -> None:
    with pytest.raises(ConfigError) as exc:
        load_config(None, DEFAULTS, "SL", environ={"SL_SERVER_DEBUG": "maybe"})
    assert str(exc.value) == "SL_SERVER_DEBUG must be true or false, got 'maybe'"


def test_unknown_option_and_section_and_bad_toml(tmp_path: Path) -> None:
    path = tmp_path / "ho.toml"
    path.write_text("[server]\nlisten_port = 1\n")
    with pytest.raises(ConfigError, match="unknown option server.listen_port"):
        load_config(path, DEFAULTS, "SL", environ={})
    path.write_text("[sever]\nlisten = 'x'\n")
    with pytest.raises(ConfigError, match=r"unknown section \[sever\]"):
        load_config(path, DEFAULTS, "SL", environ={})
    path.write_text("[server\n")
    with pytest.raises(ConfigError, match="is not valid TOML"):
        load_config(path, DEFAULTS, "SL", environ={})


def test_write_config_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "ho.toml"
    config = {
        "server": {"listen": 'a "quoted" \\ value', "debug": True},
        "sync": {"heartbeat_timeout_s": 7},
    }
    write_config(path, config)
    assert load_config(path, DEFAULTS, "SL", environ={}) == config
