"""The reports' roll-ups rebuilt from the journal equal what applying wrote (issue 14).

Random sales (several cashiers and shifts, several lines at several prices), customer
returns and supplier deliveries (against orders, with and without best-before days, one
naming an order of no one) go through apply_batch in random batches; then
report_rollups_rebuild.rebuild empties sales_sku_daily, sales_hourly, stock_lots and
po_receipts (and the chain roll-up, sales_sku_chain_daily) and fills them from the
journal: the same rows. The migration test takes a
database with those entries back to 0020 (before the four tables) and up to head: the
upgrade's backfill (0024 from the journal, 0027 from sales_sku_daily) gives the same
rows too.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa
from alembic import command

from common.certs import KeyPair
from common.pb.storeledger.v1 import ledger_pb2
from common.runlock import hold_run_lock
from headoffice.services import purchasing
from headoffice.services.stores import add_store
from headoffice.services.sync import apply_batch
from headoffice.store import report_rollups_rebuild
from headoffice.store.engine import create_engine
from headoffice.store.migrations import alembic_config, current_revisions, head_revisions
from headoffice.store.sales_tables import (
    po_receipts,
    sales_hourly,
    sales_sku_chain_daily,
    sales_sku_daily,
    stock_lots,
)
from tests.db.test_purchasing import BEA, UoW, po_delivery
from tests.db.test_purchasing import ready as ready  # noqa: F401  (the fixture)
from tests.db.test_sales_reports import DAY_MS, FIRST_DAY, priced_sale, returned

TABLES = (sales_sku_daily, sales_hourly, stock_lots, po_receipts, sales_sku_chain_daily)
OTHER = "S002"
CASHIERS = ("anna", "ben", "chloe")
PRICES = {"COLA": (300, 350, 420), "TEA": (450, 500)}

Snapshot = tuple[list[tuple[object, ...]], ...]


def snapshot(engine: sa.Engine) -> Snapshot:
    with engine.connect() as conn:
        return tuple(sorted(tuple(r) for r in conn.execute(sa.select(t))) for t in TABLES)


def _delivery(
    seq: int, po_id: str, lines: list[tuple[str, int, int]], expiry: list[str], at_ms: int
) -> ledger_pb2.JournalEntry:
    entry = po_delivery(seq, po_id, lines)
    for line, day in zip(entry.supplier_delivery.lines, expiry, strict=True):
        line.expiry_date = day
    entry.occurred_at_ms = at_ms
    return entry


def _journal(rng: random.Random, orders: list[str]) -> list[ledger_pb2.JournalEntry]:
    """About 120 entries over six days: deliveries first and now and then, sales, returns."""
    entries: list[ledger_pb2.JournalEntry] = []
    seq = 1
    deliveries = 0  # days 0, 1, 3, 4: each of the four orders once
    for day in range(6):
        base = (FIRST_DAY + day) * DAY_MS
        if day % 3 != 2:
            po = orders[deliveries % len(orders)]
            deliveries += 1
            expiry = [rng.choice(("", "2027-01-0" + str(rng.randint(1, 9)), "not-a-day"))
                      for _n in range(2)]  # fmt: skip
            lines = [("COLA", 60, rng.randint(150, 220)), ("TEA", 40, rng.randint(200, 260))]
            entries.append(_delivery(seq, po, lines, expiry, base + 6 * 3_600_000))
            seq += 1
        for _n in range(rng.randint(12, 20)):
            at = base + rng.randint(0, 23) * 3_600_000 + rng.randint(0, 3_599_999)
            lines = [(sku, rng.randint(1, 3), rng.choice(PRICES[sku]))
                     for sku in rng.sample(sorted(PRICES), rng.randint(1, 2))]  # fmt: skip
            cashier = rng.choice(CASHIERS)
            shift = f"sh-{cashier}-{day}-{rng.randint(1, 2)}"
            entries.append(priced_sale(seq, lines, at, cashier, shift))
            seq += 1
            if rng.random() < 0.15:
                entries.append(returned(seq, rng.choice(sorted(PRICES)), 1, at + 60_000))
                seq += 1
    return entries


def _apply_randomly(uow: UoW, store: str, seed: int) -> int:
    rng = random.Random(seed)
    orders = []
    # Two of the store's orders, one of another store's and one no one has: the last two
    # keep their lots but get no receipt rows.
    for code, qty in ((store, 50), (store, 80), (OTHER, 10)):
        lines = [("COLA", qty, 180), ("TEA", qty, 230)]
        po = purchasing.create_order(uow(), BEA, code, "BEV", lines)
        purchasing.send_order(uow(), BEA, po.order.po_id)
        orders.append(po.order.po_id)
    orders.append("PO-99999")
    entries = _journal(rng, orders)
    sent = 0
    while sent < len(entries):
        size = rng.randint(1, 30)
        apply_batch(uow(), store, entries[sent : sent + size], now_ms=2_000)
        sent += size
    return len(entries)


def test_the_rebuild_gives_the_rows_applying_wrote(
    uow: UoW,
    ready: str,  # noqa: F811
    engine: sa.Engine,
    ca: KeyPair,
) -> None:
    add_store(uow(), ca, OTHER, "Riverside", "127.0.0.1:1", now_ms=1_000)
    for seed in (1, 2, 3):
        _apply_randomly(uow, ready, seed)
        applied = snapshot(engine)
        sku_rows, hour_rows, lots, receipts, chain_rows = applied
        # What the example is for: returns, several cashiers and shifts, lots and receipts.
        assert any(r[5] for r in hour_rows) and len({r[2] for r in hour_rows}) == 3
        assert lots and len({r[3] for r in receipts}) == 2 and sku_rows and chain_rows
        assert len({r[1] for r in receipts}) == 2  # of the four deliveries
        with engine.begin() as conn:  # chunks of 7: a batch's entries fall in several
            read = report_rollups_rebuild.rebuild(conn, chunk=7)
        assert read > 7
        assert snapshot(engine) == applied
        indexes = {i["name"] for i in sa.inspect(engine).get_indexes("movements")}
        assert report_rollups_rebuild.SEQ_INDEX not in indexes  # built for the rebuild only
        with engine.begin() as conn:  # the next seed starts from empty tables again
            for table in TABLES:
                conn.execute(table.delete())
            for name in ("movements", "journal_entries", "entry_hashes", "stock_levels",
                          "sales_day_rollup", "audit_log", "purchase_order_lines",
                          "purchase_orders"):  # fmt: skip
                conn.execute(sa.text(f"DELETE FROM {name}"))
            conn.execute(
                sa.text("UPDATE store_sync SET committed_seq = 0, store_newest_seq = 0,"
                        " head_hash_hex = ''")
            )  # fmt: skip


def test_the_upgrade_fills_the_tables_from_the_journal(
    uow: UoW,
    ready: str,  # noqa: F811
    engine: sa.Engine,
    ca: KeyPair,
) -> None:
    add_store(uow(), ca, OTHER, "Riverside", "127.0.0.1:1", now_ms=1_000)
    _apply_randomly(uow, ready, 7)
    applied = snapshot(engine)
    assert all(applied)
    url = engine.url
    engine.dispose()
    again = create_engine(url.render_as_string(hide_password=False))
    try:
        config = alembic_config()
        with again.begin() as connection:  # back before the four tables: they go
            config.attributes["connection"] = connection
            command.downgrade(config, "0020_count_tolerance_sent")
        assert not sa.inspect(again).has_table("sales_hourly")
        with again.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "heads")
        assert current_revisions(again) == head_revisions()
        assert snapshot(again) == applied
    finally:
        again.dispose()


def test_headoffice_rebuild_report_rollups_as_a_process(
    uow: UoW,
    ready: str,  # noqa: F811
    engine: sa.Engine,
    ca: KeyPair,
    tmp_path: Path,
) -> None:
    """The operator's command: refused while head office serves (nothing changes), then the
    rows applying wrote, rebuilt from the journal."""
    add_store(uow(), ca, OTHER, "Riverside", "127.0.0.1:1", now_ms=1_000)
    _apply_randomly(uow, ready, 11)
    applied = snapshot(engine)
    with engine.begin() as conn:  # a table that lost its rows
        conn.execute(sales_hourly.delete())
    url = engine.url.render_as_string(hide_password=False)
    data = tmp_path / "D"
    env = {**os.environ, "STORELEDGER_LANGUAGE": "en"}
    run = [sys.executable, "-m", "headoffice.cli.server"]
    init = subprocess.run([*run, "init", "--data-dir", str(data), "--db", url],
                          capture_output=True, text=True, timeout=120, env=env)  # fmt: skip
    assert init.returncode == 0, init.stderr
    command_line = [*run, "rebuild-report-rollups", "--data-dir", str(data)]
    lock = hold_run_lock(data / "run" / "serve.lock", "head office")
    try:
        refused = subprocess.run(command_line, capture_output=True, text=True, timeout=120, env=env)
    finally:
        os.close(lock)
    assert refused.returncode != 0 and "head office" in refused.stderr
    assert not snapshot(engine)[1]
    done = subprocess.run(command_line, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert "journal entries" in done.stdout
    assert snapshot(engine) == applied
