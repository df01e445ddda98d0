"""Money in integer minor units with a currency code (invariant 4: no floats)."""

from __future__ import annotations

import re

# Any one amount (10**11 minor units): the one range policy, re-exported from here.
from common.domain.limits import MAX_AMOUNT_MINOR
from common.errors import InvalidInput
from common.i18n import _

DEFAULT_CURRENCY = "CNY"
_MINOR_DIGITS = {"CNY": 2, "USD": 2, "EUR": 2, "JPY": 0, "KRW": 0}
_INT = re.compile(r"^[0-9]+$")  # ASCII digits only


def minor_digits(currency: str) -> int:
    return _MINOR_DIGITS.get(currency, 2)


def format_minor(amount_minor: int, currency: str = DEFAULT_CURRENCY) -> str:
    """12345 CNY -> '123.45'; negative amounts keep their sign."""
    digits = minor_digits(currency)
    sign = "-" if amount_minor < 0 else ""
    value = abs(amount_minor)
    if digits == 0:
        return f"{sign}{value}"
    whole, frac = divmod(value, 10**digits)
    return f"{sign}{whole}.{frac:0{digits}d}"


def parse_minor(text: str, what: str = "") -> int:
    """Parse a non-negative amount already in minor units ('5000' = 50.00); `what` names the
    amount in a refusal, in the reader's language (default: "amount")."""
    text = text.strip()
    what = what or _("amount")
    if not _INT.match(text):
        raise InvalidInput(
            _(
                "{what} must be a whole number of minor units (fen/cents), e.g. 5000 for "
                "50.00; got {text}"
            ).format(what=what, text=repr(text))
        )
    value = int(text)
    if value > MAX_AMOUNT_MINOR:
        raise InvalidInput(
            _("{what} {text} is too large; at most {limit} minor units").format(
                what=what, text=text, limit=MAX_AMOUNT_MINOR
            )
        )
    return value


def div_round_half_up(numerator: int, denominator: int) -> int:
    """Integer division rounding halves away from zero (costing uses this, documented)."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    sign = -1 if numerator < 0 else 1
    q, r = divmod(abs(numerator), denominator)
    if 2 * r >= denominator:
        q += 1
    return sign * q
