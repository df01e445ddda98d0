"""Transfers at head office on the in-memory unit of work: create, the stores' entries, resolve.

The stores' shipments, receipts and corrections arrive through apply_batch as
their journals would; tests/db keeps the SQL of the same path.
"""

from __future__ import annotations

import copy

import pytest

from common.errors import InvalidInput
from common.pb.storeledger.v1 import ledger_pb2, transfers_pb2
from headoffice.domain.errors import PermissionRefused, UnknownProduct, UnknownStore
from headoffice.domain.roles import Staff
from headoffice.domain.transfers import InsufficientStock, TransferRefused, UnknownTransfer
from headoffice.services import audit, transfers
from headoffice.services.sync import apply_batch
from tests.unit.headoffice.fakes import FakeDatabase, FakeUnitOfWork

ADMIN = Staff("admin", "admin")
MIA = Staff("mia", "store_manager", frozenset({"S001"}))
OLA = Staff("ola", "store_manager", frozenset({"S002"}))
SUE = Staff("sue", "store_manager", frozenset({"S003"}))
OUT = ledger_pb2.MOVEMENT_REASON_TRANSFER_OUT
IN = ledger_pb2.MOVEMENT_REASON_TRANSFER_IN


@pytest.fixture
def db() -> FakeDatabase:
    """S001 holds 30 COLA at 100 and 10 CHIPS at 50; S002 and S003 hold nothing."""
    db = FakeDatabase()
    for code in ("S001", "S002", "S003"):
        db.seed_store(code)
    db.seed_product("COLA", cost_minor=100)
    db.seed_product("CHIPS", cost_minor=60)
    db.seed_level("S001", "COLA", 30, 100)
    db.seed_level("S001", "CHIPS", 10, 50)
    return db


def shipment(seq: int, tid: str, lines: list[tuple[str, int]]) -> ledger_pb2.JournalEntry:
    return ledger_pb2.JournalEntry(
        seq=seq,
        occurred_at_ms=5_000 + seq,
        actor="ann",
        document_type="transfer_shipment",
        document_id=f"{tid}-shipment-{seq}",
        movements=[ledger_pb2.Movement(sku=s, qty_base=-q, reason=OUT) for s, q in lines],
        transfer_shipment=transfers_pb2.TransferShipment(
            transfer_id=tid,
            from_store="S001",
            to_store="S002",
            lines=[transfers_pb2.TransferLine(sku=s, shipped_qty_base=q) for s, q in lines],
        ),
    )


def received(seq: int, tid: str, lines: list[tuple[str, int, int]]) -> ledger_pb2.JournalEntry:
    """The receiver's entry: (sku, received, unit cost from the order) per line."""
    return ledger_pb2.JournalEntry(
        seq=seq,
        occurred_at_ms=6_000 + seq,
        actor="bo",
        document_type="transfer_receipt",
        document_id=f"{tid}-receipt",
        movements=[
            ledger_pb2.Movement(sku=s, qty_base=q, reason=IN, unit_cost_minor=c)
            for s, q, c in lines
            if q
        ],
        transfer_receipt=transfers_pb2.TransferReceipt(
            transfer_id=tid,
            lines=[transfers_pb2.TransferLine(sku=s, received_qty_base=q) for s, q, _ in lines],
        ),
    )


def correction(seq: int, tid: str, sku: str, qty: int) -> ledger_pb2.JournalEntry:
    return ledger_pb2.JournalEntry(
        seq=seq,
        occurred_at_ms=7_000,
        actor="headoffice",
        document_type="transfer_correction",
        document_id=f"{tid}-correction",
        movements=[ledger_pb2.Movement(sku=sku, qty_base=qty, reason=OUT, unit_cost_minor=100)],
        transfer_shipment=transfers_pb2.TransferShipment(transfer_id=tid, kind="correction"),
    )


def states(db: FakeDatabase, store: str) -> list[str]:
    return [e.transfer.state for e in db.events_for(store) if e.HasField("transfer")]


def actions(db: FakeDatabase) -> list[str]:
    return [r.action for r in db.tables.audit if r.entity == "transfer"]


def test_created_for_both_stores_and_seen_only_by_their_managers(db: FakeDatabase) -> None:
    uow = FakeUnitOfWork(db)
    created = transfers.create_transfer(uow, MIA, "S001", "S002", [("COLA", 4)], now_ms=1_000)
    assert created.warnings == [] and created.transfer.state == "open"
    assert created.transfer.transfer_id == "TR000001"
    for store in ("S001", "S002"):
        assert [e.transfer.transfer_id for e in db.events_for(store)] == ["TR000001"]
    assert db.events_for("S003") == [] and actions(db) == ["transfer.create"]
    assert [t.id for t in transfers.list_transfers(uow, OLA)] == [created.transfer.id]
    assert transfers.list_transfers(uow, SUE) == []
    with pytest.raises(PermissionRefused):
        transfers.show_transfer(uow, SUE, "TR000001")
    cancelled = transfers.cancel_transfer(uow, OLA, "TR000001", now_ms=2_000)
    assert cancelled.state == "cancelled" and actions(db)[-1] == "transfer.cancel"
    assert states(db, "S002") == ["open", "cancelled"]
    with pytest.raises(TransferRefused, match="is cancelled"):
        transfers.cancel_transfer(uow, ADMIN, "TR000001")
    assert [t.transfer_id for t in transfers.list_transfers(uow, ADMIN, state="cancelled")] == [
        "TR000001"
    ]


def test_a_bad_transfer_is_refused_and_changes_nothing(db: FakeDatabase) -> None:
    uow = FakeUnitOfWork(db)
    before = copy.deepcopy(db.tables)
    cases = [
        (("S001", "S001", [("COLA", 1)]), InvalidInput, "cannot send to itself"),
        (("S001", "S404", [("COLA", 1)]), UnknownStore, "S404"),
        (("S001", "S002", [("COLA", 1), ("NOPE", 1)]), UnknownProduct, "SKU NOPE"),
        (("S001", "S002", [("COLA", 0)]), InvalidInput, "positive whole number"),
        (("S001", "S002", [("COLA", 31), ("CHIPS", 11)]), InsufficientStock, "COLA: 31 asked"),
    ]
    for args, error, sentence in cases:
        with pytest.raises(error, match=sentence):
            transfers.create_transfer(uow, ADMIN, *args)
    with pytest.raises(PermissionRefused, match="manages store"):
        transfers.create_transfer(uow, SUE, "S001", "S002", [("COLA", 1)])
    with pytest.raises(InvalidInput, match="transfer state 'lost'"):
        transfers.list_transfers(uow, ADMIN, state="lost")
    with pytest.raises(UnknownTransfer, match="no transfer TR000099"):
        transfers.show_transfer(uow, ADMIN, "TR000099")
    assert db.tables == before and uow.commits == 0
    allowed = transfers.create_transfer(
        uow, ADMIN, "S001", "S002", [("COLA", 31)], negative_stock="allow"
    )
    assert allowed.warnings == ["store S001 will go below zero on COLA: 31 asked, 30 on hand"]


def test_shipped_short_received_and_corrected_through_the_journals(db: FakeDatabase) -> None:
    uow = FakeUnitOfWork(db)
    tid = transfers.create_transfer(
        uow, ADMIN, "S001", "S002", [("COLA", 10), ("CHIPS", 4)], now_ms=2_000
    ).transfer.transfer_id
    with pytest.raises(TransferRefused, match="can be resolved only when discrepancy"):
        transfers.resolve_transfer(uow, ADMIN, tid, "correction")

    result = apply_batch(uow, "S001", [shipment(1, tid, [("COLA", 8), ("CHIPS", 4)])])
    assert result.notify_downstream
    shipped = transfers.show_transfer(uow, ADMIN, tid)
    assert (shipped.state, shipped.shipped_seq, shipped.shipped_at_ms) == ("shipped", 1, 5_001)
    # Valued at what head office moved the sender's stock at.
    assert {x.sku: (x.qty_base, x.shipped_qty_base, x.unit_cost_minor) for x in shipped.lines} == {
        "COLA": (10, 8, 100),
        "CHIPS": (4, 4, 50),
    }
    assert sum(x.value_minor for x in transfers.in_transit(uow, ADMIN)) == 8 * 100 + 4 * 50
    assert states(db, "S002") == ["open", "shipped"]
    with pytest.raises(TransferRefused, match="can be cancelled only when open"):
        transfers.cancel_transfer(uow, ADMIN, tid)

    apply_batch(uow, "S002", [received(1, tid, [("COLA", 7, 100), ("CHIPS", 4, 50)])])
    short = transfers.show_transfer(uow, ADMIN, tid)
    assert (short.state, short.received_seq) == ("discrepancy", 1)
    in_transit = transfers.in_transit(uow, OLA, "S002")
    assert [(x.sku, x.qty_base, x.value_minor) for x in in_transit] == [("COLA", 1, 100)]
    assert db.levels_of("S002") == {"COLA": 7, "CHIPS": 4}
    with pytest.raises(InvalidInput, match="transit-loss or correction"):
        transfers.resolve_transfer(uow, ADMIN, tid, "lost")
    with pytest.raises(PermissionRefused, match="manages store"):
        transfers.resolve_transfer(uow, SUE, tid, "correction")

    correcting = transfers.resolve_transfer(uow, OLA, tid, "correction", now_ms=6_500)
    assert (correcting.state, correcting.resolved_by) == ("correcting", "ola")
    (event,) = [e.transfer for e in db.events_for("S001") if e.transfer.state == "correcting"]
    assert {x.sku: x.resolved_qty_base for x in event.lines} == {"COLA": 1, "CHIPS": 0}
    apply_batch(uow, "S001", [correction(2, tid, "COLA", 1)])
    assert transfers.show_transfer(uow, ADMIN, tid).state == "resolved"
    assert db.levels_of("S001") == {"COLA": 23, "CHIPS": 6}
    assert transfers.in_transit(uow, ADMIN) == []
    assert actions(db) == [
        "transfer.create",
        "transfer.ship",
        "transfer.receive",
        "transfer.resolve.correction",
        "transfer.correct",
    ]
    assert audit.verify(uow).intact


def test_a_transit_loss_is_written_off_and_closes_the_transfer(db: FakeDatabase) -> None:
    uow = FakeUnitOfWork(db)
    tid = transfers.create_transfer(uow, ADMIN, "S001", "S002", [("COLA", 5)]).transfer.transfer_id
    apply_batch(uow, "S001", [shipment(1, tid, [("COLA", 5)])])
    apply_batch(uow, "S002", [received(1, tid, [("COLA", 3, 100)])])
    lost = transfers.resolve_transfer(uow, ADMIN, tid, "transit-loss")
    assert (lost.state, lost.resolution) == ("resolved", "transit_loss")
    assert sum(x.resolved_qty_base * x.unit_cost_minor for x in lost.lines) == 200
    assert db.levels_of("S001")["COLA"] == 25 and db.levels_of("S002")["COLA"] == 3
    (record,) = [r for r in db.tables.audit if r.action == "transfer.resolve.transit_loss"]
    assert '"loss_value_minor":200' in record.after_json
    # More arriving than was shipped is no loss: only a correction explains it.
    other = transfers.create_transfer(uow, ADMIN, "S001", "S002", [("CHIPS", 2)]).transfer
    apply_batch(uow, "S001", [shipment(2, other.transfer_id, [("CHIPS", 2)])])
    apply_batch(uow, "S002", [received(2, other.transfer_id, [("CHIPS", 3, 50)])])
    with pytest.raises(TransferRefused, match="that is not a transit loss"):
        transfers.resolve_transfer(uow, ADMIN, other.transfer_id, "transit-loss")


def test_entries_that_do_not_fit_a_transfer_move_stock_and_are_audited(db: FakeDatabase) -> None:
    """The store already committed them: applied, never refused, the mismatch recorded."""
    uow = FakeUnitOfWork(db)
    apply_batch(uow, "S001", [shipment(1, "TR000077", [("COLA", 1)])])
    assert db.levels_of("S001")["COLA"] == 29
    (anomaly,) = [r for r in db.tables.audit if r.action == "transfer.anomaly"]
    assert "no transfer TR000077 at head office" in anomaly.after_json
    tid = transfers.create_transfer(uow, ADMIN, "S001", "S002", [("COLA", 2)]).transfer.transfer_id
    # The receiver books a transfer not yet shipped; the wrong store ships it.
    apply_batch(uow, "S002", [received(1, tid, [("COLA", 2, 100)])])
    apply_batch(uow, "S003", [shipment(1, tid, [("COLA", 2)])])
    problems = [r.after_json for r in db.tables.audit if r.action == "transfer.anomaly"][1:]
    assert f"transfer {tid} is open" in problems[0]
    assert f"transfer {tid} is for store S001, not S003" in problems[1]
    assert transfers.show_transfer(uow, ADMIN, tid).state == "open"
    # A store that shipped before it heard of a cancellation: in transit after all.
    transfers.cancel_transfer(uow, ADMIN, tid)
    apply_batch(uow, "S001", [shipment(2, tid, [("COLA", 2)])])
    assert transfers.show_transfer(uow, ADMIN, tid).state == "shipped"
