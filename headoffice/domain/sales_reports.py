"""The sales reports' maths: shares, margins, trends and top sellers, in integers.

Shares are basis points rounded down (docs/output.md, kind `share`); None when
there is nothing to divide by, so "unknown" never reads as 0 %. Money is minor
units, quantities base units, all net of returns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

TREND_WINDOWS = (7, 30)


def share_bp(part: int, whole: int) -> int | None:
    """part / whole in basis points, rounded down; None when whole is not above zero."""
    if whole <= 0:
        return None
    return part * 10_000 // whole


def change_bp(now: int, before: int) -> int | None:
    """How much `now` is up (or down) on `before`, in basis points rounded down; None when
    there was nothing before."""
    if before <= 0:
        return None
    return (now - before) * 10_000 // before


@dataclass(frozen=True)
class SalesFigures:
    """One row of a sales report: a store, category, SKU, day, hour or cashier."""

    key: str
    qty_base: int
    amount_minor: int
    cost_minor: int
    sales_count: int = 0  # sales (tickets); per-SKU rows count the lines instead

    @property
    def margin_minor(self) -> int:
        return self.amount_minor - self.cost_minor

    @property
    def margin_bp(self) -> int | None:
        return share_bp(self.margin_minor, self.amount_minor)

    def document(self, key_name: str) -> dict[str, object]:
        return {
            key_name: self.key,
            "qty_base": self.qty_base,
            "sales_count": self.sales_count,
            "amount_minor": self.amount_minor,
            "cost_minor": self.cost_minor,
            "margin_minor": self.margin_minor,
            "margin_bp": self.margin_bp,
        }


def total(rows: Iterable[SalesFigures], key: str = "") -> SalesFigures:
    qty = amount = cost = count = 0
    for r in rows:
        qty += r.qty_base
        amount += r.amount_minor
        cost += r.cost_minor
        count += r.sales_count
    return SalesFigures(key, qty, amount, cost, count)


def top_sellers(rows: Sequence[SalesFigures], top: int) -> list[SalesFigures]:
    """The `top` rows by revenue, then quantity; ties by key, so the list is stable."""
    return sorted(rows, key=lambda r: (-r.amount_minor, -r.qty_base, r.key))[:top]


@dataclass(frozen=True)
class Trend:
    """Revenue over the last `days` days of the period against the `days` days before."""

    days: int
    amount_minor: int
    before_minor: int

    @property
    def change_bp(self) -> int | None:
        return change_bp(self.amount_minor, self.before_minor)

    def document(self) -> dict[str, object]:
        return {
            "days": self.days,
            "amount_minor": self.amount_minor,
            "before_minor": self.before_minor,
            "change_bp": self.change_bp,
        }


def trends(by_day: Mapping[int, int], end_day: int) -> list[Trend]:
    """7- and 30-day trends ending with the day before `end_day`, from revenue per day."""
    out = []
    for days in TREND_WINDOWS:
        now = sum(by_day.get(d, 0) for d in range(end_day - days, end_day))
        before = sum(by_day.get(d, 0) for d in range(end_day - 2 * days, end_day - days))
        out.append(Trend(days, now, before))
    return out
