"""The store ledger on real SQLite: one transaction per document, gap-free journal, idempotency."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from common.domain.checksum import balance_checksum
from common.domain.pricing import ScannedItem
from common.pb.storeledger.v1 import catalogue_pb2, ledger_pb2
from edge_agent.domain.errors import PaymentShort, UnknownBarcode
from edge_agent.domain.receiving import DeliveryItem
from edge_agent.domain.tender import TenderOffer
from edge_agent.services import queries, sync_journal
from edge_agent.services.context import StoreContext
from edge_agent.services.receiving import receive
from edge_agent.services.selling import sell
from edge_agent.store.connection import open_connection
from edge_agent.store.stock import StockRepository
from edge_agent.sync.downstream_handlers import apply_product
from tests.edge.conftest import CHIPS_BARCODE, COLA_BARCODE, journal_entries


def counts(ctx: StoreContext) -> dict[str, int]:
    conn = sqlite3.connect(ctx.db.path)
    try:
        return {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("journal", "sales", "sale_lines", "tenders", "movements", "stock_levels")
        }
    finally:
        conn.close()


def test_pragmas_are_wal_and_full(store: StoreContext) -> None:
    conn = open_connection(store.db.path)  # how LedgerDatabase opens each thread's connection
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    finally:
        conn.close()


def test_a_sale_commits_everything_together(store: StoreContext) -> None:
    result = sell(
        store,
        "T1",
        "ann",
        [ScannedItem(COLA_BARCODE, 2), ScannedItem(CHIPS_BARCODE, 1), ScannedItem("RICE", 250)],
        [TenderOffer("card", 1000, "4111111111111111"), TenderOffer("cash", 1000)],
        "k-1",
    )
    assert result.seq == 1
    assert result.sale.total_minor == 700 + 800 + 500
    assert result.change_minor == 0
    assert counts(store) == {
        "journal": 1,
        "sales": 1,
        "sale_lines": 3,
        "tenders": 2,
        "movements": 3,
        "stock_levels": 3,
    }
    entry = journal_entries(store)[0]
    assert entry.seq == 1 and entry.document_type == "sale"
    assert [(m.sku, m.qty_base, m.reason) for m in entry.movements] == [
        ("COLA", -2, ledger_pb2.MOVEMENT_REASON_SALE),
        ("CHIPS", -1, ledger_pb2.MOVEMENT_REASON_SALE),
        ("RICE", -250, ledger_pb2.MOVEMENT_REASON_SALE),
    ]
    assert entry.sale.tenders[0].reference == "411111******1111"
    for suffix in ("", "-wal"):
        raw = Path(f"{store.db.path}{suffix}").read_bytes()
        assert b"4111111111111111" not in raw


def test_stock_goes_negative_without_refusal(store: StoreContext) -> None:
    sell(store, "T1", "ann", [ScannedItem("COLA", 3)], [TenderOffer("cash", 1050)])
    assert [r.qty_base for r in queries.stock(store, "COLA")] == [-3]


def test_seqs_are_gap_free_across_sales_receipts_and_threads(store: StoreContext) -> None:
    receive(store, "DN-1", [DeliveryItem("COLA", 24, 180)], actor="bob")

    def worker() -> None:
        for _ in range(10):
            sell(store, "T1", "ann", [ScannedItem("COLA", 1)], [TenderOffer("cash", 350)])

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    entries = journal_entries(store)
    assert [e.seq for e in entries] == list(range(1, 42))
    assert sorted(e.sale.sale_no for e in entries if e.document_type == "sale") == list(
        range(1, 41)
    )
    assert [r.qty_base for r in queries.stock(store, "COLA")] == [24 - 40]


def test_refused_sale_leaves_nothing(store: StoreContext) -> None:
    before = counts(store)
    with pytest.raises(PaymentShort, match="payment ¥3.00 is short of the total ¥3.50 by ¥0.50"):
        sell(store, "T1", "ann", [ScannedItem("COLA", 1)], [TenderOffer("cash", 300)])
    with pytest.raises(UnknownBarcode):
        sell(store, "T1", "ann", [ScannedItem("COLA", 1), ScannedItem("NOPE", 1)], [])
    assert counts(store) == before


def test_failure_mid_commit_rolls_back_everything(
    store: StoreContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(StockRepository, "book", broken)
    with pytest.raises(sqlite3.OperationalError):
        sell(store, "T1", "ann", [ScannedItem("COLA", 1)], [TenderOffer("cash", 350)])
    monkeypatch.undo()
    assert counts(store) == {k: 0 for k in counts(store)}
    ok = sell(store, "T1", "ann", [ScannedItem("COLA", 1)], [TenderOffer("cash", 350)])
    assert ok.seq == 1 and ok.sale.sale_no == 1


def test_retry_with_the_same_key_returns_the_recorded_sale(store: StoreContext) -> None:
    first = sell(store, "T1", "ann", [ScannedItem("COLA", 1)], [TenderOffer("cash", 500)], "key-9")
    again = sell(store, "T1", "ann", [ScannedItem("COLA", 1)], [TenderOffer("cash", 500)], "key-9")
    assert again.replayed and not first.replayed
    assert (again.seq, again.sale, again.receipt_text, again.change_minor) == (
        first.seq,
        first.sale,
        first.receipt_text,
        150,
    )
    assert counts(store)["journal"] == 1
    r1 = receive(store, "DN-2", [DeliveryItem("COLA", 5, 180)], idempotency_key="dn-2")
    r2 = receive(store, "DN-2", [DeliveryItem("COLA", 5, 180)], idempotency_key="dn-2")
    assert r2.replayed and r1.seq == r2.seq == 2
    assert [r.qty_base for r in queries.stock(store, "COLA")] == [4]


def test_catalogue_change_apply_is_idempotent(store: StoreContext) -> None:
    change = catalogue_pb2.Product(
        sku="COLA",
        name="Cola 330ml can",
        barcodes=[COLA_BARCODE, "6901234567885"],
        unit="piece",
        price_minor=380,
        cost_minor=200,
        currency="CNY",
        active=True,
    )
    assert apply_product(store, change, 10) is True
    stale = catalogue_pb2.Product(sku="COLA", name="old", unit="piece", price_minor=1)
    assert apply_product(store, stale, 10) is False
    assert apply_product(store, stale, 4) is False
    result = sell(store, "T1", "ann", [ScannedItem("6901234567885", 1)], [TenderOffer("cash", 380)])
    assert result.sale.lines[0].name == "Cola 330ml can"
    assert result.sale.total_minor == 380
    assert queries.status(store).downstream_cursor == 10


def test_checksum_and_status_follow_acks(store: StoreContext) -> None:
    sell(store, "T1", "ann", [ScannedItem("COLA", 2)], [TenderOffer("cash", 700)])
    receive(store, "DN-3", [DeliveryItem("CHIPS", 6, 500)])
    cs = queries.checksum(store)
    assert cs.as_of_seq == 2
    assert (cs.sha256_hex, cs.sku_count) == balance_checksum([("COLA", -2), ("CHIPS", 6)])
    st = queries.status(store)
    assert (st.newest_seq, st.committed_seq, st.backlog_count) == (2, 0, 2)
    assert st.oldest_uncommitted_at_ms > 0
    sync_journal.mark_committed(store, 2)
    st = queries.status(store)
    assert (st.backlog_count, st.oldest_uncommitted_at_ms, st.lag_ms) == (0, 0, 0)
    assert st.last_contact_ms > 0
