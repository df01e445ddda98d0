"""A run streams the stock levels in SKU order beside the demand (services/replenish.py) instead
of holding every store and SKU's stock: on random chains, on both databases, its needs are
exactly what the whole-stock reading gives (the reading it replaced, kept here as the
reference), SKU for SKU and in the same order, with and without a category."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from common.certs import KeyPair
from headoffice.domain.demand import DAY_MS, DemandSums, demand_from_sums, quiet_sums
from headoffice.domain.replenishment import MinMax, Need, Policy, Stock, need_of
from headoffice.domain.roles import Staff
from headoffice.services.catalogue import import_catalogue
from headoffice.services.replenish import run_replenishment, sku_needs
from headoffice.services.replenish_settings import set_min_max
from headoffice.services.stores import add_store
from headoffice.store.sales_tables import sales_sku_daily
from headoffice.store.stockout_tables import stockout_spans
from headoffice.store.tables import stock_levels
from headoffice.store.unit_of_work import UnitOfWork

UoW = Callable[[], UnitOfWork]
NOW = 1_790_000_000_000
POLICY = Policy(default_lead_time_days=5, review_period_days=7, transfer_lead_time_days=1)
STORES = ("S001", "S002", "S003", "S004")
REASONS = ("sale", "sale", "sale", "return", "receipt", "transfer_in", "write_off")


def reference(uow: UnitOfWork, policy: Policy, category: str, now_ms: int) -> Iterator[list[Need]]:
    """The needs as the run computed them before it streamed the levels: every store and SKU's
    stock read whole, SKUs with demand first, then the others sorted."""
    figures = uow.replenish_figures
    goods = figures.goods(category)
    enrolled = {s.code for s in uow.stores.list_stores()}
    stock = {k: v for k, v in figures.stock(set(goods)).items() if k[0] in enrolled}
    min_max = {(m.store_code, m.sku): m for m in uow.replenish.min_max_rows() if m.sku in goods}
    stores_of: dict[str, set[str]] = defaultdict(set)
    for store_code, sku in (*stock, *min_max):
        stores_of[sku].add(store_code)

    def needs(sku: str, sums: dict[str, DemandSums]) -> list[Need]:
        out = []
        for store_code in sorted((stores_of.get(sku, set()) | set(sums)) & enrolled):
            at = stock.get((store_code, sku), Stock())
            pair = sums.get(store_code) or quiet_sums(at.on_hand_qty_base)
            demand = demand_from_sums(store_code, sku, pair, policy.demand_window_days)
            out.append(need_of(demand, at, policy.default_lead_time_days, policy,
                               min_max.get((store_code, sku))))  # fmt: skip
        return out

    by_sku: dict[str, dict[str, DemandSums]] = {}
    for sku, store_code, pair in figures.demand_sums(now_ms, policy.demand_window_days,
                                                     category):  # fmt: skip
        by_sku.setdefault(sku, {})[store_code] = pair
    for sku, sums in by_sku.items():
        if sku in goods:
            yield needs(sku, sums)
    for sku in sorted(set(stores_of) - set(by_sku)):
        if sku in goods:
            yield needs(sku, {})


def random_chain(uow: UoW, engine: Engine, ca: KeyPair, seed: int) -> None:
    rnd = random.Random(seed)
    for code in STORES:
        add_store(uow(), ca, code, f"Store {code}", "127.0.0.1:1", now_ms=1_000)
    quiet = ["K05", "K17", "Z_9"]  # stock (or a min/max) but no demand: the second walk's
    skus = [f"K{n:02d}" for n in range(30)] + ["k-lower", "Z_9"]
    rows = [f"{sku},Item {sku},,piece,300,{rnd.randint(10, 200)},{rnd.choice('ab')}"
            for sku in skus]  # fmt: skip
    import_catalogue(uow(), "sku,name,barcodes,unit,price_minor,cost_minor,category\n"
                     + "\n".join(rows) + "\n", now_ms=10)  # fmt: skip
    levels = []
    sold: dict[tuple[str, int, str], list[int]] = {}
    spans: dict[tuple[str, str, int], int | None] = {}
    for store_code in (*STORES, "X999"):  # X999: levels and movements of a store not enrolled
        for sku in skus:
            if rnd.random() < 0.6:
                levels.append({"store_code": store_code, "sku": sku,
                               "qty_base": rnd.randint(-3, 40), "avg_cost_minor": 50,
                               "updated_at_ms": NOW})  # fmt: skip
            for _n in range(0 if sku in quiet else rnd.choice((0, 0, 3, 20, 60))):
                reason = rnd.choice(REASONS)
                qty = rnd.randint(1, 5) * (
                    1 if reason in ("return", "receipt", "transfer_in") else -1
                )
                at = NOW - rnd.randint(0, 100 * DAY_MS)
                if reason in ("sale", "return"):
                    cell = sold.setdefault((store_code, at // DAY_MS, sku), [0])
                    cell[0] -= qty
                elif rnd.random() < 0.3:  # now and then out of stock for a while
                    spans[(store_code, sku, at)] = rnd.choice(
                        (None, at + rnd.randint(1, 9 * DAY_MS))
                    )
    with engine.begin() as conn:
        conn.execute(sa.insert(stock_levels), levels)
        conn.execute(sa.insert(sales_sku_daily), [
            {"store_code": store, "day": day, "sku": sku, "qty_base": q, "amount_minor": 0,
             "cost_minor": 0, "lines": 1}
            for (store, day, sku), (q,) in sold.items()
        ])  # fmt: skip
        if spans:
            conn.execute(sa.insert(stockout_spans), [
                {"store_code": store, "sku": sku, "out_at_ms": at, "back_at_ms": back}
                for (store, sku, at), back in spans.items()
            ])  # fmt: skip
    min_max = [MinMax(rnd.choice(STORES), sku, 2, rnd.randint(5, 30))
               for sku in rnd.sample(skus, 8)]  # fmt: skip
    set_min_max(uow(), Staff("bea", "buyer"), list({(m.store_code, m.sku): m
                                                    for m in min_max}.values()), now_ms=NOW)  # fmt: skip


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_streamed_levels_give_the_needs_of_the_whole_stock_reading(
    uow: UoW, engine: Engine, ca: KeyPair, seed: int
) -> None:
    random_chain(uow, engine, ca, seed)
    for category in ("", "a"):
        with uow() as work:
            streamed = list(sku_needs(work, POLICY, category, NOW))
        with uow() as work:
            whole = list(reference(work, POLICY, category, NOW))
        assert streamed == whole
        assert sum(len(needs) for needs in streamed) > 20  # the chain has stock to compare


def test_a_run_reports_its_progress_by_skus(uow: UoW, engine: Engine, ca: KeyPair) -> None:
    random_chain(uow, engine, ca, 4)
    heard: list[tuple[int, int]] = []
    run_replenishment(uow(), Staff("bea", "buyer"), POLICY, dry_run=True, now_ms=NOW,
                      progress=lambda done, total: heard.append((done, total)))  # fmt: skip
    assert heard[0] == (0, 32) and heard[-1] == (32, 32)
