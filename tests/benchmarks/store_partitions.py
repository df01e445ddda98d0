"""Head-office apply with and without the store partitions (migration 0044), same run.

The apply benchmark's workload (ho_apply: the same pre-built sale batches through the
real apply_batch, and a raw COPY of the same movement rows as the baseline), run against
two schemas in alternation: the newest (journal_entries, movements and stock_levels
partitioned by hash of store_code) and the same database downgraded to 0043 (plain
tables). Each run gets a fresh database. Rounds go plain apply, plain COPY, partitioned
apply, partitioned COPY, and the medians are quoted.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

import psycopg

from headoffice.store.tables import MOVEMENT_COLUMNS
from tests.benchmarks import ho_apply
from tests.benchmarks.fresh_headoffice import fresh_database
from tests.benchmarks.report import Figure, Section, progress
from tests.chain_fixtures import make_catalogue

PLAIN = "0043_stockout_spans"
KINDS = ("plain apply", "plain COPY", "partitioned apply", "partitioned COPY")


def run(
    work: Path,
    admin_dsn: str,
    stores: int,
    batches_per_store: int,
    entries: int,
    rounds: int,
    migrated_movements: int,
) -> Section:
    work.mkdir(parents=True, exist_ok=True)
    csv_text, products = make_catalogue(ho_apply.CATALOGUE_SIZE)
    skus = [p["sku"] for p in products]
    cost = {p["sku"]: int(p["cost_minor"]) for p in products}
    plan = ho_apply.build_batches(stores, batches_per_store, entries, skus)
    rows = [ho_apply.movement_rows(store, batch, cost) for store, batch in plan]
    movements = sum(len(b) for b in rows)
    progress(f"partitions: {len(plan)} batches of {entries} sales, {movements} movements per run")

    runs: dict[str, Callable[[str], float]] = {
        "plain apply": lambda url: ho_apply.apply_run(url, csv_text, stores, plan, PLAIN)[0],
        "plain COPY": lambda url: ho_apply.copy_run_pg(url, csv_text, stores, rows, PLAIN),
        "partitioned apply": lambda url: ho_apply.apply_run(url, csv_text, stores, plan)[0],
        "partitioned COPY": lambda url: ho_apply.copy_run_pg(url, csv_text, stores, rows),
    }
    seconds: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for r in range(rounds):
        for kind in KINDS:
            with fresh_database(admin_dsn) as url:
                seconds[kind].append(runs[kind](url))
        progress(
            f"partitions round {r + 1}/{rounds}: "
            + ", ".join(f"{kind} {seconds[kind][-1]:.2f} s" for kind in KINDS)
        )

    def rate(kind: str) -> float:
        return movements / statistics.median(seconds[kind])

    migration = migration_seconds(admin_dsn, stores=200, movements=migrated_movements)
    return Section(
        title="Head-office apply, plain tables against store partitions (PostgreSQL)",
        figures=[
            Figure(
                "movements per run", f"{movements:,} ({len(plan)} batches x {entries} sales x 3)"
            ),
            *(Figure(f"{kind}", f"{rate(kind):,.0f} movements/s") for kind in KINDS),
            Figure("apply / COPY, plain tables", f"{rate('plain apply') / rate('plain COPY'):.2f}"),
            Figure(
                "apply / COPY, partitioned",
                f"{rate('partitioned apply') / rate('partitioned COPY'):.2f}",
            ),
            Figure(
                "partitioned apply / plain apply",
                f"{rate('partitioned apply') / rate('plain apply'):.2f}",
            ),
            Figure(
                "partitioned apply / plain COPY",
                f"{rate('partitioned apply') / rate('plain COPY'):.2f}",
            ),
            Figure(
                f"migration 0044, 200 stores, {migrated_movements:,} movements",
                f"{migration:.1f} s",
            ),
        ],
        notes=[
            f"{stores} stores, {batches_per_store} batches each, {entries} sale entries per "
            f"batch, 3 movements per entry; {rounds} rounds of the four runs in turn, fresh "
            "database for every run; medians.",
            "Seconds per run: "
            + "; ".join(
                f"{kind} " + " / ".join(f"{s:.2f}" for s in seconds[kind]) for kind in KINDS
            ),
            "The migration figure: a database at 0043 holding that many movements, a journal "
            "entry per 3 of them and 200 x 500 stock levels, upgraded to 0044 (one transaction).",
        ],
    )


def migration_seconds(admin_dsn: str, stores: int, movements: int) -> float:
    """Seconds for migration 0044 on a database at 0043 with `movements` movements."""
    with fresh_database(admin_dsn) as url:
        ho_apply.migrate_to(url, PLAIN).dispose()
        dsn = url.replace("postgresql+psycopg://", "postgresql://", 1)
        entries = movements // 3
        with psycopg.connect(dsn) as conn:
            conn.execute(
                "INSERT INTO journal_entries SELECT 'B' || lpad((n %% %s)::text, 3, '0'), n,"
                " 'sale', 'd' || n, n, n, '\\x00' FROM generate_series(1, %s) n",
                (stores, entries),
            )
            conn.execute(
                f"INSERT INTO movements ({', '.join(MOVEMENT_COLUMNS)})"
                " SELECT 'B' || lpad((n / 3 %% %s)::text, 3, '0'), n / 3, 'SKU' || (n %% 500),"
                " -1, 'sale', 'sale', 'd' || n / 3, 100, 'till', n FROM generate_series(0, %s) n",
                (stores, movements - 1),
            )
            conn.execute(
                "INSERT INTO stock_levels SELECT 'B' || lpad(s::text, 3, '0'), 'SKU' || k,"
                " 10, 100, 1 FROM generate_series(0, %s) s, generate_series(0, 499) k",
                (stores - 1,),
            )
        started = time.perf_counter()
        ho_apply.migrate_to(url, "heads").dispose()
        return time.perf_counter() - started
