"""Base units and whole-number quantities (invariant 4: no floats)."""

from __future__ import annotations

import re

# One line at most (10**8 base units): the one range policy, re-exported from here.
from common.domain.limits import MAX_QTY_BASE
from common.errors import InvalidQuantity

BASE_UNITS = {"piece": "pieces", "g": "grams", "ml": "millilitres"}

_INT = re.compile(r"^[+-]?[0-9]+$")  # ASCII digits only: no full-width or other scripts


def check_unit(unit: str) -> str:
    if unit not in BASE_UNITS:
        known = ", ".join(sorted(BASE_UNITS))
        raise InvalidQuantity(f"unit {unit!r} is not a base unit; use one of {known}")
    return unit


def parse_quantity(text: str, unit: str = "piece") -> int:
    """Parse a positive whole number of base units, naming the unit in the refusal."""
    text = text.strip()
    words = BASE_UNITS.get(unit, unit)
    if not _INT.match(text):
        raise InvalidQuantity(f"quantity must be a positive whole number of {words}, got {text}")
    value = int(text)
    if value > MAX_QTY_BASE:
        raise InvalidQuantity(
            f"quantity {text} {words} is too large; at most {MAX_QTY_BASE} in one line"
        )
    return require_positive(value, unit)


def require_positive(value: int, unit: str = "piece") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        words = BASE_UNITS.get(unit, unit)
        raise InvalidQuantity(f"quantity must be a positive whole number of {words}, got {value}")
    return value
