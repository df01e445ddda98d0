"""What a cashier types as money: major units with an optional decimal point ("12", "12.5")."""

from __future__ import annotations

import re

from common.domain.money import format_minor, minor_digits
from common.errors import InvalidInput
from common.i18n import N_, _

_AMOUNT = re.compile(r"^(\d{1,9})(?:[.,](\d*))?$")


def parse_amount(text: str, currency: str) -> int:
    """'12.50' CNY -> 1250 (integers only, no floats); a bad amount is refused with a sentence."""
    digits = minor_digits(currency)
    match = _AMOUNT.match(text.strip())
    if not match or len(match.group(2) or "") > digits:
        example = "12" if digits == 0 else "12.50"
        raise InvalidInput(
            _("an amount is typed like {example}; got {text}").format(
                example=example, text=repr(text.strip())
            )
        )
    whole, frac = match.group(1), (match.group(2) or "")
    return int(whole) * 10**digits + (int(frac.ljust(digits, "0")) if digits else 0)


def money(amount_minor: int, currency: str) -> str:
    """Figures only ('12.34'): table columns under a heading, and values offered for editing.
    Sentences and big amounts show the currency: common.i18n.display_amount ('¥12.34')."""
    return format_minor(amount_minor, currency)


def quantity(qty_base: int, unit: str) -> str:
    """How a line's quantity reads on screen: 3, or 0.250 kg for goods sold by the gram."""
    if unit == "g":
        kg, g = divmod(qty_base, 1000)
        return f"{kg}.{g:03d} kg"
    return str(qty_base)


UNIT_NAMES = {"piece": N_("pieces"), "g": N_("grams"), "ml": N_("millilitres")}


def unit_name(unit: str) -> str:
    """A base unit as a cashier says it ('grams'; '克' in Chinese)."""
    return _(UNIT_NAMES[unit]) if unit in UNIT_NAMES else unit
