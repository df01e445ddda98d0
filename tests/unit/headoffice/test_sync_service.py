"""The sync use cases (hello, heartbeat, apply_batch, verify) on the in-memory unit of work.

The same rules tests/db proves on both databases, here without one: a clean
batch moves stock by its movements, a replay is acknowledged and ignored, a
gap or a conflicting replay refuses the batch and changes nothing.
"""

from __future__ import annotations

import copy

import pytest

from common.certs import ROLE_STAFF, ROLE_STORE, Identity
from common.pb.storeledger.v1 import ledger_pb2, transfers_pb2
from headoffice.domain.errors import (
    ConflictingEntry,
    InvalidEntry,
    NotYetCommitted,
    SequenceGap,
    StoreDisabled,
    StoreIdentityMismatch,
    UnknownStore,
)
from headoffice.domain.roles import Staff
from headoffice.services.sync import apply_batch
from headoffice.services.sync_session import check_store_identity, record_heartbeat, record_hello
from headoffice.services.transfers import create_transfer
from headoffice.services.verify import verify_report
from tests.unit.headoffice.fakes import FakeDatabase, FakeUnitOfWork

SALE = ledger_pb2.MOVEMENT_REASON_SALE
RECEIPT = ledger_pb2.MOVEMENT_REASON_RECEIPT
TRANSFER_OUT = ledger_pb2.MOVEMENT_REASON_TRANSFER_OUT


def sale(seq: int, sku: str = "COLA", qty: int = 1) -> ledger_pb2.JournalEntry:
    return ledger_pb2.JournalEntry(
        seq=seq,
        occurred_at_ms=1_000 + seq,
        actor="anna",
        document_type="sale",
        document_id=f"sale-{seq}",
        movements=[ledger_pb2.Movement(sku=sku, qty_base=-qty, reason=SALE)],
    )


def receipt(seq: int, lines: list[tuple[str, int, int]]) -> ledger_pb2.JournalEntry:
    return ledger_pb2.JournalEntry(
        seq=seq,
        occurred_at_ms=1_000 + seq,
        actor="bo",
        document_type="receipt",
        document_id=f"receipt-{seq}",
        movements=[
            ledger_pb2.Movement(sku=sku, qty_base=qty, reason=RECEIPT, unit_cost_minor=cost)
            for sku, qty, cost in lines
        ],
    )


@pytest.fixture
def db() -> FakeDatabase:
    db = FakeDatabase()
    db.seed_store("S001")
    db.seed_store("S002")
    db.seed_product("COLA", cost_minor=150)
    db.seed_product("TEA", cost_minor=80)
    return db


@pytest.mark.parametrize("adds_in_place", [False, True], ids=["lock-then-upsert", "in-place"])
def test_a_clean_batch_moves_stock_by_its_movements(db: FakeDatabase, adds_in_place: bool) -> None:
    uow = FakeUnitOfWork(db, adds_in_place=adds_in_place)
    result = apply_batch(uow, "S001", [receipt(1, [("COLA", 10, 200)]), sale(2), sale(3)], 5_000)
    assert (result.applied, result.duplicates, result.last_committed_seq) == (3, 0, 3)
    assert db.levels_of("S001") == db.movement_sums("S001") == {"COLA": 8}
    assert uow.commits == 1
    sync = db.sync_of("S001")
    assert (sync.last_seq, sync.store_newest_seq, sync.last_contact_ms) == (3, 3, 5_000)
    # Uncosted sales: a level that does not exist yet starts at the catalogue cost.
    later = apply_batch(uow, "S001", [sale(4, "TEA", 2)], 6_000)
    assert later.applied == 1 and db.levels_of("S001") == {"COLA": 8, "TEA": -2}
    costs = {(m.seq, m.sku): m.unit_cost_minor for m in db.tables.movements}
    assert costs == {(1, "COLA"): 200, (2, "COLA"): 200, (3, "COLA"): 200, (4, "TEA"): 80}
    assert ledger_pb2.JournalEntry.FromString(db.tables.journal[("S001", 2)].payload) == sale(2)


def test_a_replay_is_acknowledged_and_ignored(db: FakeDatabase) -> None:
    uow = FakeUnitOfWork(db)
    batch = [receipt(1, [("COLA", 10, 200)]), sale(2)]
    apply_batch(uow, "S001", batch)
    before = copy.deepcopy(db.tables)
    resent = [ledger_pb2.JournalEntry.FromString(e.SerializeToString()) for e in batch]
    again = apply_batch(uow, "S001", resent)
    assert (again.applied, again.duplicates, again.last_committed_seq) == (0, 2, 2)
    assert db.tables == before and uow.commits == 1
    overlap = apply_batch(uow, "S001", [sale(2), sale(3)])
    assert (overlap.applied, overlap.duplicates, overlap.last_committed_seq) == (1, 1, 3)
    assert db.levels_of("S001") == {"COLA": 8}


def test_a_gap_is_refused_and_changes_nothing(db: FakeDatabase) -> None:
    uow = FakeUnitOfWork(db)
    apply_batch(uow, "S001", [sale(1)])
    before = copy.deepcopy(db.tables)
    with pytest.raises(SequenceGap) as info:
        apply_batch(uow, "S001", [sale(2), sale(4)])
    assert info.value.expected_seq == 2
    with pytest.raises(SequenceGap, match="needs entry 2"):
        apply_batch(uow, "S001", [sale(3)])
    assert db.tables == before and uow.commits == 1


def test_a_replay_with_other_content_or_a_bad_entry_refuses_the_whole_batch(
    db: FakeDatabase,
) -> None:
    uow = FakeUnitOfWork(db)
    apply_batch(uow, "S001", [sale(1), sale(2)])
    before = copy.deepcopy(db.tables)
    other = sale(2, "TEA", 3)
    other.document_id = "sale-2-other-till"
    with pytest.raises(ConflictingEntry) as info:
        apply_batch(uow, "S001", [other, sale(3)])
    assert (info.value.committed_document_id, info.value.replayed_document_id) == (
        "sale-2",
        "sale-2-other-till",
    )
    no_sku = sale(3)
    no_sku.movements[0].sku = ""
    with pytest.raises(InvalidEntry):
        apply_batch(uow, "S001", [sale(3), no_sku])
    assert db.tables == before


def test_unknown_and_disabled_stores_are_refused(db: FakeDatabase) -> None:
    db.seed_store("S009", disabled=True)
    uow = FakeUnitOfWork(db)
    with pytest.raises(UnknownStore):
        apply_batch(uow, "S404", [sale(1)])
    with pytest.raises(StoreDisabled):
        apply_batch(uow, "S009", [sale(1)])
    with pytest.raises(StoreDisabled):
        check_store_identity(uow, Identity(ROLE_STORE, "S009", 1), "S009")
    with pytest.raises(StoreIdentityMismatch, match="belongs to store S002"):
        check_store_identity(uow, Identity(ROLE_STORE, "S002", 1), "S001")
    with pytest.raises(StoreIdentityMismatch, match="not a store's"):
        check_store_identity(uow, Identity(ROLE_STAFF, "S001", 1), "S001")
    assert check_store_identity(uow, Identity(ROLE_STORE, "S001", 1), "S001").code == "S001"
    assert uow.commits == 0


def test_hello_and_heartbeats_keep_the_lag_until_head_office_catches_up(db: FakeDatabase) -> None:
    uow = FakeUnitOfWork(db)
    assert record_hello(uow, "S001", "edge/1.0", newest_seq=3, now_ms=10) == 0
    sync = db.sync_of("S001")
    assert (sync.connected, sync.agent_version, sync.store_newest_seq) == (True, "edge/1.0", 3)
    record_heartbeat(uow, "S001", newest_seq=3, oldest_unacked_at_ms=7, now_ms=20)
    assert db.sync_of("S001").oldest_unacked_at_ms == 7
    apply_batch(uow, "S001", [sale(1), sale(2), sale(3)], 30)
    assert db.sync_of("S001").oldest_unacked_at_ms == 0
    with pytest.raises(UnknownStore):
        record_heartbeat(uow, "S404", newest_seq=1, oldest_unacked_at_ms=1)


def test_verify_compares_balances_as_of_the_stores_sequence(db: FakeDatabase) -> None:
    uow = FakeUnitOfWork(db)
    apply_batch(uow, "S001", [receipt(1, [("COLA", 10, 200), ("TEA", 2, 80)]), sale(2)])
    assert verify_report(uow, "S001", 2, {"COLA": 9, "TEA": 2}).match
    assert verify_report(uow, "S001", 1, {"COLA": 10, "TEA": 2}).match
    off = verify_report(uow, "S001", 2, {"COLA": 8, "TEA": 2})
    assert not off.match and [(d.sku, d.head_office_qty, d.store_qty) for d in off.differences] == [
        ("COLA", 9, 8)
    ]
    with pytest.raises(NotYetCommitted):
        verify_report(uow, "S001", 3, {})


def test_a_shipment_entry_puts_its_transfer_in_transit_and_tells_both_stores(
    db: FakeDatabase,
) -> None:
    """apply_batch's document effects run on the fake too (transfer_effects.on_shipment)."""
    uow = FakeUnitOfWork(db)
    apply_batch(uow, "S001", [receipt(1, [("COLA", 10, 200)])])
    created = create_transfer(uow, Staff("admin", "admin"), "S001", "S002", [("COLA", 4)])
    transfer_id = created.transfer.transfer_id
    shipment = ledger_pb2.JournalEntry(
        seq=2,
        occurred_at_ms=2_000,
        actor="anna",
        document_type="transfer_shipment",
        document_id="ship-1",
        movements=[ledger_pb2.Movement(sku="COLA", qty_base=-4, reason=TRANSFER_OUT)],
        transfer_shipment=transfers_pb2.TransferShipment(
            transfer_id=transfer_id,
            from_store="S001",
            to_store="S002",
            lines=[transfers_pb2.TransferLine(sku="COLA", qty_base=4, shipped_qty_base=4)],
        ),
    )
    result = apply_batch(uow, "S001", [shipment], 3_000)
    assert result.notify_downstream
    shipped = db.tables.transfers[created.transfer.id]
    assert (shipped.state, shipped.shipped_seq) == ("shipped", 2)
    assert [(ln.sku, ln.shipped_qty_base, ln.unit_cost_minor) for ln in shipped.lines] == [
        ("COLA", 4, 200)
    ]
    for store in ("S001", "S002"):
        states = [e.transfer.state for e in db.events_for(store) if e.HasField("transfer")]
        assert states == ["open", "shipped"]
    assert [r.action for r in db.tables.audit] == ["transfer.create", "transfer.ship"]
