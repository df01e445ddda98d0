"""The database computes each store and SKU's demand sums (headoffice/store/
replenish_demand_sql.py) instead of sending the day rows to Python: on random ledgers, on
both databases and for the three windows, the demand they give is exactly what the plain
Python loops give from the raw movements (tests/unit/headoffice/test_demand_fast.py's
reference_demand_of: days counted back from the run, censoring walked back from today's
level, float rounding included)."""

from __future__ import annotations

import random
from collections import defaultdict

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from headoffice.domain.demand import (
    DAY_MS,
    DEMAND_REASONS,
    HISTORY_DAYS,
    WINDOWS,
    DayMovements,
    day_of,
    demand_from_sums,
)
from headoffice.store.replenish_figures_repo import ReplenishFiguresRepository
from headoffice.store.tables import movements, products, stock_levels
from tests.unit.headoffice.test_demand_fast import reference_demand_of

NOW = 1_790_000_000_000
STORES = ("S001", "S002", "S003")
REASONS = ("sale", "sale", "sale", "return", "receipt", "transfer_in", "transfer_out",
           "write_off", "count")  # fmt: skip


def _moment(rnd: random.Random) -> int:
    """Mostly inside the 90 days, some on a day's edge, a few before them or after now."""
    pick = rnd.random()
    if pick < 0.05:
        return NOW + rnd.randint(1, 3 * DAY_MS)  # after the run's moment: day 0
    if pick < 0.10:
        return NOW - rnd.randint(1, 10) * DAY_MS + rnd.choice((-1, 0, 1))
    if pick < 0.13:
        return NOW - HISTORY_DAYS * DAY_MS + rnd.choice((-1, 0, 1, 2))
    return NOW - rnd.randint(0, HISTORY_DAYS * DAY_MS + 5 * DAY_MS)


def category_of(sku: str) -> str:
    return "a" if sum(map(ord, sku)) % 2 else "b"


def random_ledger(engine: Engine, seed: int) -> list[dict[str, object]]:
    rnd = random.Random(seed)
    skus = [f"K{n:02d}" for n in range(25)] + ["k-lower", "Z_9", "ä-umlaut"]
    moved: list[dict[str, object]] = []
    levels = []
    for store_code in STORES:
        for sku in skus:
            if rnd.random() < 0.8:
                levels.append({"store_code": store_code, "sku": sku,
                               "qty_base": rnd.choice((-4, 0, 0, 1, 3, 12, 60)),
                               "avg_cost_minor": 50, "updated_at_ms": NOW})  # fmt: skip
            busy = rnd.choice((0, 1, 4, 20, 80, 200))
            for _n in range(busy):
                reason = rnd.choice(REASONS)
                sign = 1 if reason in ("return", "receipt", "transfer_in") else -1
                if reason == "count":
                    sign = rnd.choice((1, -1))
                moved.append({"store_code": store_code, "seq": len(moved) + 1, "sku": sku,
                              "qty_base": sign * rnd.choice((1, 1, 2, 5, 30)),
                              "reason": reason, "document_type": reason, "document_id": "d",
                              "unit_cost_minor": 50, "actor": "t",
                              "occurred_at_ms": _moment(rnd)})  # fmt: skip
    with engine.begin() as conn:
        conn.execute(sa.insert(products), [
            {"sku": sku, "name": sku, "unit": "piece", "price_minor": 100, "cost_minor": 50,
             "category": category_of(sku), "currency": "CNY", "active": True,
             "updated_at_ms": 1}
            for sku in skus
        ])  # fmt: skip
        conn.execute(sa.insert(stock_levels), levels)
        conn.execute(sa.insert(movements), moved)
    return moved


def plain_days(moved: list[dict[str, object]]) -> dict[tuple[str, str], list[DayMovements]]:
    """Per (sku, store), the day rows from the raw movements, in Python."""
    cells: dict[tuple[str, str, int], list[int]] = defaultdict(lambda: [0, 0])
    since = NOW - HISTORY_DAYS * DAY_MS
    for m in moved:
        at = int(m["occurred_at_ms"])  # type: ignore[call-overload]
        if at <= since:
            continue
        qty = int(m["qty_base"])  # type: ignore[call-overload]
        cell = cells[(str(m["sku"]), str(m["store_code"]), day_of(at, NOW))]
        cell[0] -= qty if m["reason"] in DEMAND_REASONS else 0
        cell[1] += qty
    days: dict[tuple[str, str], list[DayMovements]] = defaultdict(list)
    for (sku, store, day), (demand, net) in cells.items():
        days[(sku, store)].append(DayMovements(day, demand, net))
    return days


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_the_databases_sums_give_the_plain_loops_demand(engine: Engine, seed: int) -> None:
    moved = random_ledger(engine, seed)
    days = plain_days(moved)
    with engine.connect() as conn:
        on_hand = {
            (sku, store): int(q)
            for store, sku, q in conn.execute(
                sa.select(stock_levels.c.store_code, stock_levels.c.sku, stock_levels.c.qty_base)
            )
        }
        figures = ReplenishFiguresRepository(conn)
        for window in WINDOWS:
            for category in ("", "a"):
                rows = list(figures.demand_sums(NOW - HISTORY_DAYS * DAY_MS, NOW, window,
                                                category))  # fmt: skip
                keys = [(sku, store) for sku, store, _sums in rows]
                assert keys == sorted(keys)  # SKU (bytes) then store: the run merges by it
                assert set(keys) == {
                    key for key in days if not category or category_of(key[0]) == category
                }
                for sku, store, sums in rows:
                    got = demand_from_sums(store, sku, sums, window)
                    want = reference_demand_of(store, sku, on_hand.get((sku, store), 0),
                                               days[(sku, store)], window)  # fmt: skip
                    assert got == want, (sku, store, window, days[(sku, store)])
            # the chain has censored days and demand to compare
            all_rows = list(figures.demand_sums(NOW - HISTORY_DAYS * DAY_MS, NOW, window))
            assert sum(s.total_90 != 0 for _k, _s, s in all_rows) > 20
            assert any(0 < s.days_90 < 90 for _k, _s, s in all_rows)
