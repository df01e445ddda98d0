"""Head-office apply in-process on PostgreSQL: statements, CPU per movement, and where it goes.

    python -m tests.benchmarks.apply_profile [BATCHES] [--stores N] [--entries N]
                                             [--statements] [--cprofile [tottime|cumulative]]

The apply benchmark's batches (ho_apply: 500 sales of 3 lines, or --entries, over a
500-SKU catalogue, stores in turn) through the real apply_batch on a fresh database: the statements one
batch sends (every psycopg execute and COPY, SQLAlchemy's included; COMMIT is a round
trip too), then BATCHES batches after 5 of warm-up: this process's CPU and the database
backends' CPU (from /proc, the server being on this machine) per movement, and wall time.
The same movement rows by raw COPY on another fresh database, in the same run, are the
baseline. CPU seconds are much less sensitive to other work on the machine than wall
time: they are the figures to compare before and after a change. --statements times
every statement of the measured batches (wall, and the server process's CPU from
/proc/PID/schedstat; the timers' own cost then counts in the CPU figures); --cprofile
prints where this process's CPU goes.
"""

from __future__ import annotations

import cProfile
import pstats
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

import psycopg

from headoffice.services.sync import apply_batch
from headoffice.store.unit_of_work import UnitOfWork
from tests.benchmarks import ho_apply
from tests.chain_fixtures import make_catalogue
from tests.conftest import PG_ADMIN_DSN, create_pg_database, drop_pg_database

WARM_UP = 5


def backend_cpu(dsn: str, database: str) -> float:
    """CPU seconds (user + system) used so far by the server processes of `database`."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        pids = [
            pid
            for (pid,) in conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                (database,),
            )
        ]
    return sum(run_seconds(pid) for pid in pids)


def run_seconds(pid: int) -> float:
    """CPU seconds process `pid` has run (the scheduler's count, in nanoseconds)."""
    try:
        with open(f"/proc/{pid}/schedstat") as f:
            return int(f.read().split()[0]) / 1e9
    except OSError:
        return 0.0


@contextmanager
def statements() -> Iterator[dict[str, list[tuple[float, float]]]]:
    """Every statement psycopg sends while the block runs (its first 110 characters), with
    the seconds each took (a COPY: from its start to its end, the caller's Python between
    its writes included) and the server process's CPU seconds meanwhile; COMMIT counted
    as one."""
    sent: dict[str, list[tuple[float, float]]] = {}
    cursor_execute = psycopg.Cursor.execute
    cursor_copy = psycopg.Cursor.copy
    executemany = psycopg.Cursor.executemany
    commit = psycopg.Connection.commit
    clock = time.perf_counter

    def short(query: Any) -> str:
        text = query if isinstance(query, str) else getattr(query, "as_string", str)(None)
        return " ".join(str(text).split())[:110]

    @contextmanager
    def timed(key: str, conn: Any) -> Iterator[None]:
        pid = conn.info.backend_pid
        started, server = clock(), run_seconds(pid)
        try:
            yield
        finally:
            sent.setdefault(key, []).append((clock() - started, run_seconds(pid) - server))

    def execute(self: Any, query: Any, *args: Any, **kwargs: Any) -> Any:
        with timed(short(query), self.connection):
            return cursor_execute(self, query, *args, **kwargs)

    def many(self: Any, query: Any, params: Any, *args: Any, **kwargs: Any) -> Any:
        params = list(params)
        with timed(f"[executemany x{len(params)}] {short(query)}", self.connection):
            return executemany(self, query, params, *args, **kwargs)

    @contextmanager
    def copy(self: Any, statement: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        with (
            timed(short(statement), self.connection),
            cursor_copy(self, statement, *args, **kwargs) as c,
        ):
            yield c

    def committed(self: Any) -> None:
        with timed("COMMIT", self):
            commit(self)

    psycopg.Cursor.execute = execute  # type: ignore[method-assign]
    psycopg.Cursor.executemany = many  # type: ignore[method-assign]
    psycopg.Cursor.copy = copy  # type: ignore[method-assign,assignment]
    psycopg.Connection.commit = committed  # type: ignore[method-assign]
    try:
        yield sent
    finally:
        psycopg.Cursor.execute = cursor_execute  # type: ignore[method-assign]
        psycopg.Cursor.executemany = executemany  # type: ignore[method-assign]
        psycopg.Cursor.copy = cursor_copy  # type: ignore[method-assign]
        psycopg.Connection.commit = commit  # type: ignore[method-assign]


def measured(dsn: str, database: str, run: Callable[[], None]) -> tuple[float, float, float]:
    """(wall, this process's CPU, the database's backends' CPU) seconds of run()."""
    server = backend_cpu(dsn, database)
    cpu = time.process_time()
    wall = time.perf_counter()
    run()
    wall = time.perf_counter() - wall
    cpu = time.process_time() - cpu
    return wall, cpu, backend_cpu(dsn, database) - server


def main(argv: list[str]) -> None:
    flags = {"--stores", "--entries"}
    count = int(
        next((a for i, a in enumerate(argv) if a.isdigit() and argv[i - 1] not in flags), "40")
    )
    stores = int(argv[argv.index("--stores") + 1]) if "--stores" in argv else 5
    entries = int(argv[argv.index("--entries") + 1]) if "--entries" in argv else 500
    csv_text, products = make_catalogue(ho_apply.CATALOGUE_SIZE)
    skus = [p["sku"] for p in products]
    cost = {p["sku"]: int(p["cost_minor"]) for p in products}
    per_store = -(-(count + WARM_UP + 1) // stores)
    plan = ho_apply.build_batches(stores, per_store, entries, skus)[: count + WARM_UP + 1]
    warm, shown, timed = plan[:WARM_UP], plan[WARM_UP], plan[WARM_UP + 1 :]
    movements = sum(len(e.movements) for _, batch in timed for e in batch)
    admin = PG_ADMIN_DSN

    name, url = create_pg_database(admin)
    try:
        engine = ho_apply._prepare(url, csv_text, stores)
        dsn = url.replace("postgresql+psycopg://", "postgresql://", 1)
        for store, batch in warm:
            apply_batch(UnitOfWork(engine), store, batch)
        with statements() as sent:
            apply_batch(UnitOfWork(engine), *shown)
        print(f"one batch of {len(shown[1])} sales: {sum(map(len, sent.values()))} statements")
        for statement in sent:
            print(f"    {statement}")

        def apply_all() -> None:
            for store, batch in timed:
                apply_batch(UnitOfWork(engine), store, batch)

        profile = cProfile.Profile(time.process_time)
        per_statement = statements() if "--statements" in argv else nullcontext({})
        with per_statement as timed_statements:
            if "--cprofile" in argv:
                profile.enable()
            wall, cpu, server = measured(dsn, name, apply_all)
            profile.disable()
        engine.dispose()
    finally:
        drop_pg_database(admin, name)

    rows = [ho_apply.movement_rows(store, batch, cost) for store, batch in timed]
    name, url = create_pg_database(admin)
    try:
        ho_apply._prepare(url, csv_text, stores).dispose()
        dsn = url.replace("postgresql+psycopg://", "postgresql://", 1)
        columns = ", ".join(ho_apply.MOVEMENT_COLUMNS)
        with psycopg.connect(dsn) as conn:

            def copy_all() -> None:
                for batch in rows:
                    with (
                        conn.transaction(),
                        conn.cursor() as cur,
                        cur.copy(f"COPY movements ({columns}) FROM STDIN") as copy,
                    ):
                        for row in batch:
                            copy.write_row(row)

            c_wall, c_cpu, c_server = measured(dsn, name, copy_all)
    finally:
        drop_pg_database(admin, name)

    def us(seconds: float) -> str:
        return f"{seconds / movements * 1e6:.2f} us"

    print(f"{len(timed)} batches, {movements} movements, {stores} stores:")
    print("| | wall | client CPU | server CPU | CPU total |")
    print("|---|---|---|---|---|")
    for label, w, c, s in (
        ("apply_batch, per movement", wall, cpu, server),
        ("COPY of the same rows, per movement", c_wall, c_cpu, c_server),
    ):
        print(f"| {label} | {us(w)} | {us(c)} | {us(s)} | {us(c + s)} |")
    print(
        f"apply / COPY: wall {c_wall / wall:.2f}, CPU total {(c_cpu + c_server) / (cpu + server):.2f}"
    )
    if timed_statements:
        print("per batch: statement, wall median, server CPU mean (ms), statements a batch:")
    by_wall = sorted(timed_statements.items(), key=lambda kv: -sum(w for w, _ in kv[1]))
    for statement, times in by_wall:
        wall_ms = statistics.median(w for w, _ in times) * 1000
        server_ms = sum(s for _, s in times) / len(times) * 1000
        print(f"  {wall_ms:7.2f} {server_ms:7.2f} x{len(times) / len(timed):.1f}  {statement}")
    if "--cprofile" in argv:
        pstats.Stats(profile).sort_stats(
            sys.argv[-1] if sys.argv[-1] in ("tottime", "cumulative") else "tottime"
        ).print_stats(45)


if __name__ == "__main__":
    main(sys.argv[1:])
