"""Line prices: a manager's price override or line discount, and cash rounding.

Cash rounding (documented decision): only the part of a payment made in cash
is rounded, to [till] cash_rounding_minor with cash_rounding_mode half_up or
down. Card and QR pay to the minor unit, so a sale paid all by card is never
rounded, and in a split payment the card/QR amounts are taken off the total
first and the rest (the cash due) is rounded. The sale keeps its total (the
sum of the lines) and records the signed difference as rounding_minor; the
customer pays total + rounding. Refunds are paid exactly, unrounded.
"""

from __future__ import annotations

from dataclasses import dataclass

from common.domain.money import format_minor
from common.errors import ConfigError, InvalidInput

ROUNDING_MODES = ("half_up", "down")


@dataclass(frozen=True)
class CashRounding:
    unit_minor: int = 1
    mode: str = "half_up"

    def __post_init__(self) -> None:
        if isinstance(self.unit_minor, bool) or int(self.unit_minor) < 1:
            raise ConfigError(
                f"[till] cash_rounding_minor must be 1 or more, got {self.unit_minor}"
            )
        if self.mode not in ROUNDING_MODES:
            raise ConfigError(
                f"[till] cash_rounding_mode must be half_up or down, got {self.mode!r}"
            )

    def round(self, amount_minor: int) -> int:
        """A non-negative cash amount rounded to the unit: half_up rounds halves up."""
        unit = int(self.unit_minor)
        whole, rest = divmod(amount_minor, unit)
        if self.mode == "half_up" and 2 * rest >= unit:
            whole += 1
        return whole * unit

    def adjustment(self, cash_due_minor: int) -> int:
        """The signed rounding to add to a cash due (0 when nothing is due in cash)."""
        if cash_due_minor <= 0:
            return 0
        return self.round(cash_due_minor) - cash_due_minor


def line_amount(
    sku: str, qty_base: int, unit_price_minor: int, discount_minor: int, currency: str
) -> int:
    """qty x unit price - discount; a discount is never negative nor more than the line."""
    gross = qty_base * unit_price_minor
    if isinstance(discount_minor, bool) or discount_minor < 0:
        raise InvalidInput(f"the discount on {sku} must be zero or more, got {discount_minor}")
    if discount_minor > gross:
        raise InvalidInput(
            f"the discount {format_minor(discount_minor, currency)} on {sku} is more than "
            f"the line's {format_minor(gross, currency)}"
        )
    return gross - discount_minor


def check_override(sku: str, price_minor: int) -> int:
    if isinstance(price_minor, bool) or price_minor < 0:
        raise InvalidInput(f"the override price of {sku} must be zero or more, got {price_minor}")
    return price_minor


def override_details(sku: str, unit_price_minor: int) -> str:
    return f"SKU {sku} price {unit_price_minor}"


def discount_details(sku: str, discount_minor: int) -> str:
    return f"SKU {sku} discount {discount_minor}"
