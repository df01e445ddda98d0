"""Purchasing at head office on both databases: suppliers, order states, deliveries, returns."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from common.pb.storeledger.v1 import ledger_pb2, purchasing_pb2
from headoffice.api.messages.downstream import feed_event
from headoffice.domain.audit_chain import AuditFilter
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
from headoffice.services.catalogue import import_catalogue
from headoffice.services.downstream import feed_after
from headoffice.services.sync import apply_batch
from headoffice.store.document_tables import purchase_order_lines, purchase_orders, suppliers
from headoffice.store.levels_repo import LevelsRepository
from headoffice.store.unit_of_work import UnitOfWork

UoW = Callable[[], UnitOfWork]
BEA = Staff("bea", "buyer")
SAM = Staff("sam", "store_manager", frozenset({"S001"}))
CATALOGUE = (
    "sku,name,barcodes,unit,price_minor,cost_minor,category\n"
    "COLA,Cola,,piece,350,180,drinks\nTEA,Tea,,piece,450,230,drinks\n"
)


@pytest.fixture
def ready(uow: UoW, store: str) -> str:
    import_catalogue(uow(), CATALOGUE, now_ms=10)
    purchasing.add_supplier(uow(), "bea", "BEV", "Beverage Co", "021-555", now_ms=20)
    return store


def snapshot(engine: Engine) -> tuple[list, list, list]:
    with engine.connect() as conn:
        return tuple(  # type: ignore[return-value]
            sorted(tuple(r) for r in conn.execute(sa.select(t)))
            for t in (suppliers, purchase_orders, purchase_order_lines)
        )


def store_events(uow: UoW, store: str) -> list[purchasing_pb2.PurchaseOrder]:
    page = feed_after(uow(), store, 0)
    return [feed_event(i).purchase_order.order for i in page.items if i.event_payload is not None]


def po_delivery(seq: int, po_id: str, lines: list[tuple[str, int, int]]) -> ledger_pb2.JournalEntry:
    return ledger_pb2.JournalEntry(
        seq=seq,
        occurred_at_ms=1_000 + seq,
        actor="sam",
        document_type="receipt",
        document_id=f"r{seq}",
        movements=[
            ledger_pb2.Movement(
                sku=s, qty_base=q, reason=ledger_pb2.MOVEMENT_REASON_RECEIPT, unit_cost_minor=c
            )
            for s, q, c in lines
        ],
        supplier_delivery=ledger_pb2.SupplierDelivery(
            delivery_id=f"r{seq}",
            supplier_ref=po_id,
            po_id=po_id,
            lines=[
                ledger_pb2.SupplierDeliveryLine(sku=s, qty_base=q, unit_cost_minor=c)
                for s, q, c in lines
            ],
        ),
    )


def test_an_order_goes_draft_sent_partly_received_closed(
    uow: UoW, engine: Engine, ready: str
) -> None:
    view = purchasing.create_order(uow(), BEA, ready, "BEV", [("COLA", 24, 180), ("TEA", 12, 230)])
    po = view.order.po_id
    assert view.order.state == "draft" and view.supplier_name == "Beverage Co"
    assert view.order.total_minor == 24 * 180 + 12 * 230
    purchasing.remove_order_line(uow(), BEA, po, 2)
    purchasing.add_order_line(uow(), BEA, po, "TEA", 10, 225)
    assert store_events(uow, ready) == []  # a draft is not the store's business yet
    sent = purchasing.send_order(uow(), BEA, po).order
    assert sent.state == "sent" and [ln.line_no for ln in sent.lines] == [1, 2]
    [expected] = store_events(uow, ready)
    assert expected.po_id == po and expected.state == "sent"
    assert [(ln.sku, ln.ordered_qty_base, ln.unit_cost_minor) for ln in expected.lines] == [
        ("COLA", 24, 180),
        ("TEA", 10, 225),
    ]
    apply_batch(uow(), ready, [po_delivery(1, po, [("COLA", 20, 180)])])
    partly = purchasing.get_order(uow(), BEA, po).order
    assert partly.state == "partly_received"
    assert [ln.received_qty_base for ln in partly.lines] == [20, 0]
    with pytest.raises(
        PurchaseOrderStateRefused, match="cannot be cancelled once goods were received"
    ):
        purchasing.cancel_order(uow(), BEA, po)
    apply_batch(uow(), ready, [po_delivery(2, po, [("COLA", 4, 180), ("TEA", 10, 225)])])
    closed = purchasing.get_order(uow(), BEA, po).order
    assert closed.state == "closed" and [ln.received_qty_base for ln in closed.lines] == [24, 10]
    assert [o.state for o in store_events(uow, ready)] == ["sent", "closed"]
    with engine.connect() as conn:
        level = LevelsRepository(conn).levels(ready)
    assert level == {"COLA": 24, "TEA": 10}
    actions = [r.action for r in audit.list_records(uow(), AuditFilter(entity_id=po))]
    assert actions == [
        "po.create",
        "po.remove_line",
        "po.add_line",
        "po.send",
        "po.receive",
        "po.receive",
    ]
    assert audit.verify(uow()).intact


def test_bad_input_changes_nothing(uow: UoW, engine: Engine, ready: str) -> None:
    po = purchasing.create_order(uow(), BEA, ready, "BEV", [("COLA", 10, 180)]).order.po_id
    before = snapshot(engine)
    audit_before = len(audit.list_records(uow(), AuditFilter()))
    refusals = [
        (lambda: purchasing.add_supplier(uow(), "bea", "BEV", "Again"), SupplierAlreadyExists),
        (lambda: purchasing.add_supplier(uow(), "bea", "bad code", "X"), InvalidPurchaseRequest),
        (lambda: purchasing.add_supplier(uow(), "bea", "NEW", "  "), InvalidPurchaseRequest),
        (lambda: purchasing.create_order(uow(), BEA, "S404", "BEV", [("COLA", 1, 1)]), UnknownStore),
        (lambda: purchasing.create_order(uow(), BEA, ready, "NOPE", [("COLA", 1, 1)]), UnknownSupplier),
        (lambda: purchasing.create_order(uow(), BEA, ready, "BEV", [("GHOST", 1, 1)]), UnknownProduct),
        (lambda: purchasing.create_order(uow(), BEA, ready, "BEV", [("COLA", 0, 1)]), InvalidPurchaseRequest),
        (lambda: purchasing.create_order(uow(), BEA, ready, "BEV", [("COLA", 1, -1)]), InvalidPurchaseRequest),
        (lambda: purchasing.create_order(uow(), BEA, ready, "BEV", [("COLA", 1, 1), ("COLA", 2, 1)]), InvalidPurchaseRequest),
        (lambda: purchasing.create_order(uow(), BEA, ready, "BEV", [("COLA", 1, 1)], 101), InvalidPurchaseRequest),
        (lambda: purchasing.add_order_line(uow(), BEA, po, "COLA", 1, 1), InvalidPurchaseRequest),
        (lambda: purchasing.remove_order_line(uow(), BEA, po, 9), InvalidPurchaseRequest),
        (lambda: purchasing.get_order(uow(), BEA, "PO-999"), UnknownPurchaseOrder),
        (lambda: purchasing.send_order(uow(), BEA, "banana"), InvalidPurchaseRequest),
        (lambda: purchasing.list_orders(uow(), BEA, state="lost"), InvalidPurchaseRequest),
        (lambda: purchasing.create_order(uow(), SAM, "S002", "BEV", [("COLA", 1, 1)]), PermissionRefused),
    ]  # fmt: skip
    for call, error in refusals:
        with pytest.raises(error):
            call()
    assert snapshot(engine) == before
    assert len(audit.list_records(uow(), AuditFilter())) == audit_before


def test_supplier_returns_are_listed_at_moving_average_cost(uow: UoW, ready: str) -> None:
    # 10 at 180 then 10 at 191: average (1800 + 1910) / 20 = 185.5 -> 186 (half up)
    receipt = po_delivery(1, "", [("COLA", 10, 180)])
    receipt.supplier_delivery.po_id = ""
    second = po_delivery(2, "", [("COLA", 10, 191)])
    second.supplier_delivery.po_id = ""
    ret = ledger_pb2.JournalEntry(
        seq=3, occurred_at_ms=5_000, actor="sam", document_type="supplier_return", document_id="sr1",
        movements=[ledger_pb2.Movement(sku="COLA", qty_base=-4, reason=ledger_pb2.MOVEMENT_REASON_SUPPLIER_RETURN)],
        supplier_return=purchasing_pb2.SupplierReturn(
            return_id="sr1", supplier_code="BEV", reason="dented cans",
            lines=[purchasing_pb2.SupplierReturnLine(sku="COLA", qty_base=4)],
        ),
    )  # fmt: skip
    apply_batch(uow(), ready, [receipt, second, ret])
    [row] = purchasing.list_supplier_returns(uow(), BEA)
    assert (row.store_code, row.seq, row.supplier_code, row.reason) == (
        ready,
        3,
        "BEV",
        "dented cans",
    )
    assert row.lines == (("COLA", 4, 186),) and row.value_minor == 4 * 186
    assert purchasing.list_supplier_returns(uow(), BEA, supplier_code="OTHER") == []
    [noted] = audit.list_records(uow(), AuditFilter(entity="supplier_return"))
    assert noted.entity_id == f"{ready}/3" and "anomalies" not in noted.after_json
    unknown = ledger_pb2.JournalEntry()
    unknown.CopyFrom(ret)
    unknown.seq, unknown.supplier_return.supplier_code = 4, "NOPE"
    apply_batch(uow(), ready, [unknown])
    assert [r.supplier_code for r in purchasing.list_supplier_returns(uow(), BEA)] == [
        "BEV",
        "NOPE",
    ]
    last = audit.list_records(uow(), AuditFilter(entity="supplier_return"))[-1]
    assert "supplier NOPE is not known at head office" in last.after_json
    with pytest.raises(PermissionRefused):
        purchasing.list_supplier_returns(uow(), SAM, store_code="S009")


def test_concurrent_steps_on_one_order_take_effect_once(uow: UoW, ready: str) -> None:
    po = purchasing.create_order(uow(), BEA, ready, "BEV", [("COLA", 10, 180)]).order.po_id
    outcomes: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(4)

    def send() -> None:
        start.wait()
        try:
            purchasing.send_order(uow(), BEA, po)
            result = "sent"
        except PurchaseOrderStateRefused:
            result = "refused"
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "refused", "refused", "sent"]
    assert [o.state for o in store_events(uow, ready)] == ["sent"]
    sends = audit.list_records(uow(), AuditFilter(entity_id=po, action="po.send"))
    assert len(sends) == 1 and audit.verify(uow()).intact
