"""Demand from day rows without a database: velocity, σ, censored days, lead times."""

from __future__ import annotations

import statistics

import pytest

from headoffice.domain.demand import (
    DAY_MS,
    DayMovements,
    censored_days,
    day_of,
    demand_of,
    lead_time_days,
)


def simulate(
    days: int, daily: int, start: int, receipts: dict[int, int]
) -> tuple[int, list[DayMovements]]:
    """A shelf that starts with `start` pieces `days` days ago and sells up to `daily` a day;
    `receipts` puts stock in at the open of a day. The level now and the day rows."""
    stock = start
    rows = []
    for day in range(days - 1, -1, -1):
        received = receipts.get(day, 0)
        stock += received
        sold = min(daily, stock)
        stock -= sold
        rows.append(DayMovements(day, sold, received - sold))
    return stock, rows


def test_days_count_back_from_the_run() -> None:
    now = 100 * DAY_MS
    assert day_of(now - 1, now) == 0
    assert day_of(now - DAY_MS, now) == 1
    assert day_of(now + 5, now) == 0  # a clock a little ahead is today


def test_a_sku_out_of_stock_5_of_30_days_is_not_under_forecast() -> None:
    # 60 pieces sell 4 a day for 15 days (the 15th closes at 0), the shelf stays empty
    # for 3 days, a delivery of 100 arrives at the open of day 11: days 15..11 are censored.
    level, rows = simulate(30, 4, 60, {11: 100})
    censored = censored_days(level, rows, 30)
    assert [d for d in range(30) if censored[d]] == [11, 12, 13, 14, 15]
    demand = demand_of("S001", "COLA", level, rows, window_days=30)
    assert demand.velocity_30_milli == 4000
    assert demand.sigma_milli == 0
    assert (demand.observed_days, demand.censored_days) == (25, 5)
    # Counting the empty days as zero would have forecast less: the test can fail.
    naive = statistics.fmean(r.demand_qty_base for r in rows)
    assert naive * 1000 < demand.velocity_30_milli


def test_velocity_per_window_and_returns_net_off() -> None:
    rows = [DayMovements(d, 3, -3) for d in range(90)]
    rows += [DayMovements(2, -1, 1)]  # one piece returned on day 2
    demand = demand_of("S001", "TEA", 500, rows, window_days=7)
    assert demand.velocity_7_milli == round((7 * 3 - 1) / 7 * 1000)
    assert demand.velocity_30_milli == round((30 * 3 - 1) / 30 * 1000)
    assert demand.velocity_90_milli == round((90 * 3 - 1) / 90 * 1000)
    assert demand.velocity_milli == demand.velocity_7_milli
    assert demand.sigma_milli == round(statistics.stdev([3, 3, 2, 3, 3, 3, 3]) * 1000)


def test_a_sku_never_stocked_has_no_demand() -> None:
    demand = demand_of("S001", "TEA", 0, [], window_days=30)
    assert (demand.velocity_30_milli, demand.observed_days, demand.censored_days) == (0, 0, 30)


def test_only_the_three_windows() -> None:
    with pytest.raises(ValueError):
        demand_of("S001", "TEA", 0, [], window_days=14)


def test_lead_time_is_the_median_of_recent_orders_rounded_up() -> None:
    assert lead_time_days([], 7) == 7
    assert lead_time_days([2 * DAY_MS, 3 * DAY_MS + 1, 10 * DAY_MS], 7) == 4
    assert lead_time_days([DAY_MS // 2], 7) == 1
    # only the last `recent` orders count
    assert lead_time_days([30 * DAY_MS] * 5 + [2 * DAY_MS] * 3, 7, recent=3) == 2
