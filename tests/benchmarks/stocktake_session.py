"""Stocktake at head office: one big session (a full count of a 20,000-SKU shop).

A fresh database per engine, migrated by the real migrations, the catalogue
imported through import_catalogue, the store enrolled through add_store, then
the store's journal applied through apply_batch as the sync service would: a
delivery of every SKU, the session opened, one count line per SKU (each one off
the book: 20,000 adjustments), submitted. Measured:

- the variance report, the service path of `hoctl count variance` (variance_report
  by SKU, what the CountVariance servicer calls), against the bare SQL aggregate over the same
  count lines (SELECT sku, SUM(qty_base) ... GROUP BY sku) in the same run;
- head office applying the store's posting (one count_posting entry with
  20,000 lines and 20,000 adjustment movements) through apply_batch.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

from common.certs import create_ca
from headoffice.domain.roles import Staff
from headoffice.services.catalogue import import_catalogue
from headoffice.services.counts_reports import variance_report
from headoffice.services.stores import add_store
from headoffice.services.sync import apply_batch
from headoffice.store.count_tables import count_lines
from headoffice.store.engine import create_engine
from headoffice.store.migrations import migrate
from headoffice.store.unit_of_work import UnitOfWork
from tests.benchmarks.baselines import percentile
from tests.benchmarks.report import Figure, Section, progress
from tests.chain_fixtures import make_catalogue
from tests.conftest import create_pg_database, drop_pg_database
from tests.journal_entries import count_line, count_posting, count_session_event, delivery

VARIANCE_TARGET_S = 2.0
RATIO_TARGET = 3.0
POSTING_TARGET_S = 10.0
ADMIN = Staff("bench", "admin")
STORE = "B001"
CHUNK = 1_000


def _prepare(url: str, skus: list[str], csv_text: str) -> tuple[sa.Engine, object]:
    migrate(url)
    engine = create_engine(url)
    import_catalogue(UnitOfWork(engine), csv_text)
    add_store(UnitOfWork(engine), create_ca("Bench chain"), STORE, "Bench store", "127.0.0.1:1")
    entries = [
        delivery(1 + n // CHUNK, [(sku, 50, 100) for sku in skus[n : n + CHUNK]])
        for n in range(0, len(skus), CHUNK)
    ]
    seq = len(entries) + 1
    entries.append(count_session_event(seq, "cs-big", "opened", skus=skus))
    for n, sku in enumerate(skus):
        entries.append(count_line(seq + 1 + n, "cs-big", sku, 49, book=50, location="A-1"))
    seq += len(skus) + 1
    entries.append(count_session_event(seq, "cs-big", "submitted"))
    for n in range(0, len(entries), CHUNK):
        apply_batch(UnitOfWork(engine), STORE, entries[n : n + CHUNK])
    if engine.dialect.name == "postgresql":
        # Statistics, as a production server's autovacuum gathers after this many new rows
        # (this test server runs with autovacuum off); the bare aggregate reads them too.
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    posting = count_posting(seq + 1, "cs-big", [(sku, 50, 49, 100) for sku in skus])
    return engine, posting


def _bare(engine: sa.Engine) -> int:
    c = count_lines.c
    query = (
        sa.select(c.sku, sa.func.sum(c.qty_base)).where(c.session_id == "cs-big").group_by(c.sku)
    )
    with engine.connect() as conn:
        return len(conn.execute(query).all())


def _variance(engine: sa.Engine) -> int:
    return len(variance_report(UnitOfWork(engine), ADMIN, "cs-big", "sku").rows)


def _timed(samples: int, call: Callable[[], object]) -> list[float]:
    out = []
    for _ in range(samples):
        t0 = time.perf_counter()
        call()
        out.append(time.perf_counter() - t0)
    return out


def _measure(label: str, url: str, skus: list[str], csv_text: str, samples: int) -> dict:
    t0 = time.perf_counter()
    engine, posting = _prepare(url, skus, csv_text)
    progress(f"{label}: session of {len(skus):,} lines applied in {time.perf_counter() - t0:.1f} s")
    try:
        assert _variance(engine) == len(skus) == _bare(engine)
        variance: list[float] = []
        bare: list[float] = []
        for _ in range(samples):  # alternating, so a noisy moment hits both
            variance += _timed(1, lambda: _variance(engine))
            bare += _timed(1, lambda: _bare(engine))
        t0 = time.perf_counter()
        result = apply_batch(UnitOfWork(engine), STORE, [posting])
        posting_s = time.perf_counter() - t0
        assert result.applied == 1, result
        progress(
            f"{label}: variance p50 {statistics.median(variance):.2f} s, bare "
            f"{statistics.median(bare):.3f} s, posting {posting_s:.2f} s"
        )
        return {"variance": variance, "bare": bare, "posting": posting_s}
    finally:
        engine.dispose()


def run(work: Path, admin_dsn: str, skus: int, samples: int) -> Section:
    work.mkdir(parents=True, exist_ok=True)
    csv_text, products = make_catalogue(skus)
    names = [p["sku"] for p in products]
    name, pg = create_pg_database(admin_dsn)
    try:
        pg_found = _measure("PostgreSQL", pg, names, csv_text, samples)
    finally:
        drop_pg_database(admin_dsn, name)
    lite_found = _measure("SQLite", f"sqlite:///{work / 'session.db'}", names, csv_text, samples)
    figures = []
    for db, found in (("PostgreSQL", pg_found), ("SQLite", lite_found)):
        p95 = percentile(found["variance"], 95)
        ratio = statistics.median(found["variance"]) / statistics.median(found["bare"])
        figures += [
            Figure(f"{db} variance report p50", f"{statistics.median(found['variance']):.2f} s"),
            Figure(f"{db} variance report p95", f"{p95:.2f} s", "< 2 s", p95 < VARIANCE_TARGET_S),
            Figure(
                f"{db} bare SUM ... GROUP BY sku, same lines (same run) p50",
                f"{statistics.median(found['bare']) * 1000:.0f} ms",
            ),
            Figure(f"{db} variance / bare", f"{ratio:.1f}x", "<= 3x", ratio <= RATIO_TARGET),
            Figure(
                f"{db} posting of {skus:,} adjustments (apply_batch)",
                f"{found['posting']:.2f} s",
                "< 10 s",
                found["posting"] < POSTING_TARGET_S,
            ),
        ]
    return Section(
        title=f"Stocktake session of {skus:,} SKUs at head office",
        figures=figures,
        notes=[
            f"One full count of {skus:,} SKUs, one line each, every SKU one off the book; "
            f"{samples} alternating samples (variance, bare); the posting applied once per "
            "engine (a posting applies once; a replay is a duplicate).",
            "The variance report is variance_report by SKU (CountVariance's service path): "
            "head office's per-SKU sums, the costs (catalogue, average costs, posted "
            "results), the shared rules' variance, value and tolerance, one row a SKU, and "
            "the totals.",
        ],
    )
