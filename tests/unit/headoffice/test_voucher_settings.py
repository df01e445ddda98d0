"""[vouchers.platforms.NAME] in headoffice.toml: read, range-checked with a sentence naming
the option, and written back by `headoffice init` without breaking the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from common.config import load_config, write_config
from common.errors import ConfigError
from headoffice.config import DEFAULTS
from headoffice.platforms.settings import PlatformSettings, platform_settings


def _load(tmp_path: Path, text: str) -> dict:
    path = tmp_path / "headoffice.toml"
    path.write_text(text)
    return load_config(path, DEFAULTS, "X", environ={})


def test_platforms_are_read_from_their_tables(tmp_path: Path) -> None:
    config = _load(tmp_path, '[vouchers.platforms.meituan]\nurl = "http://h:1/"\n'
                             '[vouchers.platforms.douyin]\nurl = "https://d"\ntimeout_ms = 900\n')  # fmt: skip
    assert platform_settings(config) == [
        PlatformSettings("douyin", "https://d", 900), PlatformSettings("meituan", "http://h:1"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ('url = "ftp://x"', r"vouchers\.platforms\.meituan\.url must be an http"),
        ('url = "http://x"\ntimeout_ms = 10', r"timeout_ms must be 50 to 60000 milliseconds"),
        ('url = "http://x"\nretries = 3', r"unknown option vouchers\.platforms\.meituan\.retries"),
    ],
)
def test_a_bad_platform_option_is_refused_with_its_name(tmp_path: Path, text, sentence) -> None:
    config = _load(tmp_path, f"[vouchers.platforms.meituan]\n{text}\n")
    with pytest.raises(ConfigError, match=sentence):
        platform_settings(config)


def test_init_writes_a_file_that_loads_again(tmp_path: Path) -> None:
    path = tmp_path / "headoffice.toml"
    write_config(path, DEFAULTS)
    config = load_config(path, DEFAULTS, "X", environ={})
    assert platform_settings(config) == []
    assert config["vouchers"]["reconcile_on_reconnect"] is True
