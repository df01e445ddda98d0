"""Demand per store and SKU, learnt from the ledger: velocity, variability, censored days.

A day here is a calendar day in the shops' time zone (the offset the sales roll-up
sales_sku_daily counts its days in, report_rollup_settings); the history is the 90 whole
days before today (day 0 is yesterday; today, not over yet, is left out). Demand on a
day is what customers took: the quantity sold less the quantity returned, as apply adds
it to sales_sku_daily (sales and returns; transfers, receipts, write-offs, counts and
every other reason move stock but are not demand).

A day is *censored* when the SKU was out of stock at the store (its level at or below
zero) during any part of it. apply records when a level crosses zero
(domain/stockouts.py, table stockout_spans): a span from the moment it ran out to the
moment it was back; a pair at or below zero now without an open span has been out since
before anything was recorded. A censored day says nothing about demand (a shelf that is
empty sells nothing) and is left out of the mean and the spread, not counted as zero; a
day that sold out at closing is censored even though it sold until then, which errs on
the side of not under-forecasting.

Figures leave this module as integers: velocity and σ in thousandths of a base unit per
day (`_milli`). A store's demand is computed from a few sums (DemandSums: per window the
days that count and their demand, and the squares of the daily demand): the database
computes them from sales_sku_daily and stockout_spans without sending the days
(headoffice/store/replenish_demand_sql.py), and `sums_of` computes them from day rows and
the censored days (`censored`). The only float is the velocity's division (the same two
integers give the same float wherever they were summed); σ is computed exactly in
integers (sigma_milli_of).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import compress
from typing import NamedTuple

DAY_MS = 86_400_000
WINDOWS = (7, 30, 90)
HISTORY_DAYS = max(WINDOWS)
MILLI = 1000


class DaySales(NamedTuple):
    """One store's sales of one SKU on one day, net of returns (a named tuple: a chain's run
    could make millions, and a tuple is the cheapest to make)."""

    day: int  # 0 = yesterday, 1 = the day before, ...
    demand_qty_base: int  # sold minus returned


class OutSpan(NamedTuple):
    """A span in which the store was out of the SKU (a stockout_spans row)."""

    out_at_ms: int  # 0: since before anything was recorded
    back_at_ms: int | None  # None: still out


@dataclass(frozen=True, slots=True)
class Demand:
    """What a store sells of a SKU a day, over 7, 30 and 90 days, without censored days."""

    store_code: str
    sku: str
    velocity_7_milli: int
    velocity_30_milli: int
    velocity_90_milli: int
    sigma_milli: int  # σ of daily demand over the chosen window
    window_days: int  # the window the reorder formula uses (7, 30 or 90)
    observed_days: int  # days of the window that count (not censored)
    censored_days: int  # days of the window left out as out of stock

    @property
    def velocity_milli(self) -> int:
        """The velocity over the chosen window."""
        return {
            7: self.velocity_7_milli,
            30: self.velocity_30_milli,
            90: self.velocity_90_milli,
        }[self.window_days]


def calendar_day(at_ms: int, utc_offset_minutes: int) -> int:
    """The shops' calendar day of a moment, numbered since 1970-01-01 (sales_sku_daily's)."""
    return (at_ms + utc_offset_minutes * 60_000) // DAY_MS


def last_day(now_ms: int, utc_offset_minutes: int) -> int:
    """The newest day a run counts (day 0): yesterday in the shops' zone."""
    return calendar_day(now_ms, utc_offset_minutes) - 1


def span_days(span: OutSpan, last: int, utc_offset_minutes: int) -> tuple[int, int]:
    """The first and last calendar day a span touches (a span ending at a midnight does not
    touch the day that begins there; one still open runs to `last`)."""
    first = calendar_day(span.out_at_ms, utc_offset_minutes)
    if span.back_at_ms is None:
        return first, last
    return first, calendar_day(max(span.back_at_ms - 1, span.out_at_ms), utc_offset_minutes)


def censored(
    spans: Iterable[OutSpan],
    on_hand_now: int | None,
    now_ms: int,
    utc_offset_minutes: int = 0,
    horizon: int = HISTORY_DAYS,
) -> list[bool]:
    """For each day 0..horizon-1 (0 = yesterday), whether the SKU was out of stock during
    any part of it: a day some span touches; with a level at or below zero now and no open
    span, every day (out since before anything was recorded). `on_hand_now` None: the pair
    has no level (apply gives every pair it moves one)."""
    last = last_day(now_ms, utc_offset_minutes)
    spans = list(spans)
    out_now = on_hand_now is not None and on_hand_now <= 0
    if out_now and all(s.back_at_ms is not None for s in spans):
        spans.append(OutSpan(0, None))
    out = [False] * horizon
    for span in spans:
        first, end = span_days(span, last, utc_offset_minutes)
        for day_no in range(max(first, last - horizon + 1), min(end, last) + 1):
            out[last - day_no] = True
    return out


def sigma_milli_of(count: int, total: int, squares: int) -> int:
    """The sample standard deviation (n − 1) of `count` daily figures whose sum is `total` and
    sum of squares `squares`, in thousandths rounded half up, computed exactly in integers:
    the variance is (n·Σv² − (Σv)²) / (n(n − 1)), and k = round(1000·√variance) is the
    largest k with (2k − 1)² ≤ 4·10⁶·variance. Exact, so the figures from the database's
    sums (headoffice/store/replenish_demand_sql.py) and from the day rows are the same."""
    if count < 2:
        return 0
    spread = max(count * squares - total * total, 0)  # ≥ 0 anyway (Cauchy-Schwarz)
    root = math.isqrt(4 * MILLI * MILLI * spread // (count * (count - 1)))
    return (root + 1) // 2


def _milli(value: float) -> int:
    """A non-negative float in thousandths, rounded half up."""
    return int(math.floor(value * MILLI + 0.5))


class DemandSums(NamedTuple):
    """What a store's demand for a SKU is computed from: per window (7, 30, 90 days) the days
    that count (not censored) and their demand's sum, and the sum of the squares of the
    daily demand over the window the reorder formula uses. The database computes these
    (headoffice/store/replenish_demand_sql.py) without sending the day rows; `sums_of`
    computes them from the day rows and the censored days (the reference)."""

    days_7: int
    total_7: int
    days_30: int
    total_30: int
    days_90: int
    total_90: int
    squares: int  # Σ demand² over the chosen window's counted days


def quiet_sums(on_hand_now: int) -> DemandSums:
    """The sums of a store and SKU with no sale and no stock-out span in the 90 days: in
    stock all along when its level is above zero now (all days count), else out since
    before anything was recorded (none count)."""
    stocked = on_hand_now > 0
    return DemandSums(7 * stocked, 0, 30 * stocked, 0, 90 * stocked, 0, 0)


def sums_of(days: Iterable[DaySales], out: Sequence[bool], window_days: int = 30) -> DemandSums:
    """The sums from the day rows (any order, days outside 0..89 ignored) and the days that
    were out of stock (`censored`'s list)."""
    demand = [0] * HISTORY_DAYS
    for row in days:
        if 0 <= row.day < HISTORY_DAYS:
            demand[row.day] += row.demand_qty_base
    kept = [not flag for flag in out]
    figures: dict[int, tuple[int, int]] = {}
    squares = 0
    for window in WINDOWS:
        # the window's days that are not censored (compress keeps the day order)
        counted = list(compress(demand[:window], kept[:window]))
        figures[window] = (len(counted), sum(counted))
        if window == window_days:
            squares = sum(v * v for v in counted)
    return DemandSums(*figures[7], *figures[30], *figures[90], squares)


def demand_from_sums(store_code: str, sku: str, sums: DemandSums, window_days: int = 30) -> Demand:
    """The store's demand for the SKU from its sums: velocity = sum / days (0 without a day
    that counts, never below 0), σ exact from the sums (sigma_milli_of)."""
    if window_days not in WINDOWS:
        raise ValueError(f"window_days must be one of {WINDOWS}")
    velocities = [
        max(_milli(total / days), 0) if days else 0
        for days, total in ((sums.days_7, sums.total_7), (sums.days_30, sums.total_30),
                            (sums.days_90, sums.total_90))
    ]  # fmt: skip
    observed, total = {
        7: (sums.days_7, sums.total_7),
        30: (sums.days_30, sums.total_30),
        90: (sums.days_90, sums.total_90),
    }[window_days]
    return Demand(
        store_code=store_code,
        sku=sku,
        velocity_7_milli=velocities[0],
        velocity_30_milli=velocities[1],
        velocity_90_milli=velocities[2],
        sigma_milli=sigma_milli_of(observed, total, sums.squares),
        window_days=window_days,
        observed_days=observed,
        censored_days=window_days - observed,
    )


def demand_of(
    store_code: str,
    sku: str,
    on_hand_now: int | None,
    days: Iterable[DaySales],
    spans: Iterable[OutSpan],
    now_ms: int,
    utc_offset_minutes: int = 0,
    window_days: int = 30,
) -> Demand:
    """The store's demand for the SKU from its day rows and its stock-out spans."""
    if window_days not in WINDOWS:
        raise ValueError(f"window_days must be one of {WINDOWS}")
    out = censored(spans, on_hand_now, now_ms, utc_offset_minutes)
    return demand_from_sums(store_code, sku, sums_of(days, out, window_days), window_days)


def lead_time_days(samples_ms: Sequence[int], default_days: int, recent: int = 10) -> int:
    """A supplier's lead time in whole days: the median of its `recent` last orders' sent →
    first received spans (in the order given, oldest first), rounded up; the default without
    any."""
    spans = [ms for ms in samples_ms if ms >= 0][-recent:]
    if not spans:
        return default_days
    median_ms = statistics.median(spans)
    return max(math.ceil(median_ms / DAY_MS), 1)
