"""Idempotency keys on every keyed store command, on a real ledger (issue 12, failure 10).

"pos receive --key RK1 reused with different content exits 0, prints the first delivery,
and the second is never booked (same for supplier-return); pos sell refuses this
correctly." Every document command with a key now answers a retry with the same content
with its first result, and refuses the key with other content, booking nothing.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command

from common.domain.pricing import ScannedItem
from common.pb.storeledger.v1 import purchasing_pb2, sync_pb2, transfers_pb2
from edge_agent.domain.idempotency import IdempotencyKeyReused
from edge_agent.domain.purchase_orders import ReceiveItem
from edge_agent.domain.receiving import DeliveryItem
from edge_agent.domain.tender import TenderOffer
from edge_agent.services import purchasing, shifts, transfers
from edge_agent.services.context import StoreContext
from edge_agent.services.receiving import receive
from edge_agent.services.returning import ReturnItemIn, return_goods
from edge_agent.services.selling import sell
from edge_agent.services.write_offs import write_off_stock
from edge_agent.store.migrations import alembic_config, upgrade_ledger
from edge_agent.sync.downstream_handlers import apply_expected_order, apply_transfer_order
from tests.edge.conftest import levels, newest_seq, seed_catalogue

REUSED = "was already used for {} \\(journal #{}\\) with other content; nothing was booked"


def books_nothing(store: StoreContext):  # type: ignore[no-untyped-def]
    """A context that asserts the block raised IdempotencyKeyReused and nothing changed."""
    before = (newest_seq(store), levels(store))

    class _Check:
        def __enter__(self) -> None:
            return None

        def __exit__(self, *exc: object) -> bool:
            assert exc[0] is IdempotencyKeyReused, exc
            assert (newest_seq(store), levels(store)) == before
            return True

    return _Check()


def test_pos_receive_key_reused_with_different_content_is_refused_not_answered(
    store: StoreContext,
) -> None:
    first = receive(store, "DN-1", [DeliveryItem("COLA", 24, 180)], "sam", "RK1")
    retry = receive(store, " DN-1 ", [DeliveryItem("COLA", 24, 180)], "sam", "RK1")
    assert retry.replayed and (retry.seq, retry.delivery) == (first.seq, first.delivery)
    for other in (
        ("DN-1", [DeliveryItem("COLA", 12, 180)]),  # another quantity
        ("DN-1", [DeliveryItem("CHIPS", 24, 180)]),  # another product
        ("DN-1", [DeliveryItem("COLA", 24, 190)]),  # another cost
        ("DN-2", [DeliveryItem("COLA", 24, 180)]),  # another delivery note
    ):
        with pytest.raises(IdempotencyKeyReused, match=REUSED.format("a supplier delivery", 1)):
            receive(store, other[0], other[1], "sam", "RK1")
    assert levels(store) == {"COLA": 24} and newest_seq(store) == 1
    second = receive(store, "DN-2", [DeliveryItem("COLA", 12, 180)], "sam", "RK2")
    assert not second.replayed and levels(store) == {"COLA": 36}


def _expected_order() -> sync_pb2.DownstreamEvent:
    line = purchasing_pb2.PurchaseOrderLine(
        line_no=1, sku="COLA", name="Cola", ordered_qty_base=24, unit_cost_minor=180
    )
    order = purchasing_pb2.PurchaseOrder(
        po_id="PO-1", store_code="S001", supplier_code="BEV", state="sent", currency="CNY",
        over_tolerance_pct=5, lines=[line],
    )  # fmt: skip
    return sync_pb2.DownstreamEvent(
        cursor=50, purchase_order=purchasing_pb2.PurchaseOrderExpected(order=order)
    )


def test_receive_against_an_order_key_reused_with_different_content_is_refused(
    store: StoreContext,
) -> None:
    apply_expected_order(store, _expected_order())
    first = purchasing.receive_against_order(store, "PO-1", [ReceiveItem("COLA", 10)],
                                             idempotency_key="RK1")  # fmt: skip
    again = purchasing.receive_against_order(store, "po-1", [ReceiveItem("COLA", 10)],
                                             idempotency_key="RK1")  # fmt: skip
    assert again.replayed and again.seq == first.seq
    with books_nothing(store):
        purchasing.receive_against_order(store, "PO-1", [ReceiveItem("COLA", 14)],
                                         idempotency_key="RK1")  # fmt: skip
    # A plain delivery under a key the order's delivery recorded is other content too.
    with books_nothing(store):
        receive(store, "PO-1", [DeliveryItem("COLA", 10, 180)], idempotency_key="RK1")


def test_supplier_return_key_reused_with_different_content_is_refused(
    store: StoreContext,
) -> None:
    receive(store, "DN-1", [DeliveryItem("COLA", 24, 180)])
    first = purchasing.return_to_supplier(store, "BEV", [("COLA", 4)], "dented", "sam", "SR1")
    again = purchasing.return_to_supplier(store, "BEV", [("COLA", 4)], " dented ", "sam", "SR1")
    assert again.replayed and again.seq == first.seq
    for supplier, items, reason in (
        ("BEV", [("COLA", 5)], "dented"),
        ("SNACK", [("COLA", 4)], "dented"),
        ("BEV", [("COLA", 4)], "expired"),
    ):
        with books_nothing(store):
            purchasing.return_to_supplier(store, supplier, items, reason, "sam", "SR1")
    assert levels(store) == {"COLA": 20}


def test_customer_return_key_reused_with_different_content_is_refused(
    store: StoreContext,
) -> None:
    sold = sell(store, "T1", "ann", [ScannedItem("COLA", 3)], [TenderOffer("cash", 1050)])
    n = sold.sale.sale_no
    first = return_goods(store, "T1", "ann", n, [ReturnItemIn("COLA", 1)], [], reason="dented",
                         idempotency_key="RT1")  # fmt: skip
    again = return_goods(store, "T1", "ann", n, [ReturnItemIn("COLA", 1)], [], reason="dented",
                         idempotency_key="RT1")  # fmt: skip
    assert again.replayed and again.sale_return == first.sale_return
    with books_nothing(store):
        return_goods(store, "T1", "ann", n, [ReturnItemIn("COLA", 2)], [], reason="dented",
                     idempotency_key="RT1")  # fmt: skip
    with books_nothing(store):
        return_goods(store, "T1", "ann", n, [ReturnItemIn("COLA", 1, "write_off")], [],
                     reason="dented", idempotency_key="RT1")  # fmt: skip


def test_write_off_key_reused_with_different_content_is_refused(store: StoreContext) -> None:
    first = write_off_stock(store, [("COLA", 2)], "damaged", "crushed", "mia", "WO1", True)
    again = write_off_stock(store, [("COLA", 2)], "damaged", "crushed", "mia", "WO1", True)
    assert again.row == first.row and newest_seq(store) == 1
    for items, reason, note in (
        ([("COLA", 3)], "damaged", "crushed"),
        ([("COLA", 2)], "expired", "crushed"),
        ([("COLA", 2)], "damaged", "dropped"),
    ):
        with books_nothing(store):
            write_off_stock(store, items, reason, note, "mia", "WO1", True)
    # A request waiting for approval is answered the same way.
    pending = write_off_stock(store, [("CHIPS", 200)], "theft", "", "mia", "WO2", True)
    assert pending.row.state == "pending"
    assert (
        write_off_stock(store, [("CHIPS", 200)], "theft", "", "mia", "WO2", True).row == pending.row
    )
    assert levels(store) == {"COLA": -2}


def _transfer(state: str, from_store: str, to_store: str, shipped: int = 0) -> object:
    line = transfers_pb2.TransferLine(
        sku="COLA", qty_base=10, shipped_qty_base=shipped, unit_cost_minor=120
    )
    return transfers_pb2.TransferOrder(
        transfer_id="TR000001", from_store=from_store, to_store=to_store, state=state,
        lines=[line],
    )  # fmt: skip


def test_transfer_ship_and_receive_keys_reused_with_different_content_are_refused(
    store: StoreContext,
) -> None:
    apply_transfer_order(store, _transfer("open", "S001", "S002"), 100)  # type: ignore[arg-type]
    shipped = transfers.ship(store, "TR000001", [("COLA", 8)], "ann", "TS1")
    again = transfers.ship(store, "TR000001", [("COLA", 8)], "ann", "TS1")
    assert (again.seq, again.lines) == (shipped.seq, shipped.lines)
    with books_nothing(store):
        transfers.ship(store, "TR000001", [("COLA", 9)], "ann", "TS1")

    # The same store receiving another transfer (from S002) under keys of its own.
    order = _transfer("shipped", "S002", "S001", 8)
    order.transfer_id = "TR000002"  # type: ignore[attr-defined]
    apply_transfer_order(store, order, 101)  # type: ignore[arg-type]
    got = transfers.receive(store, "TR000002", [("COLA", 7)], "bob", "TR1")
    again = transfers.receive(store, "TR000002", [("COLA", 7)], "bob", "TR1")
    assert (again.seq, again.lines) == (got.seq, got.lines)
    assert [(b.sku, b.expected_qty_base, b.qty_base) for b in again.lines] == [("COLA", 8, 7)]
    with books_nothing(store):
        transfers.receive(store, "TR000002", [("COLA", 8)], "bob", "TR1")
    with books_nothing(store):  # a shipment's key is not a receipt's
        transfers.receive(store, "TR000002", [("COLA", 8)], "bob", "TS1")


def test_cash_in_out_key_reused_with_different_content_is_refused(store: StoreContext) -> None:
    shifts.open_shift(store, "T1", "ann", 10_000)
    shifts.cash_in_out(store, "T1", "ann", "in", 5_000, "change", idempotency_key="C1")
    shifts.cash_in_out(store, "T1", "ann", "in", 5_000, "change", idempotency_key="C1")
    assert newest_seq(store) == 2  # the open, and one cash in
    with books_nothing(store):
        shifts.cash_in_out(store, "T1", "ann", "in", 6_000, "change", idempotency_key="C1")
    with books_nothing(store):
        shifts.cash_in_out(store, "T1", "ann", "out", 5_000, "change", idempotency_key="C1")


def test_a_key_of_one_kind_of_document_is_refused_for_another(store: StoreContext) -> None:
    receive(store, "DN-1", [DeliveryItem("COLA", 24, 180)], idempotency_key="K1")
    with pytest.raises(IdempotencyKeyReused, match="was already used for a supplier delivery"):
        write_off_stock(
            store, [("COLA", 2)], "damaged", idempotency_key="K1", confirm_negative=True
        )
    assert newest_seq(store) == 1


def test_keys_recorded_before_the_upgrade_still_answer_their_first_result(
    tmp_path: Path,
) -> None:
    """A ledger whose delivery was keyed before fingerprints (0008) keeps answering it."""
    db = tmp_path / "ledger.db"
    ctx = StoreContext.open(db, "S001", "Corner Shop")
    try:
        seed_catalogue(ctx)
        receive(ctx, "DN-1", [DeliveryItem("COLA", 5, 180)], idempotency_key="OLD-KEY")
    finally:
        ctx.close()
    # Back to what a 0008 agent left (later revisions' own downgrades, 0009 dropping
    # command_keys).
    command.downgrade(alembic_config(db), "0008")
    upgrade_ledger(db)
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT * FROM command_keys").fetchall() == [
            ("OLD-KEY", "supplier_delivery", "", 1)
        ]
    ctx = StoreContext.open(db, "S001", "Corner Shop")
    try:
        again = receive(ctx, "DN-1", [DeliveryItem("COLA", 5, 180)], idempotency_key="OLD-KEY")
        assert again.replayed and again.seq == 1 and levels(ctx) == {"COLA": 5}
    finally:
        ctx.close()
