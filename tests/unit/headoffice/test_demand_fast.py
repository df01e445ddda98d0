"""demand_of computes with day numbers and compress (a chain's run calls it, or the SQL that
matches it, for every store and SKU); on random histories its figures are exactly those of
plain loops over moments, kept here as the reference, float rounding included: a day is
the shops' calendar day, censored when any part of it lies in a stock-out span."""

from __future__ import annotations

import math
import random

import pytest

from headoffice.domain.demand import (
    DAY_MS,
    HISTORY_DAYS,
    WINDOWS,
    DaySales,
    Demand,
    OutSpan,
    demand_of,
)

NOW = 1_790_000_000_000


def reference_censored(
    spans: list[OutSpan], on_hand_now: int | None, now_ms: int, offset_minutes: int
) -> list[bool]:
    """Per day 0..89 (0 = yesterday in the shops' zone), out of stock during any of it."""
    offset = offset_minutes * 60_000
    today_start = (now_ms + offset) // DAY_MS * DAY_MS - offset
    if (
        on_hand_now is not None
        and on_hand_now <= 0
        and all(s.back_at_ms is not None for s in spans)
    ):
        return [True] * HISTORY_DAYS
    out = []
    for day in range(HISTORY_DAYS):
        start = today_start - (day + 1) * DAY_MS
        end = start + DAY_MS
        out.append(any(
            s.out_at_ms < end
            and (s.back_at_ms is None or max(s.back_at_ms, s.out_at_ms + 1) > start)
            for s in spans
        ))  # fmt: skip
    return out


def reference_demand_of(
    store_code: str,
    sku: str,
    on_hand_now: int | None,
    days: list[DaySales],
    spans: list[OutSpan],
    now_ms: int,
    offset_minutes: int,
    window_days: int,
) -> Demand:
    censored = reference_censored(spans, on_hand_now, now_ms, offset_minutes)
    demand = [0] * HISTORY_DAYS
    for row in days:
        if 0 <= row.day < HISTORY_DAYS:
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


def random_spans(rnd: random.Random, now_ms: int, offset_minutes: int) -> list[OutSpan]:
    """Disjoint spans in time order, some from 0, some open, some on a midnight's edge."""
    offset = offset_minutes * 60_000
    midnight = (now_ms + offset) // DAY_MS * DAY_MS - offset
    moments = sorted(
        rnd.choice((
            now_ms - rnd.randint(0, 100 * DAY_MS),
            midnight - rnd.randint(0, 95) * DAY_MS + rnd.choice((-1, 0, 1)),
            now_ms + rnd.randint(1, DAY_MS),
        ))
        for _n in range(rnd.choice((0, 0, 1, 2, 3, 4, 6)))
    )  # fmt: skip
    if rnd.random() < 0.2:
        moments.insert(0, 0)  # out since before anything was recorded
    spans = []
    for i in range(0, len(moments), 2):
        back = moments[i + 1] if i + 1 < len(moments) else None
        spans.append(OutSpan(moments[i], back))
    return spans


def history(rnd: random.Random) -> tuple[int | None, list[DaySales]]:
    on_hand = rnd.choice((None, -5, 0, 0, 3, 20, 200))
    rows = [DaySales(day, rnd.choice((0, 1, 2, 7, 40, -1)))
            for day in rnd.sample(range(-1, 100), rnd.choice((0, 1, 5, 30, 90)))]  # fmt: skip
    return on_hand, rows


@pytest.mark.parametrize("window", WINDOWS)
def test_demand_equals_the_plain_loops_on_random_histories(window: int) -> None:
    rnd = random.Random(window)
    for _n in range(3000):
        offset = rnd.choice((0, 480, -300, 330))
        now = NOW + rnd.randint(0, DAY_MS)
        on_hand, rows = history(rnd)
        spans = random_spans(rnd, now, offset)
        assert demand_of("S", "K", on_hand, rows, spans, now, offset, window) == (
            reference_demand_of("S", "K", on_hand, rows, spans, now, offset, window)
        ), (on_hand, rows, spans, now, offset)
