"""The chain roll-up (sales_sku_chain_daily) gives the figures sales_sku_daily gives, on both
databases (migration 0027_sales_chain_rollup).

Random sums (returns included: some negative) for 40 stores, 20 days and 30 SKUs go
through the repository's add, a batch at a time as apply_batch adds them; then the
chain-wide SKU and category figures read from the chain roll-up (the new derivation) must
equal the same query over every store's rows (the old one), for random periods, and the
sales report's top sellers must be the old ranking.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import sqlalchemy as sa

from headoffice.domain.report_period import Period
from headoffice.domain.roles import Staff
from headoffice.domain.sales_reports import top_sellers
from headoffice.domain.sales_tally import CHAIN_SHARDS, SkuSums
from headoffice.services.sales_reports import sales_report
from headoffice.store.sales_report_repo import SalesReportRepository
from headoffice.store.sales_tables import sales_sku_chain_daily, sales_sku_daily
from headoffice.store.tables import products
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.conftest import seed_catalogue

FIRST_DAY = 20_400
STORES = [f"C{n:03d}" for n in range(40)]
SKUS = [f"SKU{n}" for n in range(25)] + [f"GONE{n}" for n in range(5)]  # GONE*: no product


def _fill(engine: sa.Engine, rng: random.Random) -> None:
    seed_catalogue(engine, SKUS[:25])
    with engine.begin() as conn:
        for n, sku in enumerate(SKUS[:25]):
            category = ("drinks", "snacks", "")[n % 3]
            conn.execute(products.update().where(products.c.sku == sku).values(category=category))
    for _batch in range(120):
        store = rng.choice(STORES)
        by_sku: SkuSums = {}
        for _line in range(rng.randint(1, 12)):
            key = (FIRST_DAY + rng.randrange(20), rng.choice(SKUS))
            qty = rng.randint(-3, 9)  # a return subtracts
            sums = by_sku.setdefault(key, [0, 0, 0, 0])
            for i, value in enumerate((qty, qty * rng.randint(50, 900), qty * 40, 1)):
                sums[i] += value
        with engine.begin() as conn:
            SalesReportRepository(conn).add(store, by_sku, {})


def test_the_chain_roll_up_equals_every_stores_rows(engine: sa.Engine) -> None:
    rng = random.Random(27)
    _fill(engine, rng)
    with engine.connect() as conn:
        repo = SalesReportRepository(conn)
        shards = {r[0] for r in conn.execute(sa.select(sales_sku_chain_daily.c.shard).distinct())}
        assert len(shards) > 1 and shards <= set(range(CHAIN_SHARDS))  # several groups written
        periods = [Period(FIRST_DAY, FIRST_DAY + 20), Period(FIRST_DAY - 5, FIRST_DAY + 30)]
        for _ in range(8):
            first = FIRST_DAY + rng.randrange(20)
            periods.append(Period(first, first + rng.randint(1, 20 - (first - FIRST_DAY))))
        for period in periods:
            for by in ("sku", "category"):
                new = sorted(repo.sales_by(by, None, period), key=lambda r: r.key)
                old = repo.daily_by_from(sales_sku_daily, by, None, period)
                assert new == sorted(old, key=lambda r: r.key), (by, period)
                assert new  # the test can fail: there are rows to compare
                assert top_sellers(new, 5) == top_sellers(old, 5)
        assert {r.key for r in repo.sales_by("category", None, periods[0])} == {
            "drinks",
            "snacks",
            "",
        }


def test_the_chain_report_ranks_top_sellers_as_before(
    engine: sa.Engine, uow: Callable[[], UnitOfWork]
) -> None:
    _fill(engine, random.Random(28))
    period = Period(FIRST_DAY, FIRST_DAY + 20)
    report = sales_report(uow(), Staff("admin", "admin"), period, by="store", top=7)
    with engine.connect() as conn:
        old = SalesReportRepository(conn).daily_by_from(sales_sku_daily, "sku", None, period)
    assert report.extra["top_sellers"] == [r.document("sku") for r in top_sellers(old, 7)]
    assert len(report.extra["top_sellers"]) == 7
