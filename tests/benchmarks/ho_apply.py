"""Head-office apply: movements per second through the real apply_batch, against raw inserts.

Each run gets a fresh database migrated by the real Alembic migrations, the
catalogue imported through import_catalogue and the stores enrolled through
add_store. The same pre-built batches of sale entries (3 movements each, as
decoded protobuf messages, which is what the sync servicer hands apply_batch)
are applied store by store in turn. The baseline writes the same movement
rows into the same `movements` table of another fresh database: one raw
psycopg COPY per batch on PostgreSQL, one executemany per batch on SQLite,
each batch its own committed transaction, as apply_batch commits each batch.
Runs alternate (apply, baseline, apply, baseline ...) and the median is quoted.
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

import psycopg
from alembic import command
from sqlalchemy.engine import Engine

from common.certs import create_ca
from common.pb.storeledger.v1 import ledger_pb2
from headoffice.services.catalogue import import_catalogue
from headoffice.services.stores import add_store
from headoffice.services.sync import apply_batch
from headoffice.store.engine import create_engine
from headoffice.store.migrations import alembic_config, migrate_engine
from headoffice.store.tables import MOVEMENT_COLUMNS
from headoffice.store.unit_of_work import UnitOfWork
from tests.benchmarks.fresh_headoffice import fresh_database
from tests.benchmarks.report import Figure, Section, progress
from tests.benchmarks.sync_lag import sale_entry
from tests.chain_fixtures import make_catalogue

COPY_RATIO_TARGET = 1 / 3
CATALOGUE_SIZE = 500

Batches = list[tuple[str, list[ledger_pb2.JournalEntry]]]


def build_batches(stores: int, batches_per_store: int, entries: int, skus: list[str]) -> Batches:
    """Batches in the order they are applied: store by store in turn, sequences from 1."""
    plan: Batches = []
    n = len(skus)
    for b in range(batches_per_store):
        for s in range(stores):
            first = b * entries + 1
            batch = [
                sale_entry(seq, [skus[(seq * 3 + k + s) % n] for k in range(3)])
                for seq in range(first, first + entries)
            ]
            plan.append((f"B{s + 1:03d}", batch))
    return plan


def movement_rows(
    store: str, batch: list[ledger_pb2.JournalEntry], cost: dict[str, int]
) -> list[tuple]:
    """The rows apply_batch writes for a batch, in MOVEMENT_COLUMNS order."""
    return [
        (
            store,
            e.seq,
            m.sku,
            m.qty_base,
            "sale",
            e.document_type,
            e.document_id,
            cost[m.sku],
            e.actor,
            e.occurred_at_ms,
        )
        for e in batch
        for m in e.movements
    ]


def migrate_to(url: str, revision: str = "heads") -> Engine:
    """An engine on `url`, its database at `revision` (store_partitions compares 0043)."""
    engine = create_engine(url)
    migrate_engine(engine)
    if revision != "heads":
        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, revision)
    return engine


def _prepare(url: str, csv_text: str, stores: int, revision: str = "heads") -> Any:
    engine = migrate_to(url, revision)
    import_catalogue(UnitOfWork(engine), csv_text)
    ca = create_ca("Bench chain")
    for s in range(stores):
        add_store(UnitOfWork(engine), ca, f"B{s + 1:03d}", f"Bench store {s + 1}", "127.0.0.1:1")
    return engine


def apply_run(
    url: str, csv_text: str, stores: int, plan: Batches, revision: str = "heads"
) -> tuple[float, list[float]]:
    """Seconds to apply every batch, and each batch's milliseconds."""
    engine = _prepare(url, csv_text, stores, revision)
    try:
        batch_ms = []
        started = time.perf_counter()
        for store, batch in plan:
            t0 = time.perf_counter()
            result = apply_batch(UnitOfWork(engine), store, batch)
            batch_ms.append((time.perf_counter() - t0) * 1000)
            assert result.applied == len(batch), result
        return time.perf_counter() - started, batch_ms
    finally:
        engine.dispose()


def copy_run_pg(
    url: str, csv_text: str, stores: int, rows: list[list[tuple]], revision: str = "heads"
) -> float:
    engine = _prepare(url, csv_text, stores, revision)
    engine.dispose()
    dsn = url.replace("postgresql+psycopg://", "postgresql://", 1)
    columns = ", ".join(MOVEMENT_COLUMNS)
    with psycopg.connect(dsn) as conn:
        started = time.perf_counter()
        for batch in rows:
            with (
                conn.transaction(),
                conn.cursor() as cur,
                cur.copy(f"COPY movements ({columns}) FROM STDIN") as copy,
            ):
                for row in batch:
                    copy.write_row(row)
        return time.perf_counter() - started


def insert_run_sqlite(url: str, csv_text: str, stores: int, rows: list[list[tuple]]) -> float:
    engine = _prepare(url, csv_text, stores)
    engine.dispose()
    conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    statement = (
        f"INSERT INTO movements ({', '.join(MOVEMENT_COLUMNS)}) "
        f"VALUES ({', '.join('?' * len(MOVEMENT_COLUMNS))})"
    )
    try:
        started = time.perf_counter()
        for batch in rows:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(statement, batch)
            conn.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        conn.close()


def _alternate(
    rounds: int,
    label: str,
    new_database: Callable[[str], AbstractContextManager[str]],
    apply: Callable[[str], tuple[float, list[float]]],
    baseline: Callable[[str], float],
) -> tuple[list[float], list[float], list[float]]:
    apply_s, base_s, batch_ms = [], [], []
    for r in range(rounds):
        for kind in ("apply", "baseline"):
            with new_database(f"{kind}{r}") as url:
                if kind == "apply":
                    seconds, per_batch = apply(url)
                    apply_s.append(seconds)
                    batch_ms += per_batch
                else:
                    base_s.append(baseline(url))
        progress(
            f"{label} round {r + 1}/{rounds}: apply {apply_s[-1]:.2f} s, "
            f"baseline {base_s[-1]:.2f} s"
        )
    return apply_s, base_s, batch_ms


def run(
    work: Path,
    admin_dsn: str,
    stores: int,
    batches_per_store: int,
    entries: int,
    rounds: int,
) -> Section:
    work.mkdir(parents=True, exist_ok=True)
    csv_text, products = make_catalogue(CATALOGUE_SIZE)
    skus = [p["sku"] for p in products]
    # No receipt precedes these sales, so every movement is valued at catalogue cost.
    cost = {p["sku"]: int(p["cost_minor"]) for p in products}
    plan = build_batches(stores, batches_per_store, entries, skus)
    rows = [movement_rows(store, batch, cost) for store, batch in plan]
    movements = sum(len(b) for b in rows)
    progress(f"apply: {len(plan)} batches of {entries} sales, {movements} movements per run")

    def pg_database(_tag: str) -> AbstractContextManager[str]:
        return fresh_database(admin_dsn)

    def sqlite_database(tag: str) -> AbstractContextManager[str]:
        return nullcontext(f"sqlite:///{work / f'{tag}.db'}")  # kept in work/ after the run

    pg_apply, pg_copy, pg_batch_ms = _alternate(
        rounds,
        "PostgreSQL",
        pg_database,
        lambda url: apply_run(url, csv_text, stores, plan),
        lambda url: copy_run_pg(url, csv_text, stores, rows),
    )
    lite_apply, lite_insert, lite_batch_ms = _alternate(
        rounds,
        "SQLite",
        sqlite_database,
        lambda url: apply_run(url, csv_text, stores, plan),
        lambda url: insert_run_sqlite(url, csv_text, stores, rows),
    )

    def rate(seconds: list[float]) -> float:
        return movements / statistics.median(seconds)

    pg_ratio = rate(pg_apply) / rate(pg_copy)
    lite_ratio = rate(lite_apply) / rate(lite_insert)
    return Section(
        title="Head-office apply_batch",
        figures=[
            Figure(
                "movements per run", f"{movements:,} ({len(plan)} batches x {entries} sales x 3)"
            ),
            Figure("PostgreSQL apply_batch", f"{rate(pg_apply):,.0f} movements/s"),
            Figure(
                "PostgreSQL raw COPY, same rows (same run)", f"{rate(pg_copy):,.0f} movements/s"
            ),
            Figure(
                "PostgreSQL apply / COPY",
                f"{pg_ratio:.2f}",
                ">= 0.33",
                pg_ratio >= COPY_RATIO_TARGET,
            ),
            Figure(
                "PostgreSQL apply_batch per batch p50",
                f"{statistics.median(pg_batch_ms):.1f} ms",
            ),
            Figure("SQLite apply_batch (reference)", f"{rate(lite_apply):,.0f} movements/s"),
            Figure(
                "SQLite raw executemany, same rows (same run)",
                f"{rate(lite_insert):,.0f} movements/s",
            ),
            Figure("SQLite apply / raw insert (reference)", f"{lite_ratio:.2f}"),
            Figure(
                "SQLite apply_batch per batch p50",
                f"{statistics.median(lite_batch_ms):.1f} ms",
            ),
        ],
        notes=[
            f"{stores} stores, {batches_per_store} batches each, {entries} sale entries per batch, "
            f"3 movements per entry, {CATALOGUE_SIZE}-product catalogue; "
            f"{rounds} alternating rounds (apply, baseline), fresh database for every run; "
            "medians of the rounds.",
            "The baseline commits once per batch like apply_batch, and writes exactly the rows "
            "apply_batch writes to `movements` - but nothing else (no journal payloads, "
            "no stock levels, no sync row).",
        ],
    )
