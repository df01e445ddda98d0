"""One channel order in-process on PostgreSQL: statements, Python CPU and latency, no gRPC.

    python -m tests.benchmarks.channel_profile [ORDERS] [--cprofile]

Services and repositories as head office runs them, on a fresh database with one store,
20 SKUs and one channel: the statements one Reserve and one Confirm send (the pool's ping
and COMMIT are round trips too, not listed), then ORDERS orders one after the other:
reserve, confirm and pair latency, and this process's CPU per order; --cprofile prints
where that CPU goes.
"""

from __future__ import annotations

import cProfile
import pstats
import statistics
import sys
import time

from sqlalchemy import event

from common.certs import create_ca
from headoffice.domain.roles import Staff
from headoffice.services import channel_admin
from headoffice.services import channel_reservations as cr
from headoffice.services.stores import add_store
from headoffice.services.sync import apply_batch
from headoffice.store.engine import create_engine
from headoffice.store.unit_of_work import UnitOfWork
from tests.benchmarks.baselines import percentile
from tests.conftest import PG_ADMIN_DSN, _migrate_quietly, create_pg_database, drop_pg_database
from tests.db.conftest import seed_catalogue
from tests.journal_entries import delivery

SKUS = [f"SKU{n}" for n in range(20)]


def main(argv: list[str]) -> None:
    orders = int(next((a for a in argv if a.isdigit()), "300"))
    name, url = create_pg_database(PG_ADMIN_DSN)
    try:
        _migrate_quietly(url)
        engine = create_engine(url)

        def uow() -> UnitOfWork:
            return UnitOfWork(engine)

        ca = create_ca("bench")
        add_store(uow(), ca, "S001", "Main", "127.0.0.1:1", now_ms=1000)
        seed_catalogue(engine, SKUS)
        apply_batch(uow(), "S001", [delivery(1, [(s, 1_000_000, 100) for s in SKUS])])
        channel_admin.add_channel(
            uow(), Staff("admin", "admin"), ca, "127.0.0.1:1", "mall", "Mall", "mall", ["S001"],
            now_ms=1000,
        )  # fmt: skip
        sent: list[str] = []
        event.listen(
            engine, "before_cursor_execute",
            lambda _c, _cur, statement, *_rest: sent.append(" ".join(statement.split())[:100]),
        )  # fmt: skip

        def order(key: str, n: int) -> tuple[float, float]:
            a = time.perf_counter()
            r = cr.reserve(uow(), "mall", "S001", [(SKUS[n % len(SKUS)], 1)], key)
            b = time.perf_counter()
            cr.confirm(uow(), "mall", r.reservation_id)
            return (b - a) * 1000, (time.perf_counter() - b) * 1000

        for n in range(50):
            order(f"warm{n}", n)
        for what in ("reserve", "confirm"):
            sent.clear()
            if what == "reserve":
                held = cr.reserve(uow(), "mall", "S001", [(SKUS[3], 1)], "one")
            else:
                cr.confirm(uow(), "mall", held.reservation_id)
            print(f"{what}: {len(sent)} statements")
            for statement in sent:
                print(f"    {statement}")
        cpu = time.process_time()
        times = [order(f"m{n}", n) for n in range(orders)]
        cpu_ms = (time.process_time() - cpu) / orders * 1000
        pairs = [r + c for r, c in times]
        print(
            f"{orders} orders one at a time: reserve p50 "
            f"{statistics.median(r for r, _c in times):.2f} ms, confirm p50 "
            f"{statistics.median(c for _r, c in times):.2f} ms, pair p50 "
            f"{statistics.median(pairs):.2f} ms p99 {percentile(pairs, 99):.2f} ms; "
            f"this process's CPU {cpu_ms:.2f} ms an order"
        )
        if "--cprofile" in argv:
            profile = cProfile.Profile()
            profile.enable()
            for n in range(orders):
                order(f"p{n}", n)
            profile.disable()
            pstats.Stats(profile).sort_stats("tottime").print_stats(25)
        engine.dispose()
    finally:
        drop_pg_database(PG_ADMIN_DSN, name)


if __name__ == "__main__":
    main(sys.argv[1:])
