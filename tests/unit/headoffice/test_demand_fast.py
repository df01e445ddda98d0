"""demand_of computes with accumulate and compress (a chain's run calls it for every store
and SKU); on random histories its figures are exactly those of the plain loops it replaced,
kept here as the reference, float rounding included."""

from __future__ import annotations

import math
import random

import pytest

from headoffice.domain.demand import HISTORY_DAYS, WINDOWS, DayMovements, Demand, demand_of


def reference_demand_of(
    store_code: str, sku: str, on_hand_now: int, days: list[DayMovements], window_days: int
) -> Demand:
    rows = [row for row in days if row.day < HISTORY_DAYS]
    net = [0] * HISTORY_DAYS
    for row in rows:
        net[row.day] += row.net_qty_base
    censored = []
    close = on_hand_now
    for day in range(HISTORY_DAYS):
        opened = close - net[day]
        censored.append(close <= 0 or opened <= 0)
        close = opened
    demand = [0] * HISTORY_DAYS
    for row in rows:
        demand[row.day] += row.demand_qty_base
    velocities: dict[int, int] = {}
    sigma = observed = 0
    for window in WINDOWS:
        counted = [demand[d] for d in range(window) if not censored[d]]
        mean = sum(counted) / len(counted) if counted else 0.0
        velocities[window] = int(math.floor(mean * 1000 + 0.5)) if counted else 0
        if window == window_days:
            if len(counted) > 1:
                spread = math.sqrt(sum((v - mean) ** 2 for v in counted) / (len(counted) - 1))
                sigma = int(math.floor(spread * 1000 + 0.5))
            observed = len(counted)
    return Demand(store_code, sku, max(velocities[7], 0), max(velocities[30], 0),
                  max(velocities[90], 0), sigma, window_days, observed,
                  window_days - observed)  # fmt: skip


def history(rnd: random.Random) -> tuple[int, list[DayMovements]]:
    on_hand = rnd.choice((-5, 0, 0, 3, 20, 200))
    rows = []
    for day in rnd.sample(range(100), rnd.choice((0, 1, 5, 30, 90))):
        sold = rnd.choice((0, 1, 2, 7, 40))
        other = rnd.choice((0, 0, 0, 12, -3, 48))
        rows.append(DayMovements(day, sold, other - sold))
    return on_hand, rows


@pytest.mark.parametrize("window", WINDOWS)
def test_demand_equals_the_plain_loops_on_random_histories(window: int) -> None:
    rnd = random.Random(window)
    for _n in range(3000):
        on_hand, rows = history(rnd)
        assert demand_of("S", "K", on_hand, rows, window) == reference_demand_of(
            "S", "K", on_hand, rows, window
        ), (on_hand, rows)
