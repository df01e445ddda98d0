"""Choosing the language (configuration, locale, Accept-Language), the current language of a
context, and amounts as people read them."""

from __future__ import annotations

import asyncio

import pytest

from common.errors import ConfigError
from common.i18n import (
    _,
    choose_language,
    current_language,
    default_language,
    display_amount,
    language_from_locale,
    ngettext,
    normalize_language,
    parse_accept_language,
    set_default_language,
    use_language,
    user_language,
)


@pytest.mark.parametrize(
    ("tag", "language"),
    [
        ("zh_CN", "zh_CN"),
        ("zh-CN", "zh_CN"),
        ("zh_CN.UTF-8", "zh_CN"),
        ("zh", "zh_CN"),
        ("zh-Hans-CN", "zh_CN"),
        ("zh_TW.UTF-8", None),
        ("zh-Hant", None),
        ("en_US.UTF-8", "en"),
        ("en-GB", "en"),
        ("C", None),
        ("POSIX", None),
        ("fr_FR.UTF-8", None),
        ("", None),
    ],
)
def test_tags_reduce_to_a_catalogue_we_have(tag: str, language: str | None) -> None:
    assert normalize_language(tag) == language


def test_the_first_set_locale_variable_decides() -> None:
    assert language_from_locale({"LANG": "zh_CN.UTF-8"}) == "zh_CN"
    assert language_from_locale({"LC_MESSAGES": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}) == "en"
    assert language_from_locale({"LC_ALL": "zh_CN.UTF-8", "LC_MESSAGES": "en_US"}) == "zh_CN"
    # LC_ALL=C means the C locale, not "look further": English.
    assert language_from_locale({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}) == "en"
    assert language_from_locale({"LANG": "de_DE.UTF-8"}) == "en"
    assert language_from_locale({}) == "en"


def test_a_configured_language_wins_and_a_wrong_one_is_refused() -> None:
    assert choose_language("zh-CN", {"LANG": "en_US"}) == "zh_CN"
    assert choose_language("", {"LANG": "zh_CN.UTF-8"}) == "zh_CN"
    with pytest.raises(ConfigError, match=r"store\.language must be one of en, zh_CN .*'fr'"):
        choose_language("fr", {}, "store.language")


def test_a_user_language_comes_from_storeledger_language_then_config_then_locale() -> None:
    assert user_language({"STORELEDGER_LANGUAGE": "zh_CN", "LANG": "en_US"}, "en") == "zh_CN"
    assert user_language({"LANG": "en_US"}, "zh_CN") == "zh_CN"
    assert user_language({"LANG": "zh_CN.UTF-8"}) == "zh_CN"
    with pytest.raises(ConfigError, match="STORELEDGER_LANGUAGE must be one of"):
        user_language({"STORELEDGER_LANGUAGE": "klingon"})


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh_CN"),
        ("en;q=0.2, zh;q=0.8", "zh_CN"),
        ("fr, en;q=0.5", "en"),
        ("de", None),
        ("zh;q=0, en", "en"),
        ("", None),
        ("zh;q=abc, en;q=0.1", "en"),
    ],
)
def test_accept_language_picks_the_callers_best_language_we_have(
    header: str, language: str | None
) -> None:
    assert parse_accept_language(header) == language


def test_sentences_follow_the_current_language() -> None:
    assert current_language() == "en"
    assert _("TOTAL") == "TOTAL"
    with use_language("zh_CN"):
        assert _("TOTAL") == "合计"
        assert _("{count} to sync").format(count=3) == "3 条待同步"
        with use_language("en"):
            assert _("TOTAL") == "TOTAL"
        assert current_language() == "zh_CN"
    assert _("TOTAL") == "TOTAL"
    assert _("a sentence no catalogue has") == "a sentence no catalogue has"


def test_plural_forms_come_from_the_catalogue() -> None:
    # English has one and other; a message missing from the catalogue falls back the same way.
    assert ngettext("{n} line", "{n} lines", 1) == "{n} line"
    assert ngettext("{n} line", "{n} lines", 2) == "{n} lines"


def test_the_default_applies_where_no_context_chose() -> None:
    before = default_language()
    try:
        set_default_language("zh_CN")
        assert current_language() == "zh_CN"
        with use_language("en"):
            assert current_language() == "en"
    finally:
        set_default_language(before)
    with pytest.raises(ValueError, match="no catalogue"):
        set_default_language("fr")


def test_each_task_keeps_its_own_language() -> None:
    async def speak(language: str, seen: list[str]) -> None:
        with use_language(language):
            await asyncio.sleep(0)
            seen.append(f"{language}:{_('TOTAL')}")

    async def main() -> list[str]:
        seen: list[str] = []
        await asyncio.gather(speak("zh_CN", seen), speak("en", seen))
        return sorted(seen)

    assert asyncio.run(main()) == ["en:TOTAL", "zh_CN:合计"]


@pytest.mark.parametrize(
    ("amount", "currency", "short", "shown"),
    [
        (1234, "CNY", False, "¥12.34"),
        (-350, "CNY", False, "-¥3.50"),
        (0, "CNY", False, "¥0.00"),
        (5, "CNY", False, "¥0.05"),
        (1234, "USD", False, "USD 12.34"),
        (-1234, "USD", False, "-USD 12.34"),
        (500, "JPY", False, "JPY 500"),
        (2000, "CNY", True, "¥20"),
        (2050, "CNY", True, "¥20.50"),
        (10000, "", True, "¥100"),
    ],
)
def test_amounts_for_people(amount: int, currency: str, short: bool, shown: str) -> None:
    assert display_amount(amount, currency, short=short) == shown
