"""The last-unit race (issue 16): 50 clients reserve the one unit on hand, `runs` times.

PostgreSQL, head office's services in this process (no gRPC): per run a fresh SKU with
exactly 1 unit on hand at one store (stock_levels seeded directly in the database, for
speed), then 50 threads, each with its own unit of work and idempotency key, call
channel_reservations.reserve for 1 unit at the same moment (a barrier). After each run:
exactly 1 winner, 49 refusals with the "cannot promise" sentence, reserved 1, available
0 and no state below zero.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import sqlalchemy as sa

from common.certs import create_ca
from headoffice.domain.catalogue import Product
from headoffice.domain.channels import NotPromisable
from headoffice.domain.roles import Staff
from headoffice.services import channel_admin
from headoffice.services import channel_reservations as cr
from headoffice.services.stores import add_store
from headoffice.store.engine import create_engine
from headoffice.store.migrations import migrate_engine
from headoffice.store.tables import stock_levels
from headoffice.store.unit_of_work import UnitOfWork
from tests.benchmarks.report import Figure, Section, ms, progress, summary
from tests.conftest import create_pg_database, drop_pg_database

STORE = "S001"
CHANNEL = "mall"
NOW = 1_800_000_000_000
REFUSAL = "cannot promise this order to the channel"


def _setup(url: str, runs: int) -> list[str]:
    engine = create_engine(url)
    try:
        migrate_engine(engine)
        ca = create_ca("Bench chain")
        add_store(UnitOfWork(engine), ca, STORE, "Bench store", "127.0.0.1:1", now_ms=1_000)
        channel_admin.add_channel(UnitOfWork(engine), Staff("admin", "admin"), ca,
                                  "127.0.0.1:1", CHANNEL, "Mall", "mall", [STORE],
                                  now_ms=NOW)  # fmt: skip
        skus = [f"RACE{n:06d}" for n in range(runs)]
        with UnitOfWork(engine) as uow:
            uow.catalogue.save_products(
                [Product(s, f"Race {n}", "piece", 200, 100, "bench", "CNY", True, ())
                 for n, s in enumerate(skus)], set(), 1_000)  # fmt: skip
            uow.commit()
        with engine.begin() as conn:  # 1 unit of each on hand, seeded directly
            conn.execute(
                stock_levels.insert(),
                [{"store_code": STORE, "sku": s, "qty_base": 1, "avg_cost_minor": 100,
                  "updated_at_ms": 1_000} for s in skus],
            )  # fmt: skip
        return skus
    finally:
        engine.dispose()


def _race(engine: sa.Engine, sku: str, clients: int, run: int) -> tuple[int, list[str], float]:
    """(winners, problems, wall seconds) of one race for the one unit of `sku`."""
    wins: list[str] = []
    refusals: list[str] = []
    other: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)

    def client(n: int) -> None:
        barrier.wait()
        try:
            r = cr.reserve(UnitOfWork(engine), CHANNEL, STORE, [(sku, 1)], f"r{run}-c{n}",
                           now_ms=NOW)  # fmt: skip
            with lock:
                wins.append(r.reservation_id)
        except NotPromisable as exc:
            with lock:
                refusals.append(str(exc))
        except Exception as exc:  # noqa: BLE001 - reported as a problem of the run
            with lock:
                other.append(repr(exc))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    problems = list(other)
    if len(refusals) != clients - len(wins) - len(other):
        problems.append("lost a client")
    problems += [f"refusal without the sentence: {r}" for r in refusals if REFUSAL not in r]
    with UnitOfWork(engine) as uow:
        f = uow.channels.stock_figures(STORE, [sku])[sku]
    if (f.reserved, f.available) != (1, 0):
        problems.append(f"reserved {f.reserved}, available {f.available}")
    if min(f.on_hand, f.reserved, f.committed, f.damaged, f.safety, f.available) < 0:
        problems.append(f"a state below zero: {f}")
    return len(wins), problems, wall


def run(work: Path, admin_dsn: str, runs: int, clients: int = 50,
        deadline: float | None = None) -> Section:  # fmt: skip
    """`deadline` (time.time()): stop early and report the runs done."""
    work.mkdir(parents=True, exist_ok=True)
    name, url = create_pg_database(admin_dsn)
    try:
        skus = _setup(url, runs)
        progress(f"{runs} SKUs with 1 unit each seeded in stock_levels; {clients} clients a run")
        engine = create_engine(url, pool_size=clients + 2)
        winners: list[int] = []
        walls: list[float] = []
        bad_runs = 0
        oversells = 0
        started = time.perf_counter()
        try:
            for n, sku in enumerate(skus):
                if deadline is not None and time.time() > deadline:
                    progress(f"stopped at the deadline after {n} runs")
                    break
                won, problems, wall = _race(engine, sku, clients, n)
                winners.append(won)
                walls.append(wall)
                oversells += max(0, won - 1)
                if problems or won != 1:
                    bad_runs += 1
                    progress(f"run {n}: {won} winners; {'; '.join(problems)[:300]}")
                if (n + 1) % 50 == 0:
                    progress(f"{n + 1} runs, {bad_runs} bad, {oversells} oversold")
        finally:
            engine.dispose()
        elapsed = time.perf_counter() - started
    finally:
        drop_pg_database(admin_dsn, name)
    done = len(winners)
    p50, p99 = summary([w * 1000 for w in walls]) if walls else (0.0, 0.0)
    return Section(
        title=f"Last-unit race: {clients} clients, 1 unit on hand (PostgreSQL, services)",
        figures=[
            Figure("runs", f"{done} (asked {runs})"),
            Figure(
                "winners per run (min/max)",
                f"{min(winners, default=0)}/{max(winners, default=0)}",
                "1/1",
                bool(winners) and min(winners) == max(winners) == 1,
            ),  # fmt: skip
            Figure("oversells", str(oversells), "0", oversells == 0),
            Figure("runs failing a check", str(bad_runs), "0", bad_runs == 0),
            Figure("races per second", f"{done / elapsed:.1f}" if elapsed else "0"),
            Figure("a run's wall time p50", ms(p50)),
            Figure("a run's wall time p99", ms(p99)),
        ],
        notes=[
            "Stock seeded directly in stock_levels (1 unit of a fresh SKU per run), not "
            "through the sync service, for speed.",
            f"{clients} threads in this process, each with its own unit of work (connection) "
            "and idempotency key, released together by a barrier, call "
            "channel_reservations.reserve for 1 unit; no gRPC.",
            'Checked per run: 1 winner, the rest refused with the "cannot promise" '
            "sentence, reserved 1, available 0, no state below zero.",
        ],
    )
