"""The database computes each store and SKU's demand sums (headoffice/store/
replenish_demand_sql.py) from sales_sku_daily and stockout_spans instead of sending the day
rows to Python: on random ledgers, on both databases, at several shop offsets and for the
three windows, the demand they give is exactly what plain Python loops give from the same
rows (tests/unit/headoffice/test_demand_fast.py's reference_demand_of: calendar days in
the shops' zone, a day censored when any part of it lies in a stock-out span, float
rounding included)."""

from __future__ import annotations

import random
from collections import defaultdict

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from headoffice.domain.demand import (
    HISTORY_DAYS,
    WINDOWS,
    DaySales,
    OutSpan,
    demand_from_sums,
    last_day,
)
from headoffice.store.replenish_figures_repo import ReplenishFiguresRepository
from headoffice.store.sales_tables import report_rollup_settings, sales_sku_daily
from headoffice.store.stockout_tables import stockout_spans
from headoffice.store.tables import products, stock_levels
from tests.unit.headoffice.test_demand_fast import (
    random_spans,
    reference_censored,
    reference_demand_of,
)

NOW = 1_790_000_000_000
STORES = ("S001", "S002", "S003")

Key = tuple[str, str]  # (sku, store)


def category_of(sku: str) -> str:
    return "a" if sum(map(ord, sku)) % 2 else "b"


def random_ledger(
    engine: Engine, seed: int, offset: int
) -> tuple[dict[Key, int], dict[Key, list[DaySales]], dict[Key, list[OutSpan]]]:
    """Levels, day rows (day 0 = yesterday) and spans of a random chain, written as apply
    would have (sales_sku_daily's days at the offset report_rollup_settings records)."""
    rnd = random.Random(seed)
    skus = [f"K{n:02d}" for n in range(25)] + ["k-lower", "Z_9", "ä-umlaut"]
    last = last_day(NOW, offset)
    levels: dict[Key, int] = {}
    days: dict[Key, list[DaySales]] = defaultdict(list)
    spans: dict[Key, list[OutSpan]] = {}
    for store_code in STORES:
        for sku in skus:
            if rnd.random() < 0.85:
                levels[(sku, store_code)] = rnd.choice((-4, 0, 0, 1, 3, 12, 60))
            for day_no in rnd.sample(range(last - 95, last + 3), rnd.choice((0, 1, 4, 20, 80))):
                days[(sku, store_code)].append(
                    DaySales(last - day_no, rnd.choice((1, 2, 5, -1, 0)))
                )
            found = random_spans(rnd, NOW, offset)
            if found:
                spans[(sku, store_code)] = found
    with engine.begin() as conn:
        conn.execute(sa.insert(products), [
            {"sku": sku, "name": sku, "unit": "piece", "price_minor": 100, "cost_minor": 50,
             "category": category_of(sku), "currency": "CNY", "active": True,
             "updated_at_ms": 1}
            for sku in skus
        ])  # fmt: skip
        conn.execute(sa.insert(stock_levels), [
            {"store_code": store, "sku": sku, "qty_base": qty, "avg_cost_minor": 50,
             "updated_at_ms": NOW}
            for (sku, store), qty in levels.items()
        ])  # fmt: skip
        conn.execute(sa.insert(sales_sku_daily), [
            {"store_code": store, "sku": sku, "day": last - row.day,
             "qty_base": row.demand_qty_base, "amount_minor": 0, "cost_minor": 0, "lines": 1}
            for (sku, store), rows in days.items() for row in rows
        ])  # fmt: skip
        conn.execute(sa.insert(stockout_spans), [
            {"store_code": store, "sku": sku, "out_at_ms": s.out_at_ms,
             "back_at_ms": s.back_at_ms}
            for (sku, store), found in spans.items() for s in found
        ])  # fmt: skip
        conn.execute(sa.update(report_rollup_settings).values(sku_day_offset_minutes=offset))
    return levels, days, spans


@pytest.mark.parametrize(("seed", "offset"), [(11, 0), (12, 480), (13, -300)])
def test_the_databases_sums_give_the_plain_loops_demand(
    engine: Engine, seed: int, offset: int
) -> None:
    levels, days, spans = random_ledger(engine, seed, offset)

    def in_history(key: Key) -> bool:
        return any(0 <= row.day < HISTORY_DAYS for row in days.get(key, ()))

    def censored_any(key: Key) -> bool:
        return any(reference_censored(spans.get(key, []), levels.get(key), NOW, offset))

    with engine.connect() as conn:
        figures = ReplenishFiguresRepository(conn)
        for window in WINDOWS:
            for category in ("", "a"):
                rows = list(figures.demand_sums(NOW, window, category))
                keys = [(sku, store) for sku, store, _sums in rows]
                assert keys == sorted(keys)  # SKU (bytes) then store: the run merges by it
                assert set(keys) == {
                    key
                    for key in {*days, *spans, *levels}
                    if (in_history(key) or censored_any(key))
                    and (not category or category_of(key[0]) == category)
                }
                for sku, store, sums in rows:
                    key = (sku, store)
                    got = demand_from_sums(store, sku, sums, window)
                    want = reference_demand_of(store, sku, levels.get(key), days.get(key, []),
                                               spans.get(key, []), NOW, offset, window)  # fmt: skip
                    assert got == want, (key, window, days.get(key), spans.get(key))
            # the chain has censored days and demand to compare
            all_rows = list(figures.demand_sums(NOW, window))
            assert sum(s.total_90 != 0 for _k, _s, s in all_rows) > 20
            assert sum(0 < s.days_90 < 90 for _k, _s, s in all_rows) > 5
