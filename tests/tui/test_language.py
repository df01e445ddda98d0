"""The till speaks the store's language: [store] language in E/edge.toml, overridden by
STORELEDGER_EDGE_STORE_LANGUAGE, else the locale's, else English; a language we have no
catalogue for is refused with a sentence naming the setting. (No agent needed: the app
reads its configuration when it is made.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from common.config import write_config
from common.errors import ConfigError
from edge_agent.config import DEFAULTS, config_path
from edge_agent.tui.app import TillApp


def _store(data_dir: Path, language: str) -> Path:
    data_dir.mkdir(parents=True, exist_ok=True)
    config = {section: dict(values) for section, values in DEFAULTS.items()}
    config["store"]["language"] = language
    write_config(config_path(data_dir), config)
    return data_dir


@pytest.fixture(autouse=True)
def no_language_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("STORELEDGER_EDGE_STORE_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


def test_the_stores_configured_language(tmp_path: Path) -> None:
    assert TillApp(_store(tmp_path / "E", "zh_CN")).language == "zh_CN"
    assert TillApp(_store(tmp_path / "F", "en")).language == "en"


def test_the_environment_overrides_the_store_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STORELEDGER_EDGE_STORE_LANGUAGE", "en")
    assert TillApp(_store(tmp_path / "E", "zh_CN")).language == "en"


def test_no_configured_language_takes_the_locale_then_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = _store(tmp_path / "E", "")
    assert TillApp(data_dir).language == "en"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert TillApp(data_dir).language == "zh_CN"
    assert TillApp(data_dir, language="en").language == "en"  # asked for explicitly


def test_a_language_without_a_catalogue_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"store\.language must be one of en, zh_CN .*'fr'"):
        TillApp(_store(tmp_path / "E", "fr"))


def test_the_titles_follow_the_language(tmp_path: Path) -> None:
    assert TillApp(_store(tmp_path / "E", "zh_CN")).title == "StoreLedger 收银台"
    assert TillApp(_store(tmp_path / "F", "en")).title == "StoreLedger till"
