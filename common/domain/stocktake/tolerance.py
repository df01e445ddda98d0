"""How far a count may differ from the book before a recount, and the value limits."""

from __future__ import annotations

from dataclasses import dataclass

from common.errors import InvalidInput
from common.i18n import _


@dataclass(frozen=True)
class Tolerance:
    """Basis points of the book quantity per ABC class, and the value limits (minor units)."""

    a_bp: int = 100
    b_bp: int = 300
    c_bp: int = 500
    value_minor: int = 10_000  # a SKU whose variance is worth more than 100.00: recount
    second_approval_minor: int = 100_000  # variance worth more than 1,000.00 in all: two approvers

    def __post_init__(self) -> None:
        for name in ("a_bp", "b_bp", "c_bp"):
            bp = getattr(self, name)
            if isinstance(bp, bool) or not isinstance(bp, int) or not 0 <= bp <= 10_000:
                raise InvalidInput(
                    _(
                        "the tolerance {name} must be a whole number of basis points from 0 to"
                        " 10000, got {value}"
                    ).format(name=name, value=repr(bp))  # fmt: skip
                )
        for name in ("value_minor", "second_approval_minor"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10**11:
                raise InvalidInput(
                    _(
                        "the tolerance {name} must be a whole number of minor units from 0 to"
                        " 100000000000, got {value}"
                    ).format(name=name, value=repr(value))  # fmt: skip
                )

    def bp_for(self, abc_class: str) -> int:
        return {"A": self.a_bp, "B": self.b_bp}.get(abc_class, self.c_bp)

    def within(self, abc_class: str, book: int, variance: int, value_minor: int) -> bool:
        """|variance| <= bp x |book| / 10000 (exactly, in integers) and |value| <= the value limit.

        A SKU whose book is zero is within tolerance only when none was found."""
        if abs(value_minor) > self.value_minor:
            return False
        return abs(variance) * 10_000 <= self.bp_for(abc_class) * abs(book)
