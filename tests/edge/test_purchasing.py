"""Purchasing at the store on a real ledger: expected orders, receiving against them, returns."""

from __future__ import annotations

import pytest

from common.errors import InvalidInput, InvalidQuantity
from common.pb.storeledger.v1 import purchasing_pb2, sync_pb2
from edge_agent.domain.errors import UnknownBarcode
from edge_agent.domain.purchase_orders import ReceiveItem
from edge_agent.domain.purchasing_errors import (
    OverDelivery,
    PurchaseOrderFinished,
    UnknownPurchaseOrder,
)
from edge_agent.services import purchasing
from edge_agent.services.context import StoreContext
from edge_agent.sync.downstream_handlers import apply_expected_order
from tests.edge.conftest import entry_at, levels, newest_seq


def expected(cursor: int, state: str = "sent", po_id: str = "PO-1") -> sync_pb2.DownstreamEvent:
    return sync_pb2.DownstreamEvent(
        cursor=cursor,
        purchase_order=purchasing_pb2.PurchaseOrderExpected(
            order=purchasing_pb2.PurchaseOrder(
                po_id=po_id,
                store_code="S001",
                supplier_code="BEV",
                supplier_name="Beverage Co",
                state=state,
                currency="CNY",
                over_tolerance_pct=5,
                lines=[
                    purchasing_pb2.PurchaseOrderLine(
                        line_no=1, sku="COLA", name="Cola", ordered_qty_base=24, unit_cost_minor=180
                    ),
                    purchasing_pb2.PurchaseOrderLine(
                        line_no=2,
                        sku="CHIPS",
                        name="Chips",
                        ordered_qty_base=10,
                        unit_cost_minor=500,
                    ),
                ],
            )
        ),
    )


def ledger(store: StoreContext) -> tuple[int, dict[str, int]]:
    return newest_seq(store), levels(store)


def received(store: StoreContext, po_id: str = "PO-1") -> list[int]:
    [order] = [o for o in purchasing.expected_orders(store, True) if o.po_id == po_id]
    return [line.received_qty_base for line in order.lines]


def test_partial_then_remaining_receipt_closes_the_order(store: StoreContext) -> None:
    assert apply_expected_order(store, expected(5))
    assert not apply_expected_order(store, expected(5))  # a replay changes nothing
    [order] = purchasing.expected_orders(store)
    assert order.state == "sent" and order.supplier_name == "Beverage Co"
    first = purchasing.receive_against_order(
        store, "po-1", [ReceiveItem("COLA", 20), ReceiveItem("CHIPS", 4, 480)], actor="sam"
    )
    assert first.order.state == "partly_received" and received(store) == [20, 4]
    assert first.delivery.po_id == "PO-1"
    assert [(ln.sku, ln.qty_base, ln.unit_cost_minor) for ln in first.delivery.lines] == [
        ("COLA", 20, 180),
        ("CHIPS", 4, 480),
    ]
    rest = purchasing.receive_against_order(store, "PO-1", [], actor="sam")
    assert [(ln.sku, ln.qty_base, ln.unit_cost_minor) for ln in rest.delivery.lines] == [
        ("COLA", 4, 180),
        ("CHIPS", 6, 500),
    ]
    assert rest.order.state == "closed" and purchasing.expected_orders(store) == []
    entry = entry_at(store, rest.seq)
    assert entry.document_type == "receipt" and entry.supplier_delivery.po_id == "PO-1"
    assert ledger(store)[1] == {"CHIPS": 10, "COLA": 24}
    before = ledger(store)
    with pytest.raises(PurchaseOrderFinished, match="PO-1 is closed"):
        purchasing.receive_against_order(store, "PO-1", [ReceiveItem("COLA", 1)])
    assert ledger(store) == before


def test_refusals_change_nothing(store: StoreContext) -> None:
    apply_expected_order(store, expected(5))
    apply_expected_order(store, expected(6, "cancelled", "PO-2"))
    before = ledger(store), received(store)
    refusals = [
        (lambda: purchasing.receive_against_order(store, "PO-9", []), UnknownPurchaseOrder, "no purchase order PO-9"),
        (lambda: purchasing.receive_against_order(store, "PO-2", []), PurchaseOrderFinished, "was cancelled"),
        (lambda: purchasing.receive_against_order(store, "PO-1", [ReceiveItem("TEA", 1)]), InvalidInput, "not on purchase order"),
        (lambda: purchasing.receive_against_order(store, "PO-1", [ReceiveItem("COLA", 0)]), InvalidQuantity, "positive whole"),
        # 24 ordered, 5% tolerance: at most 25 without --allow-over
        (lambda: purchasing.receive_against_order(store, "PO-1", [ReceiveItem("COLA", 26)]), OverDelivery, r"beyond its 5% tolerance \(25\)"),
        (lambda: purchasing.return_to_supplier(store, "BEV", [("COLA", 1)], "  "), InvalidInput, "needs a reason"),
        (lambda: purchasing.return_to_supplier(store, "BEV", [("GHOST", 1)], "bad"), UnknownBarcode, "GHOST"),
        (lambda: purchasing.return_to_supplier(store, "", [("COLA", 1)], "bad"), InvalidInput, "supplier"),
    ]  # fmt: skip
    for call, error, sentence in refusals:
        with pytest.raises(error, match=sentence):
            call()
    assert (ledger(store), received(store)) == before


def test_expiry_days_of_lots_received_against_an_order(store: StoreContext) -> None:
    """Best-before days by SKU go in the delivery's journal entry, with the items given or
    for what remains; a day that is not one, or for a SKU not received, refuses it all."""
    apply_expected_order(store, expected(5))
    before = ledger(store), received(store)
    refusals = [
        ({"COLA": "31/12/2026"}, [ReceiveItem("COLA", 2)], "must be a day as YYYY-MM-DD"),
        ({"CHIPS": "2026-12-31"}, [ReceiveItem("COLA", 2)], "--expiry names CHIPS"),
        ({"TEA": "2026-12-31"}, [], "--expiry names TEA"),
    ]
    for days, items, sentence in refusals:
        with pytest.raises(InvalidInput, match=sentence):
            purchasing.receive_against_order(store, "PO-1", items, expiry_dates=days)
    assert (ledger(store), received(store)) == before

    first = purchasing.receive_against_order(
        store, "PO-1", [ReceiveItem("COLA", 20), ReceiveItem("CHIPS", 4)],
        expiry_dates={"COLA": "2026-12-31"}, idempotency_key="k-1",
    )  # fmt: skip
    lines = entry_at(store, first.seq).supplier_delivery.lines
    assert [(ln.sku, ln.qty_base, ln.expiry_date) for ln in lines] == [
        ("COLA", 20, "2026-12-31"),
        ("CHIPS", 4, ""),
    ]
    again = purchasing.receive_against_order(
        store, "PO-1", [ReceiveItem("COLA", 20), ReceiveItem("CHIPS", 4)],
        expiry_dates={"COLA": "2026-12-31"}, idempotency_key="k-1",
    )  # fmt: skip
    assert again.replayed and again.seq == first.seq
    rest = purchasing.receive_against_order(
        store, "PO-1", [], expiry_dates={"CHIPS": "2027-01-15", "COLA": "2027-02-01"}
    )
    lines = entry_at(store, rest.seq).supplier_delivery.lines
    assert [(ln.sku, ln.qty_base, ln.expiry_date) for ln in lines] == [
        ("COLA", 4, "2027-02-01"),
        ("CHIPS", 6, "2027-01-15"),
    ]
    assert rest.order.state == "closed"


def test_over_delivery_within_tolerance_or_allowed(store: StoreContext) -> None:
    apply_expected_order(store, expected(5))
    within = purchasing.receive_against_order(store, "PO-1", [ReceiveItem("COLA", 25)])
    assert within.warnings == [] and received(store) == [25, 0]
    allowed = purchasing.receive_against_order(
        store, "PO-1", [ReceiveItem("CHIPS", 12)], allow_over=True, idempotency_key="k1"
    )
    assert allowed.order.state == "closed" and "beyond its 5% tolerance (10)" in allowed.warnings[0]
    again = purchasing.receive_against_order(
        store, "PO-1", [ReceiveItem("CHIPS", 12)], allow_over=True, idempotency_key="k1"
    )
    assert again.replayed and again.seq == allowed.seq and received(store) == [25, 12]


def test_head_office_closing_an_order_stops_receipts(store: StoreContext) -> None:
    apply_expected_order(store, expected(5))
    purchasing.receive_against_order(store, "PO-1", [ReceiveItem("COLA", 3)])
    apply_expected_order(store, expected(9, "closed"))
    assert received(store) == [3, 0]  # the store keeps what it received
    with pytest.raises(PurchaseOrderFinished, match="is closed"):
        purchasing.receive_against_order(store, "PO-1", [])


def test_supplier_return_moves_stock_out_without_a_cost(store: StoreContext) -> None:
    apply_expected_order(store, expected(5))
    purchasing.receive_against_order(store, "PO-1", [])
    result = purchasing.return_to_supplier(
        store, "BEV", [("COLA", 4)], "dented cans", actor="sam", idempotency_key="r1"
    )
    again = purchasing.return_to_supplier(
        store, "BEV", [("COLA", 4)], "dented cans", actor="sam", idempotency_key="r1"
    )
    assert again.replayed and again.seq == result.seq
    entry = entry_at(store, result.seq)
    assert entry.document_type == "supplier_return"
    assert (
        entry.supplier_return.supplier_code == "BEV"
        and entry.supplier_return.reason == "dented cans"
    )
    [move] = entry.movements
    assert (move.sku, move.qty_base, move.HasField("unit_cost_minor")) == ("COLA", -4, False)
    assert ledger(store)[1]["COLA"] == 20
