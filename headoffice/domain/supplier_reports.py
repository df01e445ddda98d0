"""Supplier performance from purchase orders and what arrived against them, in integers.

For each order sent in the period: its lead time is the days from sending to its
first delivery (rounded down); it was on time when that delivery came within the
promised lead time of sending: the lead time the chain configures for its suppliers
([replenishment] default_lead_time_days, the figure replenishment plans with until a
supplier's orders teach it better; an order carries no promised date of its own;
DEFAULT_ON_TIME_DAYS when no configuration is given); its fill is what arrived of what was ordered, line by
line, at most the ordered quantity a line. An order nothing has arrived against
yet has no lead time and counts as late only once its on-time days have passed.
Price history is each SKU's delivered unit cost by day, with the change from the
first to the last in basis points.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from headoffice.domain.report_period import DAY_MS, day_text
from headoffice.domain.sales_reports import change_bp, share_bp

DEFAULT_ON_TIME_DAYS = 7


@dataclass(frozen=True)
class SentOrder:
    po_no: int
    supplier_code: str
    sent_at_ms: int
    ordered: dict[str, int]  # sku -> ordered qty


@dataclass(frozen=True)
class Receipt:
    po_no: int
    at_ms: int
    sku: str
    qty_base: int
    unit_cost_minor: int


@dataclass(frozen=True)
class SupplierFigures:
    supplier_code: str
    orders: int
    delivered_orders: int
    ordered_qty: int
    filled_qty: int
    lead_days_total: int
    on_time: int
    judged: int  # orders delivered, or past their on-time days

    def document(self) -> dict[str, object]:
        return {
            "supplier": self.supplier_code,
            "orders_count": self.orders,
            "delivered_count": self.delivered_orders,
            "ordered_qty_base": self.ordered_qty,
            "filled_qty_base": self.filled_qty,
            "fill_rate_bp": share_bp(self.filled_qty, self.ordered_qty),
            "lead_time_days": (
                self.lead_days_total // self.delivered_orders if self.delivered_orders else None
            ),
            "on_time_bp": share_bp(self.on_time, self.judged),
        }


def supplier_figures(
    orders: Iterable[SentOrder],
    receipts: Iterable[Receipt],
    now_ms: int,
    on_time_days: int = DEFAULT_ON_TIME_DAYS,
) -> list[SupplierFigures]:
    by_po: dict[int, list[Receipt]] = {}
    for r in receipts:
        by_po.setdefault(r.po_no, []).append(r)
    sums: dict[str, list[int]] = {}
    for order in orders:
        got = by_po.get(order.po_no, [])
        arrived: dict[str, int] = {}
        for r in got:
            arrived[r.sku] = arrived.get(r.sku, 0) + r.qty_base
        ordered = sum(order.ordered.values())
        filled = sum(min(arrived.get(sku, 0), qty) for sku, qty in order.ordered.items())
        row = sums.setdefault(order.supplier_code, [0] * 7)
        row[0] += 1
        row[2] += ordered
        row[3] += filled
        if got:
            lead_days = (min(r.at_ms for r in got) - order.sent_at_ms) // DAY_MS
            row[1] += 1
            row[4] += max(lead_days, 0)
            row[5] += lead_days <= on_time_days
            row[6] += 1
        elif now_ms - order.sent_at_ms > on_time_days * DAY_MS:
            row[6] += 1  # overdue: late
    return [SupplierFigures(code, *row) for code, row in sorted(sums.items())]


def price_history(receipts: Iterable[Receipt], supplier_of: dict[int, str]) -> list[dict[str, Any]]:
    """Per supplier and SKU: the delivered unit cost by day (the last of a day) and the change
    from the first to the last."""
    points: dict[tuple[str, str], dict[int, int]] = {}
    for r in sorted(receipts, key=lambda x: x.at_ms):
        supplier = supplier_of.get(r.po_no)
        if supplier is None:
            continue
        points.setdefault((supplier, r.sku), {})[r.at_ms // DAY_MS] = r.unit_cost_minor
    out = []
    for (supplier, sku), by_day in sorted(points.items()):
        days = sorted(by_day)
        out.append(
            {
                "supplier": supplier,
                "sku": sku,
                "prices": [{"day": day_text(d), "unit_cost_minor": by_day[d]} for d in days],
                "change_bp": change_bp(by_day[days[-1]], by_day[days[0]]),
            }
        )
    return out
