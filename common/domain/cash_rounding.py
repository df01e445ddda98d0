"""Cash rounding and what a sale's tenders must pay: the money rules of settlement.

Documented decision: only the part of a payment made in cash is rounded, to
[till] cash_rounding_minor with cash_rounding_mode half_up or down. Card and QR
pay to the minor unit, so a sale paid all by card is never rounded, and in a
split payment the card/QR amounts are taken off the total first and the rest
(the cash due) is rounded. The sale keeps its total (the sum of the lines) and
records the signed difference as rounding_minor; the customer pays total +
rounding. Refunds are paid exactly, unrounded.
"""

from __future__ import annotations

from dataclasses import dataclass

from common.errors import ConfigError
from common.i18n import _

ROUNDING_MODES = ("half_up", "down")


@dataclass(frozen=True)
class CashRounding:
    unit_minor: int = 1
    mode: str = "half_up"

    def __post_init__(self) -> None:
        if isinstance(self.unit_minor, bool) or int(self.unit_minor) < 1:
            raise ConfigError(
                _("[till] cash_rounding_minor must be 1 or more, got {value}").format(
                    value=self.unit_minor
                )
            )
        if self.mode not in ROUNDING_MODES:
            raise ConfigError(
                _("[till] cash_rounding_mode must be half_up or down, got {value}").format(
                    value=repr(self.mode)
                )
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


@dataclass(frozen=True)
class AmountDue:
    """What the tenders of a sale must pay together, and the cash part of it."""

    total_minor: int  # card/QR as offered plus the cash due, rounded
    cash_minor: int  # what cash must pay after rounding; 0 when no cash is offered
    rounding_minor: int  # signed: the cash due rounded minus the cash due


def amount_due(
    total_minor: int, non_cash_minor: int, pays_cash: bool, rounding: CashRounding
) -> AmountDue:
    """Card/QR come off the total first; the rest is due in cash, rounded (if cash is offered).

    Without cash the tenders must pay the total exactly. The whole cart paid in
    cash is amount_due(total, 0, True, rounding): the till's "cash total".
    """
    if not pays_cash:
        return AmountDue(total_minor, 0, 0)
    cash = max(0, total_minor - non_cash_minor)
    adjust = rounding.adjustment(cash)
    return AmountDue(non_cash_minor + cash + adjust, cash + adjust, adjust)
