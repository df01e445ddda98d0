"""The database chooses the pairs a run plans (headoffice/store/replenish_candidates_sql.py)
with the domain's formula in SQL: on random chains (levels, sales with daily quantities
up to millions, stock-out spans, open transfers and purchase orders, min/max, a disabled
store), for random policies and lead times, on both databases, every pair it sends has
the velocity, σ, order-up-to, suggestion, surplus and transfer need that
headoffice.domain.replenishment.need_of gives (integers, the same rounding), and it sends
exactly the pairs short of their order-up-to plus the surplus pairs of the SKUs some
store is short of; and the reorder points the low-stock alert reads from the same kept
sums are need_of's."""

from __future__ import annotations

import random

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from headoffice.domain.demand import WINDOWS, demand_from_sums, last_day, quiet_sums
from headoffice.domain.replenishment import MinMax, Policy, Stock, need_of
from headoffice.store.document_tables import (
    purchase_order_lines,
    purchase_orders,
    transfer_lines,
    transfers,
)
from headoffice.store.replenish_figures_repo import ReplenishFiguresRepository
from headoffice.store.replenish_tables import replenish_min_max
from headoffice.store.sales_tables import sales_sku_daily
from headoffice.store.tables import stores
from tests.db.test_replenish_demand_sql import NOW, STORES, random_ledger


def extras(engine: Engine, rnd: random.Random, skus: list[str], offset: int) -> None:
    """Stores (the last disabled), big sales, open documents and min/max."""
    last = last_day(NOW, offset)
    with engine.begin() as conn:
        conn.execute(sa.insert(stores), [
            {"code": code, "name": code, "disabled": code == STORES[-1], "created_at_ms": 1}
            for code in STORES
        ])  # fmt: skip
        big = {
            (rnd.choice(STORES), rnd.choice(skus), last - rnd.randint(0, 89)) for _n in range(60)
        }
        huge = (STORES[0], skus[1], last - 1), (STORES[0], skus[1], last - 2)  # Σv² past 10¹⁷
        s = sales_sku_daily.c
        for store, sku, day in big:
            conn.execute(sa.delete(sales_sku_daily).where(
                s.store_code == store, s.sku == sku, s.day == day))  # fmt: skip
        for store, sku, day in huge:
            conn.execute(sa.delete(sales_sku_daily).where(
                s.store_code == store, s.sku == sku, s.day == day))  # fmt: skip
        conn.execute(sa.insert(sales_sku_daily), [
            {"store_code": store, "sku": sku, "day": day,
             "qty_base": rnd.choice((rnd.randint(1, 5_000_000), rnd.randint(1, 3_000)))
             if (store, sku, day) not in huge else 300_000_000 + day,
             "amount_minor": 0, "cost_minor": 0, "lines": 1}
            for store, sku, day in {*big, *huge}
        ])  # fmt: skip
        for n in range(1, 15):
            a, b = rnd.sample(STORES, 2)
            state = rnd.choice(("open", "shipped", "received"))
            conn.execute(sa.insert(transfers).values(
                id=n, from_store=a, to_store=b, state=state, created_at_ms=1, created_by="t",
                updated_at_ms=1))  # fmt: skip
            conn.execute(sa.insert(transfer_lines), [
                {"transfer_id": n, "sku": sku, "qty_base": rnd.randint(1, 30),
                 "shipped_qty_base": rnd.randint(0, 30)}
                for sku in rnd.sample(skus, 3)
            ])  # fmt: skip
            state = rnd.choice(("draft", "sent", "partly_received", "received", "cancelled"))
            conn.execute(sa.insert(purchase_orders).values(
                po_no=n, store_code=rnd.choice(STORES), supplier_code="SUP", state=state,
                currency="CNY", over_tolerance_pct=0, created_at_ms=1, created_by="t",
                updated_at_ms=1))  # fmt: skip
            conn.execute(sa.insert(purchase_order_lines), [
                {"po_no": n, "line_no": i, "sku": sku, "ordered_qty_base": rnd.randint(1, 40),
                 "unit_cost_minor": 10, "received_qty_base": rnd.randint(0, 50)}
                for i, sku in enumerate(rnd.sample(skus, 2), start=1)
            ])  # fmt: skip
        pairs = {(rnd.choice(STORES), rnd.choice(skus)) for _n in range(20)}
        rows = []
        for store, sku in pairs:
            low = rnd.randint(0, 20)
            rows.append({"store_code": store, "sku": sku, "min_qty_base": low,
                         "max_qty_base": low + rnd.randint(0, 30), "updated_at_ms": 1,
                         "updated_by": "t"})  # fmt: skip
        conn.execute(sa.insert(replenish_min_max), rows)


@pytest.mark.parametrize(("seed", "offset"), [(31, 0), (32, 480), (33, -300), (34, 60)])
def test_the_databases_choice_is_the_domains(engine: Engine, seed: int, offset: int) -> None:
    random_ledger(engine, seed, offset)
    rnd = random.Random(seed)
    skus = [f"K{n:02d}" for n in range(25)] + ["k-lower", "Z_9", "ä-umlaut"]
    extras(engine, rnd, skus, offset)
    with engine.begin() as conn:
        assert ReplenishFiguresRepository(conn).keep_demand(NOW) == "rebuilt"
    disabled = STORES[-1]
    compared = big_sigmas = 0
    for round_no in range(6):
        policy = Policy(
            review_period_days=rnd.randint(1, 14),
            service_level_bp=rnd.choice((5_000, 8_000, 9_500, 9_900, 9_999, 1)),
            transfer_lead_time_days=rnd.randint(0, 3),
            demand_window_days=WINDOWS[round_no % 3],
        )
        lead = {sku: rnd.randint(1, 30) for sku in skus if rnd.random() < 0.9}
        spans = {sku: days + policy.review_period_days for sku, days in lead.items()}
        store_code = rnd.choice(("", "", STORES[0]))
        with engine.connect() as conn:
            figures = ReplenishFiguresRepository(conn)
            got = {
                (row[0], row[1]): tuple(int(v) for v in row[8:14])
                for row in figures.candidate_rows(policy, spans, store_code)
            }
            keys = list(got)
            needs = {
                (n.sku, n.store_code): n for n in figures.candidates(policy, spans, store_code)
            }
            cut = [
                (row[0], row[1])
                for row in figures.candidate_rows(policy, spans, store_code, every_donor=False)
            ]
            points = list(figures.reorder_points(policy, spans, store_code))
            lows = list(figures.reorder_points(policy, spans, store_code, low_only=True))
            window = policy.demand_window_days
            sums = {(sku, store): s for sku, store, s in figures.demand_sums(NOW, window)}
            levels = {(sku, store): qty for sku, store, qty in figures.on_hand_rows()}
            opened = {(sku, store): s for (store, sku), s in figures.open_positions().items()}
            limits = {
                (r.sku, r.store_code): r
                for r in (MinMax(*row) for row in conn.execute(sa.select(
                    replenish_min_max.c.store_code, replenish_min_max.c.sku,
                    replenish_min_max.c.min_qty_base, replenish_min_max.c.max_qty_base)))
            }  # fmt: skip
        # by SKU, a SKU's short pairs (those with a suggestion) first, each part by store
        assert keys == sorted(keys, key=lambda k: (k[0], got[k][3] == 0, k[1]))
        want: dict[tuple[str, str], tuple[int, ...]] = {}
        want_points = []  # the low-stock alert's figures, from the same kept sums
        short_skus = set()
        for key in sorted({*levels, *opened, *limits}):
            sku, store = key
            if sku not in spans:
                continue
            on_hand = levels.get(key, 0)
            stock = Stock(on_hand, *(lambda s: (s.inbound_qty_base, s.on_order_qty_base,
                                                s.reserved_qty_base))(opened.get(key, Stock())))  # fmt: skip
            demand = demand_from_sums(store, sku, sums.get(key) or quiet_sums(on_hand), window)
            need = need_of(demand, stock, lead[sku], policy, limits.get(key))
            short = need.raw_qty_base > 0 and store != disabled and store_code in ("", store)
            coming = stock.inbound_qty_base + stock.on_order_qty_base
            if need.reorder_point_qty_base > 0 and store != disabled and store_code in ("", store):
                want_points.append((store, sku, on_hand, need.reorder_point_qty_base, coming,
                                    need.source))  # fmt: skip
            if short:
                short_skus.add(sku)
            if key in needs:
                assert needs[key] == need  # the Need built from the database's figures
            if short or (need.surplus_qty_base > 0 and store != disabled):
                want[key] = (
                    need.velocity_milli, need.sigma_milli, need.order_up_to_qty_base,
                    need.raw_qty_base, need.surplus_qty_base, need.transfer_need_qty_base,
                )  # fmt: skip
        want = {k: v for k, v in want.items() if k[0] in short_skus}
        assert got == want, policy
        assert points == want_points
        assert lows == [p for p in want_points if p[2] < p[3] and p[4] == 0]
        # every cost the default: only the donors a short store reaches in code order
        reach = []
        for sku in sorted(short_skus):
            rows = [(k, v) for k, v in want.items() if k[0] == sku]
            wanted = sum(v[3] for _k, v in rows)
            given = 0
            for k, v in rows:
                if v[3] > 0 or given < wanted:
                    reach.append(k)
                given += v[4]
        assert cut == sorted(reach, key=lambda k: (k[0], want[k][3] == 0, k[1]))
        compared += len(want)
        big_sigmas += sum(v[1] > 1_000_000 for v in want.values())
    assert compared > 40
    assert big_sigmas >= 1  # σ of the days of millions, past 64-bit intermediates
