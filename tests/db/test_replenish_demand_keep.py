"""replenish_demand (the demand sums kept per store and SKU, headoffice/store/
replenish_demand_keep.py) equals the sums computed again from sales_sku_daily and
stockout_spans after random applies (late and current sales, stock-out spans opened and
closed through the repositories apply uses) and days rolled forward, on both databases:
against the SQL that computes them from the rows and against plain Python loops
(headoffice.domain.demand.sums_of over `censored` without the level rule)."""

from __future__ import annotations

import random
from collections import defaultdict

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from headoffice.domain.demand import (
    DAY_MS,
    HISTORY_DAYS,
    WINDOWS,
    DaySales,
    OutSpan,
    censored,
    last_day,
    sums_of,
)
from headoffice.domain.stockouts import Span
from headoffice.store import replenish_demand_keep as keep
from headoffice.store.levels_repo import LevelsRepository
from headoffice.store.replenish_demand_sql import demand_sums_sql
from headoffice.store.replenish_demand_tables import replenish_demand, replenish_demand_dirty
from headoffice.store.sales_report_repo import SalesReportRepository
from headoffice.store.sales_tables import sales_sku_daily
from headoffice.store.stockout_tables import stockout_spans
from tests.db.test_replenish_demand_sql import NOW, STORES, random_ledger

Figures = tuple[int, ...]  # out, total, squares of 7, 30 and 90 days


def kept_rows(conn: sa.Connection) -> dict[tuple[str, str], Figures]:
    d = replenish_demand.c
    cols = [d[f"{name}_{w}"] for w in WINDOWS for name in ("out", "total", "squares")]
    rows = conn.execute(sa.select(d.store_code, d.sku, *cols))
    return {(r[0], r[1]): tuple(int(v) for v in r[2:]) for r in rows if any(r[2:])}


def sql_rows(conn: sa.Connection, last: int, offset: int) -> dict[tuple[str, str], Figures]:
    query = demand_sums_sql(conn.dialect.name == "postgresql", 30, False, kept=True)
    found = {}
    for sku, store, o7, t7, o30, t30, o90, t90, q7, q30, q90 in conn.execute(
        sa.text(query), keep._params(last, offset)
    ):
        figures = tuple(int(v) for v in (o7, t7, q7, o30, t30, q30, o90, t90, q90))
        if any(figures):
            found[(store, sku)] = figures
    return found


def python_rows(conn: sa.Connection, last: int, offset: int) -> dict[tuple[str, str], Figures]:
    """The sums by plain loops over the rows (a run made on day last + 1)."""
    now = (last + 1) * DAY_MS - offset * 60_000 + 3_600_000
    days: dict[tuple[str, str], list[DaySales]] = defaultdict(list)
    s = sales_sku_daily.c
    for store, sku, day, qty in conn.execute(sa.select(s.store_code, s.sku, s.day, s.qty_base)):
        days[(store, sku)].append(DaySales(last - int(day), int(qty)))
    spans: dict[tuple[str, str], list[OutSpan]] = defaultdict(list)
    o = stockout_spans.c
    for store, sku, out_at, back_at in conn.execute(
        sa.select(o.store_code, o.sku, o.out_at_ms, o.back_at_ms)
    ):
        spans[(store, sku)].append(OutSpan(int(out_at), None if back_at is None else int(back_at)))
    found = {}
    for key in set(days) | set(spans):
        out = censored(spans.get(key, ()), None, now, offset)
        figures: list[int] = []
        for w in WINDOWS:
            sums = sums_of(days.get(key, ()), out, w)
            counted, total = {7: sums[0:2], 30: sums[2:4], 90: sums[4:6]}[w]
            figures += [w - counted, total, sums.squares]
        if any(figures):
            found[key] = tuple(figures)
    return found


def random_apply(conn: sa.Connection, rnd: random.Random, last: int, moment: int) -> None:
    """A batch's worth through the repositories apply_batch uses: sales on days from 100
    days back to today, and stock-out spans opened or closed at `moment` or before."""
    store = rnd.choice(STORES)
    skus = [f"K{n:02d}" for n in range(25)] + ["k-lower", "Z_9", "ä-umlaut"]
    by_sku = {
        (rnd.randint(last - 100, last + 1), sku): [rnd.choice((1, 2, 3, -1, 9)), 0, 0, 1]
        for sku in rnd.sample(skus, rnd.randint(1, 6))
    }
    SalesReportRepository(conn).add(store, by_sku, {})
    o = stockout_spans.c
    closes: list[tuple[str, int]] = []
    new: list[Span] = []
    for sku in rnd.sample(skus, rnd.randint(0, 3)):
        newest = conn.execute(
            sa.select(o.out_at_ms, o.back_at_ms)
            .where(o.store_code == store, o.sku == sku)
            .order_by(o.out_at_ms.desc())
            .limit(1)
        ).first()
        if newest is not None and newest[1] is None:
            if int(newest[0]) + 1 >= moment:
                continue
            closes.append((sku, rnd.randint(int(newest[0]) + 1, moment)))
            continue
        start = max(int(newest[0]), int(newest[1])) + 1 if newest is not None else 0
        start = max(start, moment - 60 * DAY_MS)
        if start >= moment:
            continue
        out_at = rnd.randint(start, moment)
        back = rnd.choice((None, rnd.randint(out_at, moment) + 1))
        new.append(Span(sku, out_at, back))
    if closes or new:
        LevelsRepository(conn).record_stockouts(store, closes, new)


@pytest.mark.parametrize(("seed", "offset"), [(21, 0), (22, 480), (23, -300)])
def test_the_kept_sums_follow_applies_and_days(engine: Engine, seed: int, offset: int) -> None:
    random_ledger(engine, seed, offset)
    rnd = random.Random(seed)
    last = last_day(NOW, offset)
    start = last - 6
    with engine.begin() as conn:
        assert keep.bring_up_to(conn, start, offset, NOW) == "rebuilt"
        assert kept_rows(conn) == sql_rows(conn, start, offset) == python_rows(conn, start, offset)
    for day in range(start, last + 1):
        with engine.begin() as conn:
            for _n in range(rnd.randint(1, 6)):
                random_apply(conn, rnd, day, (day + 1) * DAY_MS - offset * 60_000 + 1)
        with engine.begin() as conn:
            how = keep.bring_up_to(conn, day + 1, offset, NOW)
            assert how == "rolled"
            assert conn.execute(sa.select(sa.func.count()).select_from(replenish_demand_dirty)
                                ).scalar() == 0  # fmt: skip
            kept = kept_rows(conn)
            assert kept == sql_rows(conn, day + 1, offset)
            assert kept == python_rows(conn, day + 1, offset)
    with engine.begin() as conn:  # nothing new: current, and unchanged
        assert keep.bring_up_to(conn, last + 1, offset, NOW) == "current"
        assert kept_rows(conn) == python_rows(conn, last + 1, offset)
        # more than a week ahead, or back in time, or another offset: rebuilt
        assert keep.bring_up_to(conn, last + 20, offset, NOW) == "rebuilt"
        assert kept_rows(conn) == python_rows(conn, last + 20, offset)
        assert keep.bring_up_to(conn, last, offset, NOW) == "rebuilt"
        assert keep.bring_up_to(conn, last, offset + 60, NOW) == "rebuilt"
    assert HISTORY_DAYS == 90
