"""Demand from day rows and stock-out spans without a database: velocity, σ, censored days
(calendar days in the shops' zone), lead times."""

from __future__ import annotations

import statistics

import pytest

from headoffice.domain.demand import (
    DAY_MS,
    DaySales,
    OutSpan,
    censored,
    demand_of,
    last_day,
    lead_time_days,
)

HOUR_MS = 3_600_000
NOW = 20_000 * DAY_MS + 10 * HOUR_MS  # 10:00 UTC on day 20000


def start_of(day: int, offset_minutes: int = 0) -> int:
    """The moment day `day` (0 = yesterday in the shops' zone) begins."""
    return (last_day(NOW, offset_minutes) - day) * DAY_MS - offset_minutes * 60_000


def test_day_0_is_yesterday_in_the_shops_zone() -> None:
    assert last_day(NOW, 0) == 19_999
    assert last_day(NOW, 14 * 60) == 20_000 - 1 + (10 + 14) // 24  # 00:00 on day 20001 there
    out = censored([OutSpan(start_of(0) + HOUR_MS, start_of(0) + 2 * HOUR_MS)], 5, NOW)
    assert [d for d, flag in enumerate(out) if flag] == [0]
    # today (not over) counts for nothing: a span today only touches no day of the history
    assert not any(censored([OutSpan(NOW - HOUR_MS, NOW - 1)], 5, NOW))


def test_a_sku_out_of_stock_5_of_30_days_is_not_under_forecast() -> None:
    # 4 a day sold on every day it was in stock; out from 15:00 on day 15 (sold out) until
    # 09:00 on day 11 (refilled): days 15..11 each had some hours out and are censored.
    spans = [OutSpan(start_of(15) + 15 * HOUR_MS, start_of(11) + 9 * HOUR_MS)]
    rows = [DaySales(d, 4) for d in range(30) if d not in (12, 13, 14)]
    rows += [DaySales(11, 2), DaySales(15, 2)]  # the part-days sold less
    out = censored(spans, 88, NOW)
    assert [d for d in range(30) if out[d]] == [11, 12, 13, 14, 15]
    demand = demand_of("S001", "COLA", 88, rows, spans, NOW, window_days=30)
    assert demand.velocity_30_milli == 4000
    assert demand.sigma_milli == 0
    assert (demand.observed_days, demand.censored_days) == (25, 5)
    # Counting the empty days as zero would have forecast less: the test can fail.
    naive = sum(r.demand_qty_base for r in rows) / 30
    assert naive * 1000 < demand.velocity_30_milli


def test_a_span_ending_at_midnight_leaves_the_day_after_alone() -> None:
    spans = [OutSpan(start_of(5) + HOUR_MS, start_of(3))]  # back at the first moment of day 3
    out = censored(spans, 10, NOW)
    assert [d for d in range(10) if out[d]] == [4, 5]
    spans = [OutSpan(start_of(5) + HOUR_MS, start_of(3) + 1)]
    assert [d for d, flag in enumerate(censored(spans, 10, NOW)) if flag] == [3, 4, 5]


def test_the_days_follow_the_shops_offset() -> None:
    # 20:00 UTC on day 2's UTC date is 04:00 the next day at UTC+8
    at = start_of(2, 0) + 20 * HOUR_MS
    assert [d for d, f in enumerate(censored([OutSpan(at, at + HOUR_MS)], 5, NOW, 0)) if f] == [2]
    assert [d for d, f in enumerate(censored([OutSpan(at, at + HOUR_MS)], 5, NOW, 480)) if f] == [1]


def test_out_now_without_an_open_span_is_out_since_ever() -> None:
    assert all(censored([], 0, NOW))
    assert all(censored([OutSpan(0, start_of(40))], -2, NOW))
    assert not any(censored([], None, NOW))  # no level: nothing known to be out
    opened = censored([OutSpan(start_of(3) + HOUR_MS, None)], 0, NOW)
    assert [d for d, flag in enumerate(opened) if flag] == [0, 1, 2, 3]


def test_velocity_per_window_and_returns_net_off() -> None:
    rows = [DaySales(d, 3) for d in range(90) if d != 2] + [DaySales(2, 2)]  # one returned
    demand = demand_of("S001", "TEA", 500, rows, [], NOW, window_days=7)
    assert demand.velocity_7_milli == round((7 * 3 - 1) / 7 * 1000)
    assert demand.velocity_30_milli == round((30 * 3 - 1) / 30 * 1000)
    assert demand.velocity_90_milli == round((90 * 3 - 1) / 90 * 1000)
    assert demand.velocity_milli == demand.velocity_7_milli
    assert demand.sigma_milli == round(statistics.stdev([3, 3, 2, 3, 3, 3, 3]) * 1000)


def test_a_sku_never_stocked_has_no_demand() -> None:
    demand = demand_of("S001", "TEA", 0, [], [], NOW, window_days=30)
    assert (demand.velocity_30_milli, demand.observed_days, demand.censored_days) == (0, 0, 30)


def test_only_the_three_windows() -> None:
    with pytest.raises(ValueError):
        demand_of("S001", "TEA", 0, [], [], NOW, window_days=14)


def test_lead_time_is_the_median_of_recent_orders_rounded_up() -> None:
    assert lead_time_days([], 7) == 7
    assert lead_time_days([2 * DAY_MS, 3 * DAY_MS + 1, 10 * DAY_MS], 7) == 4
    assert lead_time_days([DAY_MS // 2], 7) == 1
    # only the last `recent` orders count
    assert lead_time_days([30 * DAY_MS] * 5 + [2 * DAY_MS] * 3, 7, recent=3) == 2
