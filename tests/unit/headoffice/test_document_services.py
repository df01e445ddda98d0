"""Transfers, purchasing and write-offs use cases on the in-memory unit of work.

Each change commits with its audit record and the events its stores are
sent; a refused request raises one sentence and changes nothing.
"""

from __future__ import annotations

import copy

import pytest

from common.errors import InvalidInput
from headoffice.domain.errors import UnknownProduct, UnknownStore
from headoffice.domain.purchasing_errors import UnknownPurchaseOrder
from headoffice.domain.roles import Staff
from headoffice.domain.transfers import InsufficientStock
from headoffice.domain.write_offs import SelfApprovalRefused
from headoffice.services import purchasing
from headoffice.services.transfers import cancel_transfer, create_transfer, list_transfers
from headoffice.services.write_offs import approve_write_off, request_write_off
from tests.unit.headoffice.fakes import FakeDatabase, FakeUnitOfWork

ADMIN = Staff("admin", "admin")
BEA = Staff("bea", "buyer")
MIA = Staff("mia", "store_manager", frozenset({"S001"}))
LEO = Staff("leo", "store_manager", frozenset({"S001"}))
OLA = Staff("ola", "store_manager", frozenset({"S002"}))


@pytest.fixture
def db() -> FakeDatabase:
    db = FakeDatabase()
    for code in ("S001", "S002", "S003"):
        db.seed_store(code)
    db.seed_product("COLA", cost_minor=100)
    db.seed_product("CHIPS", cost_minor=250)
    db.seed_level("S001", "COLA", 10, 120)
    db.seed_supplier("ACME")
    return db


def actions(db: FakeDatabase) -> list[str]:
    return [record.action for record in db.tables.audit]


# -- transfers ---------------------------------------------------------------------------


def test_a_transfer_is_created_for_both_stores_and_only_their_managers_see_it(
    db: FakeDatabase,
) -> None:
    uow = FakeUnitOfWork(db)
    created = create_transfer(uow, MIA, "S001", "S002", [("COLA", 4)], now_ms=1_000)
    assert created.warnings == [] and created.transfer.state == "open"
    for store in ("S001", "S002"):
        assert [e.transfer.transfer_id for e in db.events_for(store)] == [
            created.transfer.transfer_id
        ]
    assert db.events_for("S003") == [] and actions(db) == ["transfer.create"]
    assert [t.id for t in list_transfers(uow, OLA)] == [created.transfer.id]
    assert list_transfers(uow, Staff("sam", "store_manager", frozenset({"S003"}))) == []
    cancelled = cancel_transfer(uow, OLA, created.transfer.transfer_id, now_ms=2_000)
    assert cancelled.state == "cancelled" and actions(db)[-1] == "transfer.cancel"
    assert [e.transfer.state for e in db.events_for("S002")] == ["open", "cancelled"]


def test_a_bad_transfer_is_refused_and_changes_nothing(db: FakeDatabase) -> None:
    uow = FakeUnitOfWork(db)
    before = copy.deepcopy(db.tables)
    with pytest.raises(UnknownProduct, match="SKU NOPE"):
        create_transfer(uow, ADMIN, "S001", "S002", [("COLA", 1), ("NOPE", 1)])
    with pytest.raises(UnknownStore):
        create_transfer(uow, ADMIN, "S001", "S404", [("COLA", 1)])
    with pytest.raises(InsufficientStock):
        create_transfer(uow, ADMIN, "S001", "S002", [("COLA", 11)])
    with pytest.raises(InvalidInput, match="cannot send to itself"):
        create_transfer(uow, ADMIN, "S001", "S001", [("COLA", 1)])
    assert db.tables == before and uow.commits == 0
    allowed = create_transfer(uow, ADMIN, "S001", "S002", [("COLA", 11)], negative_stock="allow")
    assert allowed.warnings == ["store S001 will go below zero on COLA: 11 asked, 10 on hand"]


# -- purchasing --------------------------------------------------------------------------


def test_a_sent_order_is_expected_by_its_store_and_hidden_from_other_managers(
    db: FakeDatabase,
) -> None:
    uow = FakeUnitOfWork(db)
    view = purchasing.create_order(uow, BEA, "S001", "ACME", [("COLA", 24, 90)], now_ms=1_000)
    assert (view.order.state, view.order.total_minor, view.supplier_name) == (
        "draft",
        2_160,
        "Supplier ACME",
    )
    assert db.events_for("S001") == []
    with_line = purchasing.add_order_line(uow, BEA, view.order.po_id, "CHIPS", 6, 200)
    assert [ln.sku for ln in with_line.order.lines] == ["COLA", "CHIPS"]
    sent = purchasing.send_order(uow, BEA, view.order.po_id)
    assert sent.order.state == "sent"
    (event,) = db.events_for("S001")
    assert (event.purchase_order.order.po_id, event.purchase_order.order.state) == (
        view.order.po_id,
        "sent",
    )
    assert purchasing.get_order(uow, MIA, view.order.po_id).order.state == "sent"
    with pytest.raises(UnknownPurchaseOrder):
        purchasing.get_order(uow, OLA, view.order.po_id)
    assert actions(db) == ["po.create", "po.add_line", "po.send"]


def test_an_order_for_an_unknown_product_is_refused_and_changes_nothing(db: FakeDatabase) -> None:
    uow = FakeUnitOfWork(db)
    before = copy.deepcopy(db.tables)
    with pytest.raises(UnknownProduct, match="SKU NOPE"):
        purchasing.create_order(uow, BEA, "S001", "ACME", [("NOPE", 1, 1)])
    assert db.tables == before


# -- write-offs --------------------------------------------------------------------------


def test_a_small_write_off_is_approved_at_once_and_a_big_one_waits_for_someone_else(
    db: FakeDatabase,
) -> None:
    uow = FakeUnitOfWork(db)
    small = request_write_off(uow, MIA, "S001", "damaged", [("COLA", 2)], now_ms=1_000)
    # Valued at the store's moving-average cost (120), not the catalogue's (100).
    assert (small.state, small.value_minor, small.decided_by) == ("approved", 240, "threshold")
    big = request_write_off(uow, MIA, "S001", "theft", [("CHIPS", 400)], now_ms=2_000)
    assert (big.state, big.value_minor) == ("pending", 100_000)
    assert [e.write_off_order.write_off_id for e in db.events_for("S001")] == [small.write_off_id]
    with pytest.raises(SelfApprovalRefused):
        approve_write_off(uow, MIA, big.write_off_id)
    approved = approve_write_off(uow, LEO, big.write_off_id, "seen on camera", now_ms=3_000)
    assert (approved.state, approved.decided_by) == ("approved", "leo")
    orders = [e.write_off_order for e in db.events_for("S001")]
    assert [(o.write_off_id, o.decision) for o in orders][-1] == (big.write_off_id, "approved")
    assert actions(db) == [
        "write_off.request",
        "write_off.request",
        "write_off.approve",
    ]
    assert db.levels_of("S001") == {"COLA": 10}  # stock moves only when the store commits it
