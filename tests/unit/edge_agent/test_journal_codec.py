"""The journal's wire form: each document round-trips, and an entry is what head office reads."""

from __future__ import annotations

from common import journal_kinds as jk
from common.pb.storeledger.v1 import ledger_pb2
from edge_agent.domain.journal import JournalEntry, Movement, Reason
from edge_agent.domain.purchase_orders import SupplierReturn, SupplierReturnLine
from edge_agent.domain.receiving import DeliveredLine, SupplierDelivery
from edge_agent.domain.returns import ReturnLine, SaleReturn
from edge_agent.domain.sale_record import RecordedLine, RecordedSale
from edge_agent.domain.tender import Tender
from edge_agent.domain.transfers import TransferLine, TransferOrder
from edge_agent.store.journal_codec.entries import body_field_of, decode_entry, encode_entry
from edge_agent.store.journal_codec.sales import (
    recorded_sale_of,
    sale_pb,
    sale_return_of,
    sale_return_pb,
)
from edge_agent.store.journal_codec.stock import (
    delivery_of,
    delivery_pb,
    supplier_return_of,
    supplier_return_pb,
    transfer_order_of,
    transfer_order_pb,
)

SALE = RecordedSale(
    sale_id="s-1",
    sale_no=3,
    till_id="T1",
    cashier="ann",
    currency="CNY",
    lines=(
        RecordedLine(1, "COLA", "6901234567892", "Cola", 2, 300, 550, 350, 50, "ap-1", ""),
        RecordedLine(2, "CHEESE", "2512345002504", "Cheese", 250, 2, 500, 2, 0, "", "12345"),
    ),
    tenders=(Tender("card", 500, 500, 0, "411111******1111"), Tender("cash", 550, 600, 50, "")),
    total_minor=1050,
    rounding_minor=0,
    shift_id="sh-1",
)


def test_documents_round_trip_through_their_messages() -> None:
    assert recorded_sale_of(sale_pb(SALE)) == SALE
    sale_return = SaleReturn(
        "r-1", 1, "s-1", 3, "T1", "ann", (ReturnLine("COLA", "Cola", 1, 275, 275, "restock", 1),),
        (Tender("cash", 275, 275, 0, ""),), 275, "CNY", "ap-2", "sh-1", "dented",
    )  # fmt: skip
    assert sale_return_of(sale_return_pb(sale_return)) == sale_return
    lines = (DeliveredLine("COLA", 24, 180), DeliveredLine("MILK", 6, 90, "2026-12-31"))
    delivery = SupplierDelivery("d-1", "DN-1", lines, "PO-7")
    assert delivery_of(delivery_pb(delivery)) == delivery
    back = SupplierReturn("x-1", "BEV", "dented", (SupplierReturnLine("COLA", 4),))
    assert supplier_return_of(supplier_return_pb(back)) == back
    order = TransferOrder(
        "TR1", "S001", "S002", (TransferLine("COLA", 10, 8, 7, 120, 1),), "correcting", 5, "leo",
        "correction",
    )  # fmt: skip
    assert transfer_order_of(transfer_order_pb(order)) == order


def test_an_entry_is_the_journal_entry_head_office_receives() -> None:
    moves = (Movement("COLA", -2, Reason.SALE), Movement("COLA", 24, Reason.SUPPLIER_DELIVERY, 0))
    entry = JournalEntry(7, 1_700_000_000_000, jk.SALE, "s-1", "ann", SALE, moves)
    wire = decode_entry(encode_entry(entry))
    assert (wire.seq, wire.occurred_at_ms, wire.actor) == (7, 1_700_000_000_000, "ann")
    assert (wire.document_type, wire.document_id) == ("sale", "s-1")
    assert wire.WhichOneof("body") == jk.SALE.body_field == body_field_of(SALE)
    assert recorded_sale_of(wire.sale) == SALE
    assert [(m.sku, m.qty_base, m.reason) for m in wire.movements] == [
        ("COLA", -2, ledger_pb2.MOVEMENT_REASON_SALE),
        ("COLA", 24, ledger_pb2.MOVEMENT_REASON_RECEIPT),
    ]
    # A cost of zero is a cost (HasField), no cost is absent.
    assert not wire.movements[0].HasField("unit_cost_minor")
    assert wire.movements[1].HasField("unit_cost_minor")
