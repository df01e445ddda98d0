"""Amounts as people read them on screens and receipts: ¥12.34, -¥3.50, USD 12.34.

Integers in minor units in, text out (no floats). The figures are those of
common.domain.money.format_minor, so a screen and a report agree to the fen;
only the currency mark is added: the symbol for the yuan, the ISO code for any
other currency (a symbol such as $ would be ambiguous across a chain's tills).
Output for scripts (JSON, CSV) never uses this: it keeps integers.
"""

from __future__ import annotations

SYMBOLS = {"CNY": "¥"}


def currency_mark(currency: str = "") -> str:
    """'¥' for CNY (and for '', the default currency), else the code ('USD')."""
    # common.domain says its sentences through common.i18n, so common.i18n imports it only
    # when an amount is shown (an import at the top would be a cycle).
    from common.domain.money import DEFAULT_CURRENCY

    code = currency or DEFAULT_CURRENCY
    return SYMBOLS.get(code, code)


def display_amount(amount_minor: int, currency: str = "", *, short: bool = False) -> str:
    """1234 CNY -> '¥12.34'; -350 -> '-¥3.50'; 1234 USD -> 'USD 12.34'; -1234 USD -> '-USD 12.34'.

    currency '' is the default currency (CNY). short: a whole amount without its zero
    fraction, for labels such as a quick-cash key (2000 CNY -> '¥20'; 2050 stays '¥20.50').
    """
    from common.domain.money import DEFAULT_CURRENCY, format_minor, minor_digits

    code = currency or DEFAULT_CURRENCY
    mark = currency_mark(code)
    sign = "-" if amount_minor < 0 else ""
    figures = format_minor(abs(amount_minor), code)
    if short and abs(amount_minor) % 10 ** minor_digits(code) == 0:
        figures = figures.split(".", 1)[0]
    joiner = "" if mark in SYMBOLS.values() else " "
    return f"{sign}{mark}{joiner}{figures}"
