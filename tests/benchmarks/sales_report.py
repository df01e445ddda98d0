"""Reports at head office: the chain's sales report over 30 days (hoctl report sales).

The database is fresh, migrated by the real Alembic migrations (0024_sales_rollups),
then seeded with COPY: `stores` stores x `days` days x `lines` sale lines a store-day
(a few hundred: a small shop's day), as the raw sale movements AND as the roll-ups
apply_batch writes beside them (sales_sku_daily per store, day and SKU; its sum by
group of stores, sales_sku_chain_daily; sales_hourly per store, hour, cashier and
shift), worked out from the same generated lines. SKUs
follow a Zipf-like draw from a 2,000-SKU range (a few sell all day, most rarely);
sales happen between 07:00 and 22:00, three cashiers a store.

The measured call is the service function hoctl report sales ends in
(services.sales_reports.sales_report) for the whole chain over the last 30 days by
store: per-store figures, the chain's top 10 SKUs and the 7- and 30-day trends;
then the same by SKU and one store's report. The same-run baseline is the one bare
SQL aggregate over the raw movements a report without roll-ups would need at the
least: sales at cost per store over the 30 days (GROUP BY store over the sale
movements). The report as it was before the chain roll-up (top sellers added up over
every store's sales_sku_daily rows) is timed in the same run, alternating with the new
one, for the ratio.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
import sqlalchemy as sa

from headoffice.domain.report_period import Period
from headoffice.domain.roles import Staff
from headoffice.domain.sales_reports import SalesFigures
from headoffice.domain.sales_tally import chain_shard
from headoffice.services.sales_reports import sales_report
from headoffice.store.engine import create_engine
from headoffice.store.migrations import migrate
from headoffice.store.sales_report_repo import SalesReportRepository
from headoffice.store.sales_tables import HOUR_SUMS, SKU_SUMS, sales_sku_daily
from headoffice.store.tables import MOVEMENT_COLUMNS
from headoffice.store.unit_of_work import UnitOfWork
from tests.benchmarks.baselines import percentile
from tests.benchmarks.report import Figure, Section, progress
from tests.conftest import create_pg_database, drop_pg_database

REPORT_TARGET_S = 2.0
DAY_MS = 86_400_000
FIRST_DAY = 20_400  # 2025-11-07
SKU_RANGE = 2_000
ADMIN = Staff("bench", "admin")
CASHIERS = ("anna", "ben", "chloe")


def _sku_draw(rng: random.Random) -> int:
    """A SKU number with chance about 1/k (Zipf, s = 1): log-uniform over the range."""
    return int(SKU_RANGE ** rng.random()) - 1


def seed_pg(url: str, stores: int, days: int, lines: int) -> int:
    """COPY the raw sale movements and their roll-ups; the number of movements written."""
    dsn = url.replace("postgresql+psycopg://", "postgresql://", 1)
    rng = random.Random(14)
    written = 0
    # One connection a COPY: a connection runs one COPY at a time.
    with (
        psycopg.connect(dsn) as conn,
        psycopg.connect(dsn) as conn2,
        conn.cursor() as cur,
        conn2.cursor() as cur2,
    ):
        with (
            cur.copy(f"COPY movements ({', '.join(MOVEMENT_COLUMNS)}) FROM STDIN") as moves,
            cur2.copy(
                f"COPY sales_sku_daily (store_code, day, sku, {', '.join(SKU_SUMS)}) FROM STDIN"
            ) as skus,
        ):
            hourly: list[tuple] = []
            chain: dict[tuple[int, str, int], list[int]] = {}
            for s in range(stores):
                store = f"B{s + 1:04d}"
                shard = chain_shard(store)
                seq = 0
                if s % 100 == 0:
                    progress(f"seeding store {s + 1} of {stores}")
                for d in range(days):
                    day = FIRST_DAY + d
                    by_sku: dict[str, list[int]] = {}
                    by_hour: dict[tuple[int, str, str], list[int]] = {}
                    n = 0
                    while n < lines:
                        seq += 1
                        hour = day * 24 + rng.randint(7, 21)
                        at = hour * 3_600_000 + rng.randrange(3_600_000)
                        cashier = CASHIERS[(hour + s) % 3]
                        basket = min(lines - n, rng.randint(1, 6))
                        amount_sale = qty_sale = cost_sale = 0
                        for _k in range(basket):
                            k = _sku_draw(rng)
                            sku = f"SKU{k:05d}"
                            qty = rng.randint(1, 3)
                            cost = 100 + k % 400
                            price = cost * 13 // 10
                            moves.write_row((store, seq, sku, -qty, "sale", "sale", f"D{seq}",
                                             cost, cashier, at))  # fmt: skip
                            row = by_sku.setdefault(sku, [0, 0, 0, 0])
                            row[0] += qty
                            row[1] += qty * price
                            row[2] += qty * cost
                            row[3] += 1
                            amount_sale += qty * price
                            qty_sale += qty
                            cost_sale += qty * cost
                        n += basket
                        written += basket
                        h = by_hour.setdefault((hour, cashier, f"SH-{store}-{day}"), [0] * 6)
                        h[0] += 1
                        h[2] += qty_sale
                        h[3] += amount_sale
                        h[5] += cost_sale
                    for sku, row in by_sku.items():
                        skus.write_row((store, day, sku, *row))
                        sums = chain.setdefault((day, sku, shard), [0, 0, 0, 0])
                        for i, value in enumerate(row):
                            sums[i] += value
                    hourly += [(store, h, c, sh, *v) for (h, c, sh), v in by_hour.items()]
        with cur.copy("COPY stores (code, name, disabled, created_at_ms) FROM STDIN") as cp:
            for s in range(stores):
                cp.write_row((f"B{s + 1:04d}", f"Bench {s + 1}", False, 1_000))
        with cur.copy(
            "COPY sales_hourly (store_code, hour, cashier, shift_id, "
            f"{', '.join(HOUR_SUMS)}) FROM STDIN"
        ) as cp:
            for row in hourly:
                cp.write_row(row)
        with cur.copy(
            f"COPY sales_sku_chain_daily (day, sku, shard, {', '.join(SKU_SUMS)}) FROM STDIN"
        ) as cp:
            for key, sums in chain.items():
                cp.write_row((*key, *sums))
        conn.commit()
        conn2.commit()
        conn.autocommit = True
        for table in ("movements", "sales_sku_daily", "sales_hourly", "sales_sku_chain_daily"):
            conn.execute(f"VACUUM ANALYZE {table}")
    return written


def bare_aggregate(engine: sa.Engine, since_ms: int, until_ms: int) -> int:
    """Sales at cost per store over the period, straight from the raw sale movements."""
    query = sa.text(
        "SELECT store_code, SUM(-qty_base * unit_cost_minor) FROM movements"
        " WHERE reason = 'sale' AND occurred_at_ms >= :since AND occurred_at_ms < :until"
        " GROUP BY store_code"
    )
    with engine.connect() as conn:
        return len(conn.execute(query, {"since": since_ms, "until": until_ms}).all())


class _BeforeChainRollup(SalesReportRepository):
    """The chain-wide SKU figures as they were read before 0027: every store's rows."""

    def _daily_by(
        self, by: str, store_codes: object, period: Period
    ) -> list[SalesFigures]:  # fmt: skip
        return self.daily_by_from(sales_sku_daily, by, None, period)


class _BeforeUnitOfWork(UnitOfWork):
    def __enter__(self) -> UnitOfWork:
        super().__enter__()
        self.sales_report = _BeforeChainRollup(self.connection)
        return self


def _alternating(samples: int, calls: dict[str, Callable[[], object]]) -> dict[str, list[float]]:
    """Each call `samples` times, taking turns, so a busy spell hits both alike."""
    out: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(samples):
        for name, call in calls.items():
            out[name] += _timed(1, call)
    return out


def _timed(samples: int, call: Callable[[], object]) -> list[float]:
    out = []
    for _ in range(samples):
        t0 = time.perf_counter()
        call()
        out.append(time.perf_counter() - t0)
    return out


def run(work: Path, admin_dsn: str, stores: int, days: int, lines: int, samples: int) -> Section:
    work.mkdir(parents=True, exist_ok=True)
    total = stores * days * lines
    progress(f"sales report: {stores} stores x {days} days x {lines} lines = {total:,}")
    name, url = create_pg_database(admin_dsn)
    try:
        migrate(url)
        t0 = time.perf_counter()
        written = seed_pg(url, stores, days, lines)
        progress(
            f"PostgreSQL: seeded {written:,} sale movements in {time.perf_counter() - t0:.0f} s"
        )
        engine = create_engine(url)
        try:
            period = Period(FIRST_DAY, FIRST_DAY + days)
            with engine.connect() as conn:
                sku_rows = conn.execute(sa.text("SELECT count(*) FROM sales_sku_daily")).scalar()
                hour_rows = conn.execute(sa.text("SELECT count(*) FROM sales_hourly")).scalar()
                chain_rows = conn.execute(
                    sa.text("SELECT count(*) FROM sales_sku_chain_daily")
                ).scalar()
            chain = lambda: sales_report(UnitOfWork(engine), ADMIN, period, by="store")  # noqa: E731
            report = chain()
            assert len(report.rows) == stores
            assert report.totals["qty_base"] > 0 and len(report.extra["top_sellers"]) == 10
            before = lambda: sales_report(_BeforeUnitOfWork(engine), ADMIN, period)  # noqa: E731
            assert before().extra == report.extra
            found = {
                **_alternating(samples, {"chain": chain, "before": before}),
                "bare": _timed(
                    samples, lambda: bare_aggregate(engine, period.since_ms, period.until_ms)
                ),
                "sku": _timed(
                    samples, lambda: sales_report(UnitOfWork(engine), ADMIN, period, by="sku")
                ),
                "store": _timed(
                    samples,
                    lambda: sales_report(UnitOfWork(engine), ADMIN, period, "B0001", by="day"),
                ),
            }
        finally:
            engine.dispose()
    finally:
        drop_pg_database(admin_dsn, name)
    p50, p95 = statistics.median(found["chain"]), percentile(found["chain"], 95)
    bare = statistics.median(found["bare"])
    old50, old95 = statistics.median(found["before"]), percentile(found["before"], 95)
    progress(f"PostgreSQL: chain p50 {p50:.2f} s, p95 {p95:.2f} s; bare aggregate {bare:.2f} s")
    return Section(
        title="Sales report (hoctl report sales's service call), PostgreSQL",
        figures=[
            Figure("chain sales report by store, 30 days, p50", f"{p50:.2f} s"),
            Figure(
                "chain sales report by store, 30 days, p95",
                f"{p95:.2f} s",
                "< 2 s",
                p95 < REPORT_TARGET_S,
            ),  # fmt: skip
            Figure(
                "the same report read as before 0027 (same run, alternating) p50", f"{old50:.2f} s"
            ),
            Figure(
                "the same report read as before 0027 (same run, alternating) p95", f"{old95:.2f} s"
            ),
            Figure("report / before 0027, p50", f"{p50 / old50:.2f}x"),
            Figure("bare aggregate over the raw sale movements (same run) p50", f"{bare:.2f} s"),
            Figure("report / bare aggregate", f"{p50 / bare:.2f}x"),
            Figure("chain sales report by SKU p95", f"{percentile(found['sku'], 95):.2f} s"),
            Figure(
                "one store's report by day p95", f"{percentile(found['store'], 95) * 1000:.0f} ms"
            ),  # fmt: skip
        ],
        notes=[
            f"{stores} stores x {days} days x {lines} sale lines a store-day = {written:,} sale "
            f"movements; roll-ups: {sku_rows:,} sales_sku_daily rows, {chain_rows:,} "
            f"sales_sku_chain_daily rows, {hour_rows:,} sales_hourly rows; {samples} samples "
            "each, the chain report and the before-0027 one taking turns.",
            "The chain report reads sales_hourly (per store) and sales_sku_chain_daily (top 10 "
            "SKUs; before 0027: sales_sku_daily), "
            "60 days of sales_hourly for the trends; the bare aggregate reads the raw sale "
            "movements (GROUP BY store), what a report without the roll-ups pays at the least.",
        ],
    )
