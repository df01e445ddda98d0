"""Demand per store and SKU, learnt from the ledger: velocity, variability, censored days.

A day here is a 24-hour span counted back from the moment of the run: day 0 is
the last 24 hours, day 1 the 24 before them, and so on (no time zone, no
partial day). Demand on a day is what customers took: sales minus returns
(reasons `sale` and `return`); transfers, receipts, write-offs, counts and
every other reason move stock but are not demand.

A day is *censored* when the SKU was out of stock at the store: on hand ≤ 0
when the day closed or when it opened. Closing stock is walked back from
today's level through each day's net movements (all reasons), so no stock
history table is needed. A censored day says nothing about demand (a shelf
that is empty sells nothing) and is left out of the mean and the spread, not
counted as zero. A day on which stock ran out and was refilled inside the day
is not seen (documented in docs/replenishment.md).

Figures leave this module as integers: velocity and σ in thousandths of a
base unit per day (`_milli`). A store's demand is computed from a few sums
(DemandSums: per window the days that count and their demand, and the squares of the
daily demand): the database computes them over the movements without sending the days
(headoffice/store/replenish_demand_sql.py), and `sums_of` computes them from day rows.
The only float is the velocity's division (the same two integers give the same float
wherever they were summed); σ is computed exactly in integers (sigma_milli_of).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate, compress
from operator import sub
from typing import NamedTuple

DAY_MS = 86_400_000
DEMAND_REASONS = ("sale", "return")
WINDOWS = (7, 30, 90)
HISTORY_DAYS = max(WINDOWS)
MILLI = 1000


class DayMovements(NamedTuple):
    """One store's movements of one SKU on one day: its demand and its net stock change.
    (A named tuple: a chain's run makes millions, and a tuple is the cheapest to make.)"""

    day: int  # 0 = the last 24 hours
    demand_qty_base: int  # sold minus returned
    net_qty_base: int  # every movement's signed quantity


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


def day_of(occurred_at_ms: int, now_ms: int) -> int:
    """The day index of a moment: 0 for the last 24 hours before `now_ms`."""
    return max(now_ms - occurred_at_ms, 0) // DAY_MS


def censored_days(on_hand_now: int, days: Sequence[DayMovements], horizon: int) -> list[bool]:
    """For each day 0..horizon-1, whether it was out of stock at its open or its close."""
    return [not kept for kept in _stocked_days(on_hand_now, days, horizon)]


def _stocked_days(on_hand_now: int, days: Sequence[DayMovements], horizon: int) -> list[bool]:
    """For each day 0..horizon-1, whether it had stock both when it opened and when it closed
    (the days that count)."""
    net = [0] * horizon
    for row in days:
        if row.day < horizon:
            net[row.day] += row.net_qty_base
    # closes[d] is day d's closing stock, closes[d + 1] its opening (the day before's close)
    closes = list(accumulate(net, sub, initial=on_hand_now))
    return [close > 0 and opened > 0 for close, opened in zip(closes[:-1], closes[1:], strict=True)]


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
    computes them from the day rows (the reference, and the unit tests' way)."""

    days_7: int
    total_7: int
    days_30: int
    total_30: int
    days_90: int
    total_90: int
    squares: int  # Σ demand² over the chosen window's counted days


def quiet_sums(on_hand_now: int) -> DemandSums:
    """The sums of a store and SKU that moved on none of the 90 days: every day closed (and
    opened) at today's level, so all count when it is above zero, none otherwise."""
    stocked = on_hand_now > 0
    return DemandSums(7 * stocked, 0, 30 * stocked, 0, 90 * stocked, 0, 0)


def sums_of(on_hand_now: int, days: Iterable[DayMovements], window_days: int = 30) -> DemandSums:
    """The sums from the day rows (any order, days ≥ 90 ignored)."""
    rows = [row for row in days if row.day < HISTORY_DAYS]
    if not rows:
        return quiet_sums(on_hand_now)
    kept = _stocked_days(on_hand_now, rows, HISTORY_DAYS)
    demand = [0] * HISTORY_DAYS
    for row in rows:
        demand[row.day] += row.demand_qty_base
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
    on_hand_now: int,
    days: Iterable[DayMovements],
    window_days: int = 30,
) -> Demand:
    """The store's demand for the SKU from its day rows (any order, days ≥ 90 ignored)."""
    if window_days not in WINDOWS:
        raise ValueError(f"window_days must be one of {WINDOWS}")
    return demand_from_sums(store_code, sku, sums_of(on_hand_now, days, window_days), window_days)


def lead_time_days(samples_ms: Sequence[int], default_days: int, recent: int = 10) -> int:
    """A supplier's lead time in whole days: the median of its `recent` last orders' sent →
    first received spans (in the order given, oldest first), rounded up; the default without
    any."""
    spans = [ms for ms in samples_ms if ms >= 0][-recent:]
    if not spans:
        return default_days
    median_ms = statistics.median(spans)
    return max(math.ceil(median_ms / DAY_MS), 1)
