"""The sync use cases (hello, heartbeat, apply_batch, verify) on the in-memory unit of work.

The same rules tests/db proves on both databases, here without one: a clean
batch moves stock by its movements, a replay is acknowledged and ignored, a
gap, a conflicting replay or an entry its kind does not allow refuses the
batch and changes nothing; an upstream session refuses a ledger that is
behind and writes heartbeats only when they say something new; verify waits,
bounded, for entries still in flight.
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
    StoreLedgerBehind,
    StoreNotConnected,
    UnknownStore,
)
from headoffice.domain.roles import Staff
from headoffice.domain.stores import BalanceChecksum, Heartbeat, Hello
from headoffice.domain.verify import BalanceReport
from headoffice.services.sync import apply_batch
from headoffice.services.sync_session import (
    UpstreamSession,
    authorise_store,
    check_store_identity,
    record_heartbeat,
    record_hello,
)
from headoffice.services.transfers import create_transfer
from headoffice.services.verify import verify_report, verify_store
from tests.journal_entries import delivery, sale  # noqa: F401 - used by tests here
from tests.unit.headoffice.fakes import FakeDatabase, FakeUnitOfWork

SALE = ledger_pb2.MOVEMENT_REASON_SALE
RECEIPT = ledger_pb2.MOVEMENT_REASON_RECEIPT
TRANSFER_OUT = ledger_pb2.MOVEMENT_REASON_TRANSFER_OUT


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
    result = apply_batch(uow, "S001", [delivery(1, [("COLA", 10, 200)]), sale(2), sale(3)], 5_000)
    assert (result.applied, result.duplicates, result.committed_seq) == (3, 0, 3)
    assert db.levels_of("S001") == db.movement_sums("S001") == {"COLA": 8}
    assert uow.commits == 1
    sync = db.sync_of("S001")
    assert (sync.committed_seq, sync.store_newest_seq, sync.last_contact_ms) == (3, 3, 5_000)
    # Uncosted sales: a level that does not exist yet starts at the catalogue cost.
    later = apply_batch(uow, "S001", [sale(4, "TEA", 2)], 6_000)
    assert later.applied == 1 and db.levels_of("S001") == {"COLA": 8, "TEA": -2}
    costs = {(m.seq, m.sku): m.unit_cost_minor for m in db.tables.movements}
    assert costs == {(1, "COLA"): 200, (2, "COLA"): 200, (3, "COLA"): 200, (4, "TEA"): 80}
    assert ledger_pb2.JournalEntry.FromString(db.tables.journal[("S001", 2)].payload) == sale(2)


def test_a_replay_is_acknowledged_and_ignored(db: FakeDatabase) -> None:
    uow = FakeUnitOfWork(db)
    batch = [delivery(1, [("COLA", 10, 200)]), sale(2)]
    apply_batch(uow, "S001", batch)
    before = copy.deepcopy(db.tables)
    resent = [ledger_pb2.JournalEntry.FromString(e.SerializeToString()) for e in batch]
    again = apply_batch(uow, "S001", resent)
    assert (again.applied, again.duplicates, again.committed_seq) == (0, 2, 2)
    assert db.tables == before and uow.commits == 1
    overlap = apply_batch(uow, "S001", [sale(2), sale(3)])
    assert (overlap.applied, overlap.duplicates, overlap.committed_seq) == (1, 1, 3)
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
    record_heartbeat(uow, "S001", newest_seq=3, oldest_uncommitted_at_ms=7, now_ms=20)
    assert db.sync_of("S001").oldest_uncommitted_at_ms == 7
    apply_batch(uow, "S001", [sale(1), sale(2), sale(3)], 30)
    assert db.sync_of("S001").oldest_uncommitted_at_ms == 0
    with pytest.raises(UnknownStore):
        record_heartbeat(uow, "S404", newest_seq=1, oldest_uncommitted_at_ms=1)


def test_verify_compares_balances_as_of_the_stores_sequence(db: FakeDatabase) -> None:
    uow = FakeUnitOfWork(db)
    apply_batch(uow, "S001", [delivery(1, [("COLA", 10, 200), ("TEA", 2, 80)]), sale(2)])
    assert verify_report(uow, "S001", 2, {"COLA": 9, "TEA": 2}).match
    assert verify_report(uow, "S001", 1, {"COLA": 10, "TEA": 2}).match
    off = verify_report(uow, "S001", 2, {"COLA": 8, "TEA": 2})
    assert not off.match and [
        (d.sku, d.head_office_qty_base, d.store_qty_base) for d in off.differences
    ] == [("COLA", 9, 8)]
    with pytest.raises(NotYetCommitted):
        verify_report(uow, "S001", 3, {})


def test_a_shipment_entry_puts_its_transfer_in_transit_and_tells_both_stores(
    db: FakeDatabase,
) -> None:
    """apply_batch's document effects run on the fake too (transfer_effects.on_shipment)."""
    uow = FakeUnitOfWork(db)
    apply_batch(uow, "S001", [delivery(1, [("COLA", 10, 200)])])
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


def test_an_unknown_kind_or_a_wrong_sign_refuses_the_batch_and_changes_nothing(
    db: FakeDatabase,
) -> None:
    uow = FakeUnitOfWork(db)
    apply_batch(uow, "S001", [sale(1)])
    before = copy.deepcopy(db.tables)
    magic = sale(3)
    magic.document_type = "stocktake_magic"
    with pytest.raises(InvalidEntry, match="store S001 entry 3 was refused: journal entry kind "
                       "'stocktake_magic' is not one StoreLedger knows") as info:  # fmt: skip
        apply_batch(uow, "S001", [sale(2), magic])
    assert info.value.expected_seq == 2
    backwards = sale(2)
    backwards.movements[0].qty_base = 5
    with pytest.raises(InvalidEntry, match=r"entry 2 movement 1 \(SKU COLA\): reason sale in a "
                       r"sale entry must take stock out \(below zero\), got 5"):  # fmt: skip
        apply_batch(uow, "S001", [backwards])
    smuggled = delivery(2, [("COLA", 5, 100)])
    smuggled.document_type = "sale"
    with pytest.raises(InvalidEntry, match="has reason receipt, which a sale entry may not carry"):
        apply_batch(uow, "S001", [smuggled])
    long_id = sale(2)
    long_id.document_id = "x" * 65
    with pytest.raises(InvalidEntry, match="a document id of 65 characters"):
        apply_batch(uow, "S001", [long_id])
    assert db.tables == before and uow.commits == 1
    assert apply_batch(uow, "S001", [sale(2)]).committed_seq == 2


def test_a_session_opens_refuses_a_ledger_behind_and_notes_the_disconnect(
    db: FakeDatabase,
) -> None:
    apply_batch(FakeUnitOfWork(db), "S001", [sale(1), sale(2), sale(3)])
    session = UpstreamSession(lambda: FakeUnitOfWork(db), "S001")
    checksum = BalanceChecksum(3, "ab" * 32)
    assert session.open(Hello("S001", "edge/2.0", 5, checksum), now_ms=50) == 3
    sync = db.sync_of("S001")
    assert (sync.connected, sync.agent_version, sync.store_newest_seq, sync.checksum_seq) == (
        True,
        "edge/2.0",
        5,
        3,
    )
    session.close()
    assert db.sync_of("S001").connected is False
    # A re-initialised ledger (its journal ends before what head office committed).
    with pytest.raises(StoreLedgerBehind, match="ends at entry 1 but head office has committed"):
        session.open(Hello("S001", "edge/2.0", 1), now_ms=60)
    assert db.sync_of("S001").last_contact_ms == 60  # the contact is still noted


def test_heartbeats_are_written_when_they_say_something_new_or_the_last_write_is_old(
    db: FakeDatabase,
) -> None:
    uows: list[FakeUnitOfWork] = []

    def new_uow() -> FakeUnitOfWork:
        uows.append(FakeUnitOfWork(db))
        return uows[-1]

    session = UpstreamSession(new_uow, "S001", heartbeat_write_interval_ms=5_000)
    beat = Heartbeat(newest_seq=4, oldest_uncommitted_at_ms=900)
    assert session.heartbeat(beat, now_ms=1_000) is True
    assert session.heartbeat(beat, now_ms=2_000) is False  # nothing new, written 1 s ago
    assert session.heartbeat(Heartbeat(5, 900), now_ms=2_500) is True  # a new entry
    assert session.heartbeat(Heartbeat(5, 900), now_ms=7_499) is False
    assert session.heartbeat(Heartbeat(5, 900), now_ms=7_500) is True  # the interval is up
    assert len(uows) == 3 and db.sync_of("S001").last_contact_ms == 7_500
    assert (db.sync_of("S001").store_newest_seq, db.sync_of("S001").oldest_uncommitted_at_ms) == (
        5,
        900,
    )


def test_a_disabled_store_is_refused_but_its_hello_is_noted(db: FakeDatabase) -> None:
    db.seed_store("S009", disabled=True)
    identity = Identity(ROLE_STORE, "S009", 1)
    with pytest.raises(StoreDisabled):
        authorise_store(lambda: FakeUnitOfWork(db), identity, "S009", Hello("S009", "e/1", 7))
    sync = db.sync_of("S009")
    assert (sync.store_newest_seq, sync.agent_version, sync.connected) == (7, "e/1", False)
    assert sync.last_contact_ms > 0
    with pytest.raises(StoreIdentityMismatch):
        authorise_store(lambda: FakeUnitOfWork(db), identity, "S001", Hello("S001", "e/1", 7))
    assert db.sync_of("S001").last_contact_ms == 0


def test_verify_waits_for_entries_in_flight_then_compares(db: FakeDatabase) -> None:
    apply_batch(FakeUnitOfWork(db), "S001", [delivery(1, [("COLA", 10, 200)])])
    # The store reports as of entry 2, which is still on its way to head office.
    report = BalanceReport(as_of_seq=2, balances={"COLA": 9})
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds
        if now[0] > 0.1:
            apply_batch(FakeUnitOfWork(db), "S001", [sale(2)])

    result = verify_store(
        lambda: FakeUnitOfWork(db), "S001", lambda timeout_ms: report, 1_000,
        clock=lambda: now[0], sleep=sleep,
    )  # fmt: skip
    assert result.match and (result.head_office_seq, result.store_seq) == (2, 2)
    assert now[0] > 0.1
    # It never arrives: the caller's timeout ends the wait with the sentence.
    late = BalanceReport(as_of_seq=9, balances={})
    with pytest.raises(NotYetCommitted, match="only up to entry 2, not 9"):
        verify_store(
            lambda: FakeUnitOfWork(db), "S001", lambda timeout_ms: late, 200,
            clock=lambda: now[0], sleep=sleep,
        )  # fmt: skip
    with pytest.raises(UnknownStore):
        verify_store(lambda: FakeUnitOfWork(db), "S404", None)
    # Not connected, never sent a checksum: nothing to compare with.
    with pytest.raises(StoreNotConnected):
        verify_store(lambda: FakeUnitOfWork(db), "S001", None)
    record_heartbeat(FakeUnitOfWork(db), "S001", 2, 0, BalanceChecksum(2, "00" * 32), now_ms=5)
    offline = verify_store(lambda: FakeUnitOfWork(db), "S001", None)
    assert not offline.match and "does NOT match" in offline.message
