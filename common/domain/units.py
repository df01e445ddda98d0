"""Base units and whole-number quantities (invariant 4: no floats)."""

from __future__ import annotations

import re

# One line at most (10**8 base units): the one range policy, re-exported from here.
from common.domain.limits import MAX_QTY_BASE
from common.errors import InvalidQuantity
from common.i18n import N_, _

# Each base unit, and how a sentence names it (translated where it is said: unit_words).
BASE_UNITS = {"piece": N_("pieces"), "g": N_("grams"), "ml": N_("millilitres")}

_INT = re.compile(r"^[+-]?[0-9]+$")  # ASCII digits only: no full-width or other scripts


def check_unit(unit: str) -> str:
    if unit not in BASE_UNITS:
        known = ", ".join(sorted(BASE_UNITS))
        raise InvalidQuantity(
            _("unit {unit} is not a base unit; use one of {known}").format(
                unit=repr(unit), known=known
            )
        )
    return unit


def parse_quantity(text: str, unit: str = "piece") -> int:
    """Parse a positive whole number of base units, naming the unit in the refusal."""
    text = text.strip()
    words = unit_words(unit)
    if not _INT.match(text):
        raise InvalidQuantity(
            _("quantity must be a positive whole number of {unit}, got {text}").format(
                unit=words, text=text
            )
        )
    value = int(text)
    if value > MAX_QTY_BASE:
        raise InvalidQuantity(
            _("quantity {text} {unit} is too large; at most {limit} in one line").format(
                text=text, unit=words, limit=MAX_QTY_BASE
            )
        )
    return require_positive(value, unit)


def unit_words(unit: str) -> str:
    """A base unit as a sentence names it, in the reader's language ('grams', '克')."""
    return _(BASE_UNITS[unit]) if unit in BASE_UNITS else unit


def require_positive(value: int, unit: str = "piece") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InvalidQuantity(
            _("quantity must be a positive whole number of {unit}, got {text}").format(
                unit=unit_words(unit), text=value
            )
        )
    return value
