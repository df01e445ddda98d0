"""gettext over the committed catalogues, in the current language of this call or process.

The current language is a contextvar so that one server process answers each
call in its caller's language (common.rpc.language sets it per call) while
everything else in the process uses the default set at start-up.
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

DOMAIN = "storeledger"
# The catalogues we keep (locale/<language>/LC_MESSAGES/storeledger.po); English is the
# language of the code, so a message missing from a catalogue still reads in English.
LANGUAGES = ("en", "zh_CN")
DEFAULT_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

# None: this context has not chosen; the process default applies.
_language: ContextVar[str | None] = ContextVar("storeledger_language", default=None)
_default = DEFAULT_LANGUAGE


def _checked(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"language {language!r} has no catalogue; one of {', '.join(LANGUAGES)}")
    return language


def set_default_language(language: str) -> None:
    """The process's language (a command calls this once from its configuration)."""
    global _default
    _default = _checked(language)


def default_language() -> str:
    return _default


def current_language() -> str:
    return _language.get() or _default


@contextmanager
def use_language(language: str) -> Iterator[str]:
    """Speak `language` in this context (and the tasks it starts) until the block ends."""
    token = _language.set(_checked(language))
    try:
        yield language
    finally:
        _language.reset(token)


def speak_for_this_task(language: str) -> None:
    """Set the language for the rest of the current task (a server call running in its own
    task, whose context ends with the call); use_language() everywhere else."""
    _language.set(_checked(language))


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalogue of `language` (English falls back to the message itself)."""
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def _(message: str) -> str:
    """The sentence or label in the current language."""
    return translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for n (English: one / other; Chinese has one form)."""
    return translations(current_language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """A short word whose translation depends on where it is shown ("Return" key vs noun)."""
    return translations(current_language()).pgettext(context, message)


def N_(message: str) -> str:
    """Mark a message for extraction without translating it yet (translate it with _())."""
    return message


class Phrase:
    """A message marked N_() and its fields, put into words only when it is shown, in the
    language current then: Phrase(N_("the scale of till {till}"), till="T1").

    For words made before anyone reads them (a device's name made at start-up) and for
    words said twice (in the caller's language to the till, in English to the log:
    in_english). str(), format() and an f-string say it; a field may be a Phrase too.
    """

    __slots__ = ("fields", "message")

    def __init__(self, message: str, /, **fields: object) -> None:
        self.message = message
        self.fields = fields

    def __str__(self) -> str:
        return _(self.message).format(**self.fields)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __repr__(self) -> str:
        return f"Phrase({self.message!r}, **{self.fields!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Phrase):
            return NotImplemented
        return (self.message, self.fields) == (other.message, other.fields)

    def __hash__(self) -> int:
        return hash(self.message)


def in_english(words: object) -> str:
    """Words (a Phrase or text) as a log line keeps them: logs are for operators, in English."""
    with use_language(DEFAULT_LANGUAGE):
        return str(words)
