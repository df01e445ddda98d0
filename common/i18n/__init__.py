"""The shop's language: every sentence and label people read goes through gettext here.

One message domain (`storeledger`), catalogues for zh_CN and en kept with Babel
in `common/i18n/locale/` (docs/runtime.md, "Translations"). Code marks a
sentence where it is said and formats it after translation, with named
placeholders::

    from common.i18n import _, ngettext

    _("sale {sale_no} paid; change {change}").format(sale_no=12, change="¥4.50")
    ngettext("{count} entry waits to sync", "{count} entries wait to sync", n).format(count=n)

A label defined before any language is known (a key binding, a table of menu
items) is marked with `N_()` and translated with `_()` where it is shown. Words
made before anyone reads them, or said twice (to a person and, in English, to a
log), are a `Phrase(N_("the scale of till {till}"), till="T1")`: put into words
by str() in the language current then; `in_english()` for a log line.

The language of a sentence is the current one: the contextvar a server sets
for each call from the caller's `accept-language` (common.rpc.language), else
the process's default (set once by a command from its configuration or the
locale), else English. JSON and other output for scripts never translates.
"""

from common.i18n.amounts import display_amount
from common.i18n.languages import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    USER_LANGUAGE_ENV,
    choose_language,
    language_from_locale,
    normalize_language,
    parse_accept_language,
    user_language,
)
from common.i18n.translate import (
    DOMAIN,
    LOCALE_DIR,
    N_,
    Phrase,
    _,
    current_language,
    default_language,
    in_english,
    ngettext,
    pgettext,
    set_default_language,
    use_language,
)

__all__ = [
    "DEFAULT_LANGUAGE",
    "DOMAIN",
    "LANGUAGES",
    "LOCALE_DIR",
    "N_",
    "Phrase",
    "USER_LANGUAGE_ENV",
    "_",
    "choose_language",
    "current_language",
    "default_language",
    "display_amount",
    "in_english",
    "language_from_locale",
    "ngettext",
    "normalize_language",
    "parse_accept_language",
    "pgettext",
    "set_default_language",
    "use_language",
    "user_language",
]
