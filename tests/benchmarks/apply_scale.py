"""Head-office apply at 200 and 1,000 stores, with 1, 2 and 4 head-office processes.

    python -m tests.benchmarks apply --stores 200,1000 --processes 1,2,4

Many simulated stores against one PostgreSQL database, their batches applied through
the real apply_batch by P operating-system processes, as P `headoffice serve`
processes would (each serves any store; the per-store sync row and sequence in the
database decide). The stores are shared out between the processes (store i to
process i mod P); each process applies its stores' batches in turn, round after round,
with no gRPC in between (the stores are simulated in the process that applies them).
All processes start together (a barrier) and the run ends when the last has
committed its last batch. The baseline, in the same run: the same movement rows by
raw COPY, one committed COPY per batch, from one process (ho_apply's baseline). Every
run gets its own database, cloned from one prepared for that store count (schema,
500-product catalogue, stores enrolled), so runs do not see each other's rows.
"""

from __future__ import annotations

import multiprocessing
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import psycopg

from common.certs import create_ca
from headoffice.services.stores import add_store
from headoffice.store.unit_of_work import UnitOfWork
from tests.benchmarks import ho_apply
from tests.benchmarks.report import Figure, Section, progress
from tests.chain_fixtures import make_catalogue
from tests.conftest import clone_pg_database, create_pg_database, drop_pg_database


@dataclass(frozen=True)
class Workload:
    """What each store sends: `batches` batches of `entries` three-line sales."""

    stores: int
    batches: int
    entries: int

    @property
    def movements(self) -> int:
        return self.stores * self.batches * self.entries * 3


def workload(stores: int, quick: bool) -> Workload:
    """About 60,000 movements a run at 200 stores (100 sales a store), 120,000 at 1,000
    (30 a store, smaller batches): more stores, each with a shorter backlog."""
    if quick:
        return Workload(stores, 1, 10)
    return Workload(stores, 2, max(15, 10_000 // stores))


def _plan(load: Workload) -> tuple[ho_apply.Batches, dict[str, int]]:
    _csv, products = make_catalogue(ho_apply.CATALOGUE_SIZE)
    skus = [p["sku"] for p in products]
    plan = ho_apply.build_batches(load.stores, load.batches, load.entries, skus)
    return plan, {p["sku"]: int(p["cost_minor"]) for p in products}


def warm_up_store(share: int) -> str:
    return f"W{share + 1:03d}"


def _apply_share(
    url: str, load: Workload, share: int, processes: int, barrier: Any, done: Any
) -> None:
    """One head-office process: apply the batches of stores share, share + P, ... in order."""
    from headoffice.services.sync import apply_batch
    from headoffice.store.engine import create_engine

    plan, _cost = _plan(load)
    mine = [(store, batch) for store, batch in plan if (int(store[1:]) - 1) % processes == share]
    engine = create_engine(url)
    try:
        # Warm, as a serving process is: connected, statements prepared, code paths run
        # (two batches of a store of its own, not counted).
        _csv, products = make_catalogue(ho_apply.CATALOGUE_SIZE)
        warm = ho_apply.build_batches(1, 2, load.entries, [p["sku"] for p in products])
        for _store, batch in warm:
            apply_batch(UnitOfWork(engine), warm_up_store(share), batch)
        barrier.wait()
        for store, batch in mine:
            result = apply_batch(UnitOfWork(engine), store, batch)
            if result.applied != len(batch):
                raise AssertionError(f"{store}: {result}")
            with done.get_lock():
                done.value += 1
    finally:
        engine.dispose()


def apply_seconds(url: str, load: Workload, processes: int, batches: int) -> float:
    """Wall seconds for `processes` processes to apply every batch of `load`."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(processes + 1)
    done = context.Value("i", 0)
    workers = [
        context.Process(target=_apply_share, args=(url, load, k, processes, barrier, done))
        for k in range(processes)
    ]
    for worker in workers:
        worker.start()
    barrier.wait(timeout=300)
    started = time.perf_counter()
    last = started
    while any(w.is_alive() for w in workers):
        for worker in workers:
            worker.join(timeout=0.2)
        if time.perf_counter() - last >= 5:
            last = time.perf_counter()
            progress(f"    {done.value}/{batches} batches applied, {last - started:.0f} s")
    seconds = time.perf_counter() - started
    failed = [w.exitcode for w in workers if w.exitcode]
    if failed:
        raise RuntimeError(f"a head-office process failed (exit codes {failed})")
    return seconds


def copy_seconds(url: str, rows: list[list[tuple]]) -> float:
    dsn = url.replace("postgresql+psycopg://", "postgresql://", 1)
    columns = ", ".join(ho_apply.MOVEMENT_COLUMNS)
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


def _check(url: str, load: Workload) -> None:
    """Every movement applied once: the count, and every store's committed sequence."""
    dsn = url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(dsn) as conn:
        (count,) = conn.execute(
            "SELECT count(*) FROM movements WHERE store_code LIKE 'B%'"
        ).fetchone() or (0,)
        (stuck,) = conn.execute(
            "SELECT count(*) FROM store_sync WHERE store_code LIKE 'B%%' AND committed_seq <> %s",
            (load.batches * load.entries,),
        ).fetchone() or (0,)
    if count != load.movements or stuck:
        raise AssertionError(f"{count} movements, {stuck} stores short of their last entry")


def run(
    admin_dsn: str,
    store_counts: Sequence[int],
    process_counts: Sequence[int],
    rounds: int,
    quick: bool = False,
) -> Section:
    figures: list[Figure] = []
    notes: list[str] = []
    csv_text, _products = make_catalogue(ho_apply.CATALOGUE_SIZE)
    for stores in store_counts:
        load = workload(stores, quick)
        plan, cost = _plan(load)
        rows = [ho_apply.movement_rows(store, batch, cost) for store, batch in plan]
        progress(
            f"scale: {stores} stores x {load.batches} batches of {load.entries} sales, "
            f"{load.movements:,} movements a run; preparing the database"
        )
        template, url = create_pg_database(admin_dsn)
        try:
            engine = ho_apply._prepare(url, csv_text, stores)
            try:
                ca = create_ca("Bench warm-up")
                for k in range(max(process_counts)):
                    add_store(UnitOfWork(engine), ca, warm_up_store(k), "Warm-up", "127.0.0.1:1")
            finally:
                engine.dispose()
            kinds = ["COPY", *(f"apply x{p}" for p in process_counts)]
            seconds: dict[str, list[float]] = {kind: [] for kind in kinds}
            for r in range(rounds):
                for kind in kinds:
                    name, run_url = clone_pg_database(admin_dsn, template)
                    try:
                        if kind == "COPY":
                            seconds[kind].append(copy_seconds(run_url, rows))
                        else:
                            processes = int(kind.removeprefix("apply x"))
                            seconds[kind].append(apply_seconds(run_url, load, processes, len(plan)))
                            _check(run_url, load)
                    finally:
                        drop_pg_database(admin_dsn, name)
                    progress(
                        f"{stores} stores, round {r + 1}/{rounds}: {kind} "
                        f"{seconds[kind][-1]:.2f} s "
                        f"({load.movements / seconds[kind][-1]:,.0f} movements/s)"
                    )
        finally:
            drop_pg_database(admin_dsn, template)
        rate = {kind: load.movements / statistics.median(s) for kind, s in seconds.items()}
        figures.append(
            Figure(f"{stores} stores: raw COPY, one process", f"{rate['COPY']:,.0f} movements/s")
        )
        for p in process_counts:
            kind = f"apply x{p}"
            figures.append(
                Figure(
                    f"{stores} stores: apply_batch, {p} process{'es' if p > 1 else ''}",
                    f"{rate[kind]:,.0f} movements/s ({rate[kind] / rate['COPY']:.2f}x COPY)",
                )
            )
        notes.append(
            f"{stores} stores: {len(plan):,} batches ({load.batches} a store, "
            f"{load.entries} sales of 3 lines each), {load.movements:,} movements a run; "
            "seconds per run: "
            + "; ".join(f"{k} " + " / ".join(f"{s:.2f}" for s in v) for k, v in seconds.items())
        )
    notes.append(
        "Each run on its own clone of a database prepared for that store count; processes "
        "started and connected before the clock starts; every movement and every store's "
        "committed sequence checked after each apply run. COPY: one process, one committed "
        f"COPY per batch; {rounds} round(s) of all runs in turn, medians."
    )
    return Section(
        title="Head-office apply at many stores, 1 to 4 head-office processes (PostgreSQL)",
        figures=figures,
        notes=notes,
    )
