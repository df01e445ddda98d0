"""Stocktake at head office: the accuracy report over a chain's year of weekly counts.

Each database is fresh, migrated by the real Alembic migrations (so the report
runs on the indexes of 0017_count_accuracy_indexes), then seeded directly:
posted count results (count_results) for `stores` stores x `weeks` weekly
sessions x `skus_per_session` SKUs (50: a weekly cycle count of one shelf run,
which is what a small shop's cycle plan proposes), and `sales_per_week`
aggregated sale movements per store and week for the shrink share. Seeding is
COPY on PostgreSQL and one executemany on SQLite, then count_result_sums filled
from the results as posting fills it, and sales_day_rollup from the movements as
applying them fills it (SalesRollupRepository.rebuild, migration 0018's backfill):
the rows the posting and the sales would write, not the applying itself (measured on
its own: `python -m tests.benchmarks apply`).

The measured call is the service function hoctl report accuracy ends in
(headoffice.services.counts_reports.accuracy) for the whole chain by week,
then one store's; the same-run baseline is the bare GROUP BY over the same rows
(store, week, class: count and sums), the floor any report must pay.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import sqlalchemy as sa

from headoffice.domain.roles import Staff
from headoffice.services.counts_reports import accuracy
from headoffice.store.count_tables import count_results
from headoffice.store.engine import create_engine
from headoffice.store.migrations import migrate
from headoffice.store.sales_rollup import SalesRollupRepository
from headoffice.store.tables import MOVEMENT_COLUMNS
from headoffice.store.unit_of_work import UnitOfWork
from tests.benchmarks.baselines import percentile
from tests.benchmarks.report import Figure, Section, progress
from tests.conftest import create_pg_database, drop_pg_database

REPORT_TARGET_S = 2.0
WEEK_MS = 7 * 24 * 3600 * 1000
START_MS = 1_735_776_000_000  # 2025-01-02T00:00Z, a Thursday
CATALOGUE = 5_000
ADMIN = Staff("bench", "admin")
RESULT_COLUMNS = [c.name for c in count_results.c]


def result_rows(stores: int, weeks: int, skus_per_session: int) -> Iterator[tuple]:
    """Posted results in RESULT_COLUMNS order: about 1 SKU in 4 off the book, most by a few."""
    rng = random.Random(13)
    for s in range(stores):
        store = f"B{s + 1:04d}"
        for w in range(weeks):
            session = f"CS-{store}-{w:03d}"
            posted = START_MS + w * WEEK_MS + s * 1000
            first = rng.randrange(CATALOGUE)
            for k in range(skus_per_session):
                n = (first + k * 97) % CATALOGUE
                book = 20 + n % 30
                off = rng.choice((0, 0, 0, -1, -2, 1, -5)) if rng.random() < 0.3 else 0
                cost = 100 + n % 900
                abc = "A" if n % 10 == 0 else ("B" if n % 10 < 4 else "C")
                within = off == 0 or (abs(off) == 1 and abc == "C")
                yield (
                    store, session, f"SKU{n:05d}", f"CAT{n % 40:02d}", abc, book, book + off,
                    off, cost, off * cost, within, 1, off, posted, w + 1,
                )  # fmt: skip


def sale_rows(stores: int, weeks: int, per_week: int) -> Iterator[tuple]:
    for s in range(stores):
        store = f"B{s + 1:04d}"
        seq = 0
        for w in range(weeks):
            for k in range(per_week):
                seq += 1
                n = (s * 31 + w * 7 + k) % CATALOGUE
                at = START_MS + w * WEEK_MS + k * 3_600_000
                yield (store, seq, f"SKU{n:05d}", -(5 + k % 20), "sale", "sale", f"D{seq}",
                       100 + n % 900, "bench", at)  # fmt: skip


# What CountsRepository.insert_results writes beside the results (count_result_sums).
SUMS_FROM_RESULTS = (
    "INSERT INTO count_result_sums (session_id, posted_seq, abc_class, store_code,"
    " posted_at_ms, counted, within, loss_minor, gain_minor)"
    " SELECT session_id, posted_seq, abc_class, MIN(store_code),"
    " MIN(posted_at_ms), COUNT(*), SUM(CASE WHEN within_tolerance THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN value_minor < 0 THEN value_minor ELSE 0 END),"
    " SUM(CASE WHEN value_minor > 0 THEN value_minor ELSE 0 END)"
    " FROM count_results GROUP BY session_id, posted_seq, abc_class"
)


def seed_pg(url: str, stores: int, weeks: int, skus: int, sales: int) -> None:
    dsn = url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(dsn) as conn:
        with conn.cursor() as cur:
            with cur.copy(f"COPY count_results ({', '.join(RESULT_COLUMNS)}) FROM STDIN") as cp:
                for row in result_rows(stores, weeks, skus):
                    cp.write_row(row)
            with cur.copy(f"COPY movements ({', '.join(MOVEMENT_COLUMNS)}) FROM STDIN") as cp:
                for row in sale_rows(stores, weeks, sales):
                    cp.write_row(row)
            cur.execute(SUMS_FROM_RESULTS)
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE count_results")
        conn.execute("VACUUM ANALYZE movements")
        conn.execute("VACUUM ANALYZE count_result_sums")


def seed_sqlite(url: str, stores: int, weeks: int, skus: int, sales: int) -> None:
    conn = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        marks = ", ".join("?" * len(RESULT_COLUMNS))
        conn.executemany(
            f"INSERT INTO count_results ({', '.join(RESULT_COLUMNS)}) VALUES ({marks})",
            result_rows(stores, weeks, skus),
        )
        marks = ", ".join("?" * len(MOVEMENT_COLUMNS))
        conn.executemany(
            f"INSERT INTO movements ({', '.join(MOVEMENT_COLUMNS)}) VALUES ({marks})",
            sale_rows(stores, weeks, sales),
        )
        conn.execute(SUMS_FROM_RESULTS)
        conn.commit()
        conn.execute("ANALYZE")
    finally:
        conn.close()


def bare_group_by(engine: sa.Engine) -> int:
    c = count_results.c
    key = (c.posted_at_ms // (24 * 3600 * 1000) + 3) // 7
    query = sa.select(
        c.store_code, key, c.abc_class, sa.func.count(), sa.func.sum(c.value_minor)
    ).group_by(c.store_code, key, c.abc_class)
    with engine.connect() as conn:
        return len(conn.execute(query).all())


def _timed(samples: int, call: Callable[[], object]) -> list[float]:
    out = []
    for _ in range(samples):
        t0 = time.perf_counter()
        call()
        out.append(time.perf_counter() - t0)
    return out


def _measure(
    label: str, url: str, seed: Callable[[str], None], samples: int
) -> dict[str, list[float]]:
    migrate(url)
    t0 = time.perf_counter()
    seed(url)
    engine = create_engine(url)
    with engine.begin() as conn:
        SalesRollupRepository(conn).rebuild()
        conn.exec_driver_sql("ANALYZE sales_day_rollup")
    progress(f"{label}: seeded in {time.perf_counter() - t0:.1f} s")
    try:
        chain = lambda: accuracy(UnitOfWork(engine), ADMIN, START_MS, bucket="week")  # noqa: E731
        report = chain()
        progress(
            f"{label}: {len(report.stores)} stores, {len(report.periods)} period figures, "
            f"chain accuracy {report.chain.accuracy_bp} bp, shrink/sales "
            f"{report.chain.shrink_sales_bp} bp"
        )
        found = {
            "chain": _timed(samples, chain),
            "store": _timed(
                samples,
                lambda: accuracy(UnitOfWork(engine), ADMIN, START_MS, store_code="B0001"),
            ),
            "bare": _timed(samples, lambda: bare_group_by(engine)),
            # What the /metrics gauges work out after a posting: the last 13 weeks, no tops.
            "gauges": _timed(
                samples,
                lambda: accuracy(UnitOfWork(engine), ADMIN, START_MS + 39 * WEEK_MS, top_n=0),
            ),
        }
        progress(
            f"{label}: chain p50 {statistics.median(found['chain']):.2f} s, "
            f"bare GROUP BY p50 {statistics.median(found['bare']):.2f} s"
        )
        return found
    finally:
        engine.dispose()


def run(
    work: Path,
    admin_dsn: str,
    stores: int,
    weeks: int,
    skus_per_session: int,
    sales_per_week: int,
    samples: int,
) -> Section:
    work.mkdir(parents=True, exist_ok=True)
    rows = stores * weeks * skus_per_session
    progress(f"accuracy: {stores} stores x {weeks} weeks x {skus_per_session} SKUs = {rows:,}")
    name, pg = create_pg_database(admin_dsn)
    try:
        pg_found = _measure(
            "PostgreSQL",
            pg,
            lambda url: seed_pg(url, stores, weeks, skus_per_session, sales_per_week),
            samples,
        )
    finally:
        drop_pg_database(admin_dsn, name)
    lite_found = _measure(
        "SQLite",
        f"sqlite:///{work / 'accuracy.db'}",
        lambda url: seed_sqlite(url, stores, weeks, skus_per_session, sales_per_week),
        samples,
    )
    figures = []
    for db, found in (("PostgreSQL", pg_found), ("SQLite", lite_found)):
        p50, p95 = statistics.median(found["chain"]), percentile(found["chain"], 95)
        bare = statistics.median(found["bare"])
        figures += [
            Figure(f"{db} chain report by week p50", f"{p50:.2f} s"),
            Figure(
                f"{db} chain report by week p95", f"{p95:.2f} s", "< 2 s", p95 < REPORT_TARGET_S
            ),
            Figure(f"{db} bare GROUP BY, same rows (same run) p50", f"{bare:.2f} s"),
            Figure(f"{db} report / bare GROUP BY", f"{p50 / bare:.1f}x"),
            Figure(
                f"{db} one store's report p95", f"{percentile(found['store'], 95) * 1000:.0f} ms"
            ),
            Figure(
                f"{db} gauge refresh (last 13 weeks, every store) p50",
                f"{statistics.median(found['gauges']):.2f} s",
            ),
        ]
    return Section(
        title="Accuracy report (hoctl report accuracy's service call)",
        figures=figures,
        notes=[
            f"{stores} stores x {weeks} weekly posted sessions x {skus_per_session} SKUs = "
            f"{rows:,} count results; {sales_per_week} sale movements per store and week "
            f"({stores * weeks * sales_per_week:,}); {samples} samples each, top 10 lists.",
            "The report is the whole chain by week, per ABC class (from count_result_sums): "
            "every store's totals, and week by week the chain, the 9 least accurate stores and "
            "the other stores added up (accuracy.shown_stores); the chain's top 10 SKUs and "
            "categories (ranked over the losses in count_results), sales at cost per store and "
            "week (sales_day_rollup).",
            "The bare GROUP BY adds up count_results itself (store, week, class): what the "
            "report cost before count_result_sums.",
        ],
    )
