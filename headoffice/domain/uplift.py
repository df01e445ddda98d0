"""Promotion uplift (hoctl report uplift): sales of a promotion's SKUs during its window
against the as many days just before it, per SKU and in total.

The window is whole days in the shops' time zone (the days the SKU roll-ups count,
services/report_days.py): from the day the offer starts (its creation day when it has
no start) to the day its end falls in, the end day counted only when the offer runs
into it (an end at 00:00 is exclusive: that day is not the offer's). An offer with no
end, or ended early by `hoctl promo end`, runs to the day it was ended, else to today;
days still to come are not counted. The window before it has the same number of days
and ends the day the offer starts.

The ratio is in basis points, rounded down: during x 10000 / before (12500: sales were
1.25 times what they were); null when nothing sold before (nothing to divide by).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from common.errors import InvalidInput
from common.i18n import _
from headoffice.domain.promotions import Promotion
from headoffice.domain.report_period import DAY_MS, Period

EPOCH = dt.date(1970, 1, 1)


def _day_of_local(at: dt.datetime) -> int:
    """The day a wall-clock time in the shops' zone falls in (days since 1970-01-01)."""
    return (at.date() - EPOCH).days


def _day_of_ms(at_ms: int, utc_offset_minutes: int) -> int:
    return (at_ms + utc_offset_minutes * 60_000) // DAY_MS


def offer_window(promotion: Promotion, today: int, utc_offset_minutes: int) -> Period:
    """The days the promotion ran, up to today (see the module docstring); refused before
    its first day."""
    offer = promotion.offer
    if offer.starts is not None:
        first = _day_of_local(offer.starts)
    else:
        first = _day_of_ms(promotion.created_at_ms, utc_offset_minutes)
    end = today + 1
    if offer.ends is not None:
        ends = offer.ends
        end_day = _day_of_local(ends) + (0 if ends.time() == dt.time(0, 0) else 1)
        end = min(end, end_day)
    if promotion.ended_at_ms is not None:
        end = min(end, _day_of_ms(promotion.ended_at_ms, utc_offset_minutes) + 1)
    if end <= first:
        raise InvalidInput(
            _("promotion {promo} has not run a whole day yet (it starts {day})").format(
                promo=offer.offer_id, day=(EPOCH + dt.timedelta(days=first)).isoformat()
            )
        )
    return Period(first, end, utc_offset_minutes)


def before_window(window: Period) -> Period:
    """The as many days just before `window`."""
    return Period(window.first_day - window.days, window.first_day, window.utc_offset_minutes)


def ratio_bp(during: int, before: int) -> int | None:
    """during / before in basis points, rounded down; None when before is not above 0."""
    if before <= 0:
        return None
    return during * 10_000 // before


@dataclass(frozen=True)
class SkuUplift:
    sku: str
    before_qty_base: int
    before_minor: int
    during_qty_base: int
    during_minor: int

    def document(self) -> dict[str, Any]:
        return {
            "sku": self.sku,
            "before_qty_base": self.before_qty_base,
            "during_qty_base": self.during_qty_base,
            "qty_uplift_bp": ratio_bp(self.during_qty_base, self.before_qty_base),
            "before_minor": self.before_minor,
            "during_minor": self.during_minor,
            "uplift_bp": ratio_bp(self.during_minor, self.before_minor),
        }


def uplift_rows(
    skus: Iterable[str],
    before: dict[str, tuple[int, int]],
    during: dict[str, tuple[int, int]],
) -> list[SkuUplift]:
    """One row a SKU (qty, amount) before and during; the promoted SKUs that sold nothing
    in either window stay in with zeros, so the report lists every SKU the offer names.
    The largest sales during first."""
    rows = []
    for sku in sorted(set(skus) | set(before) | set(during)):
        bq, ba = before.get(sku, (0, 0))
        dq, da = during.get(sku, (0, 0))
        rows.append(SkuUplift(sku, bq, ba, dq, da))
    rows.sort(key=lambda r: (-r.during_minor, r.sku))
    return rows


def total_row(rows: list[SkuUplift]) -> SkuUplift:
    return SkuUplift(
        "",
        sum(r.before_qty_base for r in rows),
        sum(r.before_minor for r in rows),
        sum(r.during_qty_base for r in rows),
        sum(r.during_minor for r in rows),
    )
