"""Which language: the store's or user's configuration, else the locale, else English.

Tags are accepted in the forms people and programs write them (`zh_CN`,
`zh-CN`, `zh_CN.UTF-8`, `zh-Hans`, `en_US`) and reduced to a catalogue we
have. Traditional Chinese (zh_TW, zh_HK, zh-Hant) is not simplified Chinese
and is not mapped to it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from common.errors import ConfigError
from common.i18n.translate import DEFAULT_LANGUAGE, LANGUAGES, _

# hoctl and other per-user tools: the user's language, over the locale.
USER_LANGUAGE_ENV = "STORELEDGER_LANGUAGE"
# POSIX order: the first of these that is set decides the messages' locale.
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
_TRADITIONAL = {"tw", "hk", "mo", "hant"}


def normalize_language(tag: str) -> str | None:
    """'zh-CN', 'zh_CN.UTF-8', 'zh' -> 'zh_CN'; 'en_GB' -> 'en'; anything else -> None."""
    base = tag.strip().split(".", 1)[0].split("@", 1)[0].replace("-", "_").lower()
    parts = [p for p in base.split("_") if p]
    if not parts:
        return None
    if parts[0] == "zh":
        return None if _TRADITIONAL.intersection(parts[1:]) else "zh_CN"
    if parts[0] == "en":
        return "en"
    return None


def language_from_locale(environ: Mapping[str, str] | None = None) -> str:
    """The language of the first set locale variable (LC_ALL, LC_MESSAGES, LANG), else English."""
    env = os.environ if environ is None else environ
    for name in LOCALE_VARIABLES:
        value = env.get(name, "")
        if value:
            return normalize_language(value) or DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def choose_language(
    configured: str, environ: Mapping[str, str] | None = None, where: str = "language"
) -> str:
    """The configured language if one is set (refused if we have no catalogue for it), else
    the locale's. `where` names the setting in the refusal (e.g. store.language)."""
    if not configured.strip():
        return language_from_locale(environ)
    language = normalize_language(configured)
    if language is None:
        raise ConfigError(
            _(
                "{setting} must be one of {languages} (or empty for the locale's); got {value}"
            ).format(setting=where, languages=", ".join(LANGUAGES), value=repr(configured))
        )
    return language


def user_language(environ: Mapping[str, str] | None = None, configured: str = "") -> str:
    """A person's tool (hoctl): STORELEDGER_LANGUAGE, else their configuration, else the locale."""
    env = os.environ if environ is None else environ
    from_env = env.get(USER_LANGUAGE_ENV, "")
    if from_env:
        return choose_language(from_env, env, USER_LANGUAGE_ENV)
    return choose_language(configured, env)


def parse_accept_language(header: str) -> str | None:
    """The caller's most preferred language we have, from an Accept-Language value such as
    'zh-CN,zh;q=0.9,en;q=0.8'; None when it names none of ours."""
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate(header.split(",")):
        tag, _sep, params = item.strip().partition(";")
        weight = 1.0
        for param in params.split(";"):
            name, _eq, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        language = normalize_language(tag)
        if language is not None and weight > 0:
            ranked.append((-weight, position, language))
    return min(ranked)[2] if ranked else None
