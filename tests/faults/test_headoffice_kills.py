"""Head office killed with SIGKILL again and again while two stores sell.

The promise under test (DESIGN invariants 2 and 3): after any mix of crashes
and restarts, no sale is lost, none is applied twice, and head office's stock
for each store equals that store's own ledger, SKU by SKU.
"""

from __future__ import annotations

import random
import threading
import time

import pytest
from sqlalchemy import create_engine, text

from scripts.chain import wait_caught_up
from tests.chain_fixtures import SaleDriver, start_chain

SALES_TOTAL = 5000
KILLS = 10


def headoffice_counts(db_url: str, store: str) -> dict[str, int]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            entries = conn.execute(
                text(
                    "SELECT count(*), count(DISTINCT j.seq), coalesce(max(j.seq), 0) "
                    "FROM journal_entries j WHERE j.store_code = :c"
                ),
                {"c": store},
            ).one()
            sales = conn.execute(
                text(
                    "SELECT count(*) FROM journal_entries j "
                    "WHERE j.store_code = :c AND j.document_type = 'sale'"
                ),
                {"c": store},
            ).scalar_one()
        return {
            "entries": entries[0],
            "distinct_seqs": entries[1],
            "max_seq": entries[2],
            "sales": sales,
        }
    finally:
        engine.dispose()


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_sigkill_headoffice_during_5000_sales(tmp_path, ho_db):
    chain = start_chain(tmp_path, ho_db, ["S001", "S002"])
    ho = chain.headoffice
    db_url = ho_db or f"sqlite:///{tmp_path / 'ho' / 'headoffice.db'}"
    try:
        drivers = [
            SaleDriver(edge, chain.products, seed=n + 1)
            for n, edge in enumerate(chain.edges.values())
        ]
        per_store = SALES_TOTAL // len(drivers)
        # Pace the sales so that the kills fall across the whole run.
        threads = [
            threading.Thread(target=d.sell, args=(per_store,), kwargs={"rate_per_s": 120.0})
            for d in drivers
        ]
        for t in threads:
            t.start()
        rng = random.Random(2026)
        kills = 0
        while kills < KILLS or any(t.is_alive() for t in threads):
            time.sleep(rng.uniform(0.3, 1.5))
            if kills >= KILLS + 5:
                break
            ho.kill()
            kills += 1
            time.sleep(rng.uniform(0.05, 0.6))
            ho.start()
            if not any(t.is_alive() for t in threads) and kills >= KILLS:
                break
        for t in threads:
            t.join(600)
        assert kills >= KILLS
        for d in drivers:
            assert d.errors == [], d.errors[:5]
            assert len(d.acknowledged) == per_store

        wait_caught_up(ho, list(chain.edges.values()), timeout_s=120)

        for d in drivers:
            edge = d.edge
            status = edge.status()
            counts = headoffice_counts(db_url, edge.store_code)
            # Nothing lost, nothing twice: every journal entry once, gap-free.
            assert counts["entries"] == counts["distinct_seqs"] == status["newest_seq"]
            assert counts["max_seq"] == status["newest_seq"]
            assert counts["sales"] == per_store
            assert sorted(d.acknowledged.values()) == sorted(set(d.acknowledged.values()))
            # Stock: head office == the store's ledger, for every SKU.
            ho_stock = {
                r["sku"]: r["qty_base"] for r in ho.hoctl_json("stock", "--store", edge.store_code)
            }
            edge_stock = {r["sku"]: r["qty_base"] for r in edge.pos_json("stock")}
            assert {k: v for k, v in ho_stock.items() if v} == {
                k: v for k, v in edge_stock.items() if v
            }
            for sku, qty in d.lines_sold.items():
                assert edge_stock.get(sku, 0) == -qty
            verify = ho.hoctl("verify", "--store", edge.store_code)
            assert verify.returncode == 0, verify.stdout + verify.stderr
    finally:
        chain.stop()
