"""Count-line ingest at head office: does a line cost more when its session's scope is big?

A fresh database per engine, migrated by the real migrations, a catalogue of `skus`
SKUs delivered to one store, then two sessions opened through apply_batch: one whose
scope lists every SKU (a full count of a big shop, named SKU by SKU) and one whose
scope lists `small` SKUs. Count lines are then applied to the two in turn, in batches
of `batch` lines as the sync service delivers them, and each batch is timed: the
per-line cost of the big session against the small one's in the same run. The target:
a line's cost does not depend on its session's scope (ratio about 1x).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import sqlalchemy as sa

from common.certs import create_ca
from headoffice.services.catalogue import import_catalogue
from headoffice.services.stores import add_store
from headoffice.services.sync import apply_batch
from headoffice.store.engine import create_engine
from headoffice.store.migrations import migrate
from headoffice.store.unit_of_work import UnitOfWork
from tests.benchmarks.report import Figure, Section, progress
from tests.chain_fixtures import make_catalogue
from tests.conftest import create_pg_database, drop_pg_database
from tests.journal_entries import count_line, count_session_event, delivery

STORE = "B001"
CHUNK = 1_000
RATIO_TARGET = 1.5  # "independent of the scope": within the noise of a shared machine


def _prepare(url: str, skus: list[str], csv_text: str, small: int) -> tuple[sa.Engine, int]:
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
    entries.append(count_session_event(seq + 1, "cs-small", "opened", skus=skus[:small]))
    for n in range(0, len(entries), CHUNK):
        apply_batch(UnitOfWork(engine), STORE, entries[n : n + CHUNK])
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    return engine, seq + 2


def _batch_s(engine: sa.Engine, session_id: str, skus: list[str], seq: int) -> float:
    entries = [count_line(seq + n, session_id, sku, 49, book=50) for n, sku in enumerate(skus)]
    t0 = time.perf_counter()
    result = apply_batch(UnitOfWork(engine), STORE, entries)
    elapsed = time.perf_counter() - t0
    assert result.applied == len(entries), result
    return elapsed


def _measure(
    label: str, url: str, skus: list[str], csv_text: str, small: int, batch: int, samples: int
) -> dict[str, list[float]]:
    engine, seq = _prepare(url, skus, csv_text, small)
    try:
        big: list[float] = []
        little: list[float] = []
        for n in range(samples):  # alternating, so a noisy moment hits both
            lines = skus[(n * batch) % small :][:batch]
            big.append(_batch_s(engine, "cs-big", lines, seq) / batch)
            seq += batch
            little.append(_batch_s(engine, "cs-small", lines, seq) / batch)
            seq += batch
        progress(
            f"{label}: a line of the {len(skus):,}-SKU session {statistics.median(big) * 1000:.2f}"
            f" ms, of the {small}-SKU one {statistics.median(little) * 1000:.2f} ms"
        )
        return {"big": big, "small": little}
    finally:
        engine.dispose()


def run(
    work: Path, admin_dsn: str, skus: int, small: int = 200, batch: int = 100, samples: int = 7
) -> Section:
    work.mkdir(parents=True, exist_ok=True)
    csv_text, products = make_catalogue(skus)
    names = [p["sku"] for p in products]
    small = min(small, skus)
    batch = min(batch, small)
    name, pg = create_pg_database(admin_dsn)
    try:
        pg_found = _measure("PostgreSQL", pg, names, csv_text, small, batch, samples)
    finally:
        drop_pg_database(admin_dsn, name)
    lite_file = work / "ingest.db"
    lite_file.unlink(missing_ok=True)
    lite_url = f"sqlite:///{lite_file}"
    lite_found = _measure("SQLite", lite_url, names, csv_text, small, batch, samples)
    figures = []
    for db, found in (("PostgreSQL", pg_found), ("SQLite", lite_found)):
        big, little = statistics.median(found["big"]), statistics.median(found["small"])
        ratio = big / little
        figures += [
            Figure(f"{db} count line, {skus:,}-SKU scope, p50", f"{big * 1000:.2f} ms"),
            Figure(
                f"{db} count line, {small}-SKU scope (same run), p50", f"{little * 1000:.2f} ms"
            ),
            Figure(
                f"{db} big scope / small scope", f"{ratio:.2f}x", "about 1x", ratio <= RATIO_TARGET
            ),
        ]
    return Section(
        title=f"Count-line ingest at head office, scope of {skus:,} SKUs against {small}",
        figures=figures,
        notes=[
            f"Per line: a batch of {batch} count lines applied through apply_batch, divided by "
            f"{batch}; {samples} alternating samples (big session, small session).",
        ],
    )
