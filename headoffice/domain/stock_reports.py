"""Stock against sales: turnover days, slow movers with a promotion suggestion, no-sale lists.

Days of cover = on hand x days in the window / quantity sold in the window, rounded
down; a SKU that sold nothing has no cover figure (None: it would last forever).
Turnover days = stock value at moving-average cost x days / cost of goods sold.

Promotion suggestion for a slow mover (the rule docs/reports.md states):
- no sale in the window, or cover of at least BUNDLE_FACTOR x the threshold: `bundle`
  (sell it with a top seller: a markdown alone rarely moves what nobody buys);
- otherwise `markdown` by 10 % for each whole threshold of cover beyond the first,
  at least 10 % and at most 50 %: 31-59 days of cover at a 30-day threshold is 10 %,
  60-89 is 20 %, 90-119 is 30 %.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

DEFAULT_COVER_DAYS = 30
BUNDLE_FACTOR = 4
MARKDOWN_STEP_BP = 1000
MARKDOWN_MAX_BP = 5000
MARKDOWN, BUNDLE = "markdown", "bundle"


def cover_days(on_hand_qty: int, sold_qty: int, window_days: int) -> int | None:
    if sold_qty <= 0:
        return None
    return max(on_hand_qty, 0) * window_days // sold_qty


def turnover_days(stock_value_minor: int, cogs_minor: int, window_days: int) -> int | None:
    if cogs_minor <= 0:
        return None
    return max(stock_value_minor, 0) * window_days // cogs_minor


@dataclass(frozen=True)
class Promotion:
    kind: str  # markdown or bundle
    markdown_bp: int  # 0 for a bundle


def suggestion(cover: int | None, threshold_days: int) -> Promotion:
    """The promotion the module docstring's rule suggests for a SKU with this cover."""
    if cover is None or cover >= BUNDLE_FACTOR * threshold_days:
        return Promotion(BUNDLE, 0)
    steps = max(1, cover // threshold_days)
    return Promotion(MARKDOWN, min(MARKDOWN_MAX_BP, steps * MARKDOWN_STEP_BP))


@dataclass(frozen=True)
class StockRow:
    """A store's stock of a SKU with its sales over the window."""

    store_code: str
    sku: str
    on_hand_qty: int
    avg_cost_minor: int
    sold_qty: int
    last_sale_day: int | None  # the last day it sold (days since 1970), None: never seen

    @property
    def value_minor(self) -> int:
        return max(self.on_hand_qty, 0) * self.avg_cost_minor


def slow_movers(
    rows: list[StockRow], window_days: int, threshold_days: int = DEFAULT_COVER_DAYS
) -> list[tuple[StockRow, int | None, Promotion]]:
    """SKUs in stock with more than `threshold_days` of cover (or no sale at all), the most
    value tied up first."""
    found = []
    for r in rows:
        if r.on_hand_qty <= 0:
            continue
        cover = cover_days(r.on_hand_qty, r.sold_qty, window_days)
        if cover is None or cover > threshold_days:
            found.append((r, cover, suggestion(cover, threshold_days)))
    found.sort(key=lambda x: (-x[0].value_minor, x[0].store_code, x[0].sku))
    return found


def no_sale(rows: list[StockRow], since_day: int) -> list[StockRow]:
    """SKUs in stock that have not sold since `since_day` (never, or last before it)."""
    found = [
        r
        for r in rows
        if r.on_hand_qty > 0 and (r.last_sale_day is None or r.last_sale_day < since_day)
    ]
    found.sort(key=lambda r: (-r.value_minor, r.store_code, r.sku))
    return found


# -- near-expiry lots ----------------------------------------------------------------------
DEFAULT_WITHIN_DAYS = 30


def lots_of(lines: Any) -> list[tuple[int, str, int, int]]:
    """(line number, sku, qty, expiry day) of a delivery's lines that carry a best-before day
    the store checked as YYYY-MM-DD; a line without one (or one that does not read as a day)
    is no lot."""
    found = []
    for n, line in enumerate(lines, start=1):
        text = getattr(line, "expiry_date", "")
        if not text:
            continue
        try:
            day = (dt.date.fromisoformat(text) - dt.date(1970, 1, 1)).days
        except ValueError:
            continue
        found.append((n, line.sku, line.qty_base, day))
    return found


def receipt_lines(lines: Any) -> list[tuple[int, str, int, int]]:
    """(line number, sku, qty, unit cost) of every line of a delivery against an order: what
    po_receipts keeps (the delivery effect, and the rebuild of report_rollups_rebuild)."""
    return [(n, x.sku, x.qty_base, x.unit_cost_minor) for n, x in enumerate(lines, 1)]


@dataclass(frozen=True)
class Lot:
    store_code: str
    seq: int  # the delivery's journal entry: later lots have higher numbers
    sku: str
    qty_base: int
    expiry_day: int


def near_expiry(
    lots: list[Lot], on_hand: dict[tuple[str, str], tuple[int, int]], today: int, within: int
) -> list[tuple[Lot, int, int]]:
    """Lots whose best-before day is within `within` days of `today` (or past), with what is
    left of each and its value at average cost: (lot, left, value). What is left assumes first
    in, first out: the stock on hand is the newest lots', so an older lot keeps what the newer
    ones do not account for. `on_hand` is (qty, average cost) per (store, sku)."""
    by_sku: dict[tuple[str, str], list[Lot]] = {}
    for lot in lots:
        by_sku.setdefault((lot.store_code, lot.sku), []).append(lot)
    found = []
    for key, group in by_sku.items():
        qty, cost = on_hand.get(key, (0, 0))
        left_over = max(qty, 0)
        for lot in sorted(group, key=lambda x: -x.seq):
            left = min(lot.qty_base, left_over)
            left_over -= left
            if left > 0 and lot.expiry_day <= today + within:
                found.append((lot, left, left * cost))
    found.sort(key=lambda x: (x[0].expiry_day, x[0].store_code, x[0].sku, x[0].seq))
    return found
