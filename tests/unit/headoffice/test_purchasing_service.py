"""Purchasing at head office on the in-memory unit of work: suppliers, orders, deliveries, returns.

A store's deliveries against an order and its supplier returns arrive through
apply_batch as its journal would; tests/db keeps the SQL of the same path.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest

from common.pb.storeledger.v1 import ledger_pb2, purchasing_pb2
from headoffice.domain.errors import PermissionRefused, UnknownProduct, UnknownStore
from headoffice.domain.purchasing_errors import (
    InvalidPurchaseRequest,
    PurchaseOrderStateRefused,
    SupplierAlreadyExists,
    UnknownPurchaseOrder,
    UnknownSupplier,
)
from headoffice.domain.roles import Staff
from headoffice.services import audit, purchasing
from headoffice.services.sync import apply_batch
from tests.unit.headoffice.fakes import FakeDatabase, FakeUnitOfWork

BEA = Staff("bea", "buyer")
SAM = Staff("sam", "store_manager", frozenset({"S001"}))
OLA = Staff("ola", "store_manager", frozenset({"S002"}))
RECEIPT = ledger_pb2.MOVEMENT_REASON_RECEIPT


@pytest.fixture
def db() -> FakeDatabase:
    db = FakeDatabase()
    db.seed_store("S001")
    db.seed_store("S002")
    db.seed_product("COLA", cost_minor=180, name="Cola")
    db.seed_product("TEA", cost_minor=230, name="Tea")
    return db


@pytest.fixture
def uow(db: FakeDatabase) -> FakeUnitOfWork:
    uow = FakeUnitOfWork(db)
    purchasing.add_supplier(uow, "bea", "BEV", "Beverage Co", "021-555", now_ms=20)
    return uow


def delivery(seq: int, po_id: str, lines: list[tuple[str, int, int]]) -> ledger_pb2.JournalEntry:
    return ledger_pb2.JournalEntry(
        seq=seq,
        occurred_at_ms=1_000 + seq,
        actor="sam",
        document_type="receipt",
        document_id=f"r{seq}",
        movements=[
            ledger_pb2.Movement(sku=s, qty_base=q, reason=RECEIPT, unit_cost_minor=c)
            for s, q, c in lines
        ],
        supplier_delivery=ledger_pb2.SupplierDelivery(
            delivery_id=f"r{seq}",
            po_id=po_id,
            lines=[
                ledger_pb2.SupplierDeliveryLine(sku=s, qty_base=q, unit_cost_minor=c)
                for s, q, c in lines
            ],
        ),
    )


def expected(db: FakeDatabase, store: str = "S001") -> list[tuple[str, str]]:
    """(po_id, state) of every PurchaseOrderExpected the store was sent."""
    return [
        (e.purchase_order.order.po_id, e.purchase_order.order.state)
        for e in db.events_for(store)
        if e.HasField("purchase_order")
    ]


def actions(db: FakeDatabase, po_id: str) -> list[str]:
    return [r.action for r in db.tables.audit if r.entity_id == po_id]


def test_an_order_goes_draft_sent_partly_received_closed(
    db: FakeDatabase, uow: FakeUnitOfWork
) -> None:
    view = purchasing.create_order(uow, BEA, "S001", "BEV", [("COLA", 24, 180), ("TEA", 12, 230)])
    po = view.order.po_id
    assert (view.order.state, view.supplier_name, view.product_names) == (
        "draft",
        "Beverage Co",
        {"COLA": "Cola", "TEA": "Tea"},
    )
    assert view.order.total_minor == 24 * 180 + 12 * 230
    purchasing.remove_order_line(uow, BEA, po, 2)
    purchasing.add_order_line(uow, BEA, po, "TEA", 10, 225)
    assert expected(db) == []  # a draft is not the store's business yet
    sent = purchasing.send_order(uow, BEA, po).order
    assert sent.state == "sent" and [ln.line_no for ln in sent.lines] == [1, 2]
    assert expected(db) == [(po, "sent")]

    apply_batch(uow, "S001", [delivery(1, po, [("COLA", 20, 180)])])
    partly = purchasing.get_order(uow, SAM, po).order
    assert partly.state == "partly_received" and [ln.received_qty_base for ln in partly.lines] == [
        20,
        0,
    ]
    with pytest.raises(PurchaseOrderStateRefused, match="cannot be cancelled once goods"):
        purchasing.cancel_order(uow, BEA, po)
    result = apply_batch(uow, "S001", [delivery(2, po, [("COLA", 4, 180), ("TEA", 10, 225)])])
    assert result.notify_downstream  # the store stops expecting it
    closed = purchasing.get_order(uow, BEA, po).order
    assert closed.state == "closed" and [ln.received_qty_base for ln in closed.lines] == [24, 10]
    assert expected(db) == [(po, "sent"), (po, "closed")]
    assert db.levels_of("S001") == {"COLA": 24, "TEA": 10}
    assert actions(db, po) == [
        "po.create", "po.remove_line", "po.add_line", "po.send", "po.receive", "po.receive",
    ]  # fmt: skip
    assert audit.verify(uow).intact


def test_close_and_cancel_follow_the_rules(db: FakeDatabase, uow: FakeUnitOfWork) -> None:
    a = purchasing.create_order(uow, BEA, "S001", "BEV", [("COLA", 10, 180)]).order.po_id
    with pytest.raises(PurchaseOrderStateRefused, match="only a partly received order can be"):
        purchasing.close_order(uow, BEA, a)
    purchasing.send_order(uow, BEA, a)
    with pytest.raises(PurchaseOrderStateRefused, match="lines can be added only while"):
        purchasing.add_order_line(uow, BEA, a, "TEA", 1, 1)
    apply_batch(uow, "S001", [delivery(1, a, [("COLA", 3, 180)])])
    assert purchasing.close_order(uow, BEA, a).order.state == "closed"
    b = purchasing.create_order(uow, BEA, "S001", "BEV", [("TEA", 5, 230)]).order.po_id
    purchasing.send_order(uow, BEA, b)
    assert purchasing.cancel_order(uow, BEA, b).order.state == "cancelled"
    with pytest.raises(PurchaseOrderStateRefused, match=f"purchase order {b} is cancelled"):
        purchasing.send_order(uow, BEA, b)
    assert expected(db) == [(a, "sent"), (a, "closed"), (b, "sent"), (b, "cancelled")]
    assert [v.order.po_id for v in purchasing.list_orders(uow, BEA, state="closed")] == [a]


def test_bad_input_is_refused_and_changes_nothing(db: FakeDatabase, uow: FakeUnitOfWork) -> None:
    po = purchasing.create_order(uow, BEA, "S001", "BEV", [("COLA", 10, 180)]).order.po_id
    before = copy.deepcopy(db.tables)
    refusals: list[tuple[Callable[[], object], type[Exception]]] = [
        (lambda: purchasing.add_supplier(uow, "bea", "BEV", "Again"), SupplierAlreadyExists),
        (lambda: purchasing.add_supplier(uow, "bea", "bad code", "X"), InvalidPurchaseRequest),
        (lambda: purchasing.add_supplier(uow, "bea", "NEW", "  "), InvalidPurchaseRequest),
        (lambda: purchasing.create_order(uow, BEA, "S404", "BEV", [("COLA", 1, 1)]), UnknownStore),
        (lambda: purchasing.create_order(uow, BEA, "S001", "NOPE", [("COLA", 1, 1)]), UnknownSupplier),
        (lambda: purchasing.create_order(uow, BEA, "S001", "BEV", [("GHOST", 1, 1)]), UnknownProduct),
        (lambda: purchasing.create_order(uow, BEA, "S001", "BEV", [("COLA", 0, 1)]), InvalidPurchaseRequest),
        (lambda: purchasing.create_order(uow, BEA, "S001", "BEV", [("COLA", 1, 1)], 101), InvalidPurchaseRequest),
        (lambda: purchasing.add_order_line(uow, BEA, po, "COLA", 1, 1), InvalidPurchaseRequest),
        (lambda: purchasing.remove_order_line(uow, BEA, po, 9), InvalidPurchaseRequest),
        (lambda: purchasing.get_order(uow, BEA, "PO-999"), UnknownPurchaseOrder),
        (lambda: purchasing.send_order(uow, BEA, "banana"), InvalidPurchaseRequest),
        (lambda: purchasing.list_orders(uow, BEA, state="lost"), InvalidPurchaseRequest),
        (lambda: purchasing.create_order(uow, SAM, "S002", "BEV", [("COLA", 1, 1)]), PermissionRefused),
    ]  # fmt: skip
    for call, error in refusals:
        with pytest.raises(error):
            call()
    assert db.tables == before


def test_a_store_manager_sees_only_their_stores_orders(uow: FakeUnitOfWork) -> None:
    mine = purchasing.create_order(uow, BEA, "S001", "BEV", [("COLA", 1, 1)]).order.po_id
    other = purchasing.create_order(uow, BEA, "S002", "BEV", [("COLA", 1, 1)]).order.po_id
    assert [v.order.po_id for v in purchasing.list_orders(uow, SAM)] == [mine]
    assert purchasing.get_order(uow, SAM, mine).order.po_id == mine
    # Another store's order is, to a store manager, an order that does not exist.
    with pytest.raises(UnknownPurchaseOrder):
        purchasing.get_order(uow, SAM, other)
    with pytest.raises(UnknownPurchaseOrder):
        purchasing.send_order(uow, OLA, mine)
    with pytest.raises(PermissionRefused, match="manages store"):
        purchasing.list_orders(uow, SAM, store_code="S002")


def test_receipts_that_do_not_fit_are_applied_and_noted(
    db: FakeDatabase, uow: FakeUnitOfWork
) -> None:
    po = purchasing.create_order(uow, BEA, "S001", "BEV", [("COLA", 10, 180)]).order.po_id
    purchasing.send_order(uow, BEA, po)
    other_store = purchasing.create_order(uow, BEA, "S002", "BEV", [("TEA", 1, 1)]).order.po_id
    apply_batch(
        uow, "S001",
        [delivery(1, po, [("COLA", 12, 180), ("TEA", 2, 230)]), delivery(2, "PO-999", [("TEA", 1, 230)]),
         delivery(3, other_store, [("TEA", 1, 230)]), delivery(4, "banana", [("TEA", 1, 230)])],
    )  # fmt: skip
    order = purchasing.get_order(uow, BEA, po).order
    assert order.state == "closed" and order.lines[0].received_qty_base == 12
    assert db.levels_of("S001") == {"COLA": 12, "TEA": 5}
    (record,) = [r for r in db.tables.audit if r.action == "po.receive"]
    assert "SKU TEA is not on purchase order" in record.after_json
    assert purchasing.get_order(uow, BEA, other_store).order.state == "draft"


def test_supplier_returns_are_listed_and_an_unknown_supplier_noted(
    db: FakeDatabase, uow: FakeUnitOfWork
) -> None:
    db.seed_level("S001", "COLA", 20, 186)

    def returned(seq: int, supplier: str) -> ledger_pb2.JournalEntry:
        return ledger_pb2.JournalEntry(
            seq=seq, occurred_at_ms=5_000 + seq, actor="sam", document_type="supplier_return",
            document_id=f"sr{seq}",
            movements=[ledger_pb2.Movement(sku="COLA", qty_base=-4, reason=ledger_pb2.MOVEMENT_REASON_SUPPLIER_RETURN)],
            supplier_return=purchasing_pb2.SupplierReturn(
                return_id=f"sr{seq}", supplier_code=supplier, reason="dented cans",
                lines=[purchasing_pb2.SupplierReturnLine(sku="COLA", qty_base=4)],
            ),
        )  # fmt: skip

    apply_batch(uow, "S001", [returned(1, "BEV"), returned(2, "NOPE")])
    listed = purchasing.list_supplier_returns(uow, SAM)
    assert [(r.seq, r.supplier_code, r.lines, r.value_minor) for r in listed] == [
        (1, "BEV", (("COLA", 4, 186),), 4 * 186),
        (2, "NOPE", (("COLA", 4, 186),), 4 * 186),
    ]
    assert purchasing.list_supplier_returns(uow, BEA, supplier_code="OTHER") == []
    assert purchasing.list_supplier_returns(uow, OLA) == []
    with pytest.raises(PermissionRefused):
        purchasing.list_supplier_returns(uow, OLA, store_code="S001")
    first, second = [r for r in db.tables.audit if r.entity == "supplier_return"]
    assert first.entity_id == "S001/1" and "anomalies" not in first.after_json
    assert "supplier NOPE is not known at head office" in second.after_json
