"""Two `headoffice serve` processes on one PostgreSQL database; either is SIGKILLed during sync.

The promise under test (issue 17, docs/headoffice-processes.md): stores list both
processes' addresses and gRPC's round_robin balancing carries their streams; when the
process a store streams to dies, the store fails over to the other one and goes on,
nothing is applied twice (the store's sync row lock and the (store, seq) key decide),
no store is left stuck, and a catalogue change made through one process reaches a store
whatever process it streams from. PostgreSQL only: embedded SQLite is one process's.
"""

from __future__ import annotations

import re
import shutil
import statistics
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from common.domain.barcodes import gtin_check_digit
from scripts.chain import EdgeAgent, HeadOffice, wait_caught_up, wait_for
from tests.chain_fixtures import SaleDriver, make_catalogue
from tests.conftest import create_pg_database, drop_pg_database
from tests.faults.test_headoffice_kills import headoffice_counts

STORES = ["S001", "S002"]
PRODUCTS = 20
RATE_PER_S = 25.0  # each store's sales: a committed entry every 40 ms, to time the failover
FAILOVER_BOUND_S = 15.0  # a store whose process died commits again within this


@pytest.fixture
def pg_url(pg_admin_dsn: str) -> Iterator[str]:
    name, url = create_pg_database(pg_admin_dsn)
    try:
        yield url
    finally:
        drop_pg_database(pg_admin_dsn, name)


def committed_seqs(db_url: str) -> dict[str, int]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT store_code, max(seq) FROM journal_entries GROUP BY store_code")
            ).all()
        return {str(code): int(seq) for code, seq in rows}
    finally:
        engine.dispose()


def applied_here(ho: HeadOffice) -> dict[str, float]:
    """storeledger_sync_entries_applied by store, as this process counted them."""
    with urllib.request.urlopen(f"http://{ho.metrics_address}/metrics", timeout=5) as reply:
        page = reply.read().decode()
    pattern = r'^storeledger_sync_entries_applied_total\{store="([^"]+)"\} (\S+)$'
    return {m[1]: float(m[2]) for m in re.finditer(pattern, page, re.MULTILINE)}


def streaming_to(ho: HeadOffice, window_s: float = 0.6) -> set[str]:
    """The stores whose batches this process is applying now."""
    before = applied_here(ho)
    time.sleep(window_s)
    after = applied_here(ho)
    return {store for store, n in after.items() if n > before.get(store, 0.0)}


def kill_and_time_failover(victim: HeadOffice, db_url: str) -> dict[str, float]:
    """SIGKILL the process; for each store that was streaming to it, the seconds until head
    office commits that store's next entry. Every store must commit again (none stuck)."""
    on_victim = streaming_to(victim)
    before = committed_seqs(db_url)
    victim.kill()
    killed_at = time.monotonic()
    times: dict[str, float] = {}
    for store in STORES:
        wait_for(
            f"store {store} to commit again after the kill",
            lambda s=store: committed_seqs(db_url).get(s, 0) > before.get(s, 0),
            timeout_s=FAILOVER_BOUND_S,
            interval_s=0.01,
        )
        if store in on_victim:
            times[store] = time.monotonic() - killed_at
    return times


def start_second(first: HeadOffice, data_dir: Path) -> HeadOffice:
    """A second process: a copy of the first one's data directory (its certificates, audit
    key and database URL), serving on its own ports."""
    shutil.copytree(first.data_dir, data_dir, ignore=shutil.ignore_patterns("*.log", "serve.json"))
    second = HeadOffice(data_dir, db_url=first.db_url)
    second.start()
    return second


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.timeout(600)
def test_kill_either_headoffice_during_sync(tmp_path, pg_url):
    ho_a = HeadOffice(tmp_path / "ho-a", db_url=pg_url)
    ho_a.init()
    ho_b = start_second(ho_a, tmp_path / "ho-b")
    ho_a.start()
    edges: list[EdgeAgent] = []
    stop = threading.Event()
    threads: list[threading.Thread] = []
    try:
        catalogue, products = make_catalogue(PRODUCTS)
        (tmp_path / "products.csv").write_text(catalogue)
        ho_a.hoctl("catalogue", "import", str(tmp_path / "products.csv"))
        both = f"{ho_a.grpc_address},{ho_b.grpc_address}"
        for code in STORES:
            edge = EdgeAgent(tmp_path / f"edge-{code}", code)
            edge.init(ho_a.add_store(code, f"Store {code}", tmp_path))
            edge.env["STORELEDGER_EDGE_HEADOFFICE_ADDRESS"] = both
            edge.start()
            edge.sign_in()
            edges.append(edge)
        for edge in edges:
            wait_for(f"catalogue at {edge.store_code}",
                     lambda e=edge: e.status()["product_count"] >= PRODUCTS, 30)  # fmt: skip

        drivers = [SaleDriver(edge, products, seed=n + 1) for n, edge in enumerate(edges)]
        threads = [
            threading.Thread(target=d.sell, args=(100_000,),
                             kwargs={"stop": stop, "rate_per_s": RATE_PER_S})
            for d in drivers
        ]  # fmt: skip
        for t in threads:
            t.start()
        failovers: list[float] = []
        for victim in (ho_a, ho_b, ho_a, ho_b):
            time.sleep(1.5)
            failovers.extend(kill_and_time_failover(victim, pg_url).values())
            victim.start()  # on its own address again: the stores' list names it
        time.sleep(1.5)
        stop.set()
        for t in threads:
            t.join(60)
        print(f"failover after SIGKILL (s): {sorted(round(f, 3) for f in failovers)}; "
              f"median {statistics.median(failovers):.3f}" if failovers else "no failover timed")  # fmt: skip
        assert failovers, "no store was streaming to a killed process"

        # A change through either process reaches both stores, whichever they stream from.
        for n, ho in enumerate((ho_a, ho_b)):
            extra = tmp_path / f"extra-{n}.csv"
            body = f"69500000000{n}"
            row = f"EXTRA{n},Extra {n},{body}{gtin_check_digit(body)},piece,100,50,cat0"
            header = catalogue.splitlines()[0]
            extra.write_text(f"{header}\n{row}\n")
            ho.hoctl("catalogue", "import", str(extra))
        for edge in edges:
            wait_for(f"both changes at {edge.store_code}",
                     lambda e=edge: e.status()["product_count"] >= PRODUCTS + 2, 30)  # fmt: skip

        wait_caught_up(ho_a, edges, timeout_s=60)
        for d in drivers:
            edge = d.edge
            assert d.errors == [], d.errors[:5]
            assert d.acknowledged
            counts = headoffice_counts(pg_url, edge.store_code)
            newest = edge.status()["newest_seq"]
            # No batch applied twice, no gap, nothing lost.
            assert counts["entries"] == counts["distinct_seqs"] == counts["max_seq"] == newest
            assert counts["sales"] == len(d.acknowledged)
            ho_stock = {r["sku"]: r["qty_base"]
                        for r in ho_b.hoctl_json("stock", "--store", edge.store_code)}  # fmt: skip
            edge_stock = {r["sku"]: r["qty_base"] for r in edge.pos_json("stock")}
            assert {k: v for k, v in ho_stock.items() if v} == {
                k: v for k, v in edge_stock.items() if v
            }
            for ho in (ho_a, ho_b):
                verify = ho.hoctl("verify", "--store", edge.store_code, check=False)
                assert verify.returncode == 0, verify.stdout + verify.stderr
    finally:
        stop.set()
        for t in threads:
            t.join(60)
        for edge in edges:
            edge.stop()
        ho_a.stop()
        ho_b.stop()
