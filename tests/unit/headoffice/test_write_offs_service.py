"""Write-offs at head office on the in-memory unit of work: requests, decisions, store entries,
the approval threshold. tests/db keeps the SQL of the same path."""

from __future__ import annotations

import copy

import pytest

from common.errors import InvalidInput
from common.pb.storeledger.v1 import ledger_pb2, write_offs_pb2
from headoffice.domain.errors import PermissionRefused, UnknownProduct, UnknownStore
from headoffice.domain.roles import Staff
from headoffice.domain.write_offs import (
    SelfApprovalRefused,
    UnknownWriteOff,
    WriteOffAlreadyDecided,
)
from headoffice.services import audit
from headoffice.services.sync import apply_batch
from headoffice.services.write_off_policy import (
    apply_threshold,
    current_threshold,
    ensure_policy_sent,
)
from headoffice.services.write_offs import (
    approve_write_off,
    get_write_off,
    list_write_offs,
    reject_write_off,
    request_write_off,
)
from tests.unit.headoffice.fakes import FakeDatabase, FakeUnitOfWork

MIA = Staff("mia", "store_manager", frozenset({"S001"}))
LEO = Staff("leo", "store_manager", frozenset({"S001"}))
OLA = Staff("ola", "store_manager", frozenset({"S002"}))
BEA = Staff("bea", "buyer")
ADMIN = Staff("admin", "admin")
WRITE_OFF = ledger_pb2.MOVEMENT_REASON_WRITE_OFF


@pytest.fixture
def db() -> FakeDatabase:
    """S001 holds 1,000 COLA at 200 (catalogue cost 150) and never received TEA (cost 90)."""
    db = FakeDatabase()
    db.seed_store("S001")
    db.seed_store("S002")
    db.seed_product("COLA", cost_minor=150)
    db.seed_product("TEA", cost_minor=90)
    db.seed_level("S001", "COLA", 1_000, 200)
    return db


def orders(db: FakeDatabase, store: str = "S001") -> list[write_offs_pb2.WriteOffOrder]:
    return [e.write_off_order for e in db.events_for(store) if e.HasField("write_off_order")]


def actions(db: FakeDatabase) -> list[str]:
    return [r.action for r in db.tables.audit if r.entity == "write_off"]


def test_above_the_threshold_it_waits_and_only_someone_else_approves_it(db: FakeDatabase) -> None:
    uow = FakeUnitOfWork(db)
    # 300 x 200 (the moving-average cost, not the catalogue's 150) = 60000 > 50000
    asked = request_write_off(uow, MIA, "S001", "expired", [("COLA", 300)], "best before May")
    assert (asked.state, asked.value_minor, asked.threshold_minor) == ("pending", 60_000, 50_000)
    assert orders(db) == []
    before = copy.deepcopy(db.tables)
    with pytest.raises(SelfApprovalRefused, match="nobody approves their own write-off"):
        approve_write_off(uow, MIA, asked.write_off_id)
    with pytest.raises(PermissionRefused, match="manages store"):
        approve_write_off(uow, OLA, asked.write_off_id)
    assert db.tables == before
    approved = approve_write_off(uow, LEO, asked.write_off_id, "seen it", now_ms=3_000)
    assert (approved.state, approved.decided_by, approved.decision_note) == (
        "approved",
        "leo",
        "seen it",
    )
    (order,) = orders(db)
    assert (order.write_off_id, order.decision, order.reason) == (
        asked.write_off_id,
        "approved",
        "expired",
    )
    with pytest.raises(WriteOffAlreadyDecided, match="is approved, not pending"):
        reject_write_off(uow, ADMIN, asked.write_off_id, "too late")
    assert db.levels_of("S001") == {"COLA": 1_000}  # only the store's ledger moves stock
    assert actions(db) == ["write_off.request", "write_off.approve"]
    assert audit.verify(uow).intact


def test_at_or_below_the_threshold_it_is_approved_at_once_and_sent_down(db: FakeDatabase) -> None:
    uow = FakeUnitOfWork(db)
    # 250 x 200 = 50000: at the threshold, nobody need decide; TEA at its catalogue cost.
    first = request_write_off(uow, BEA, "S001", "damaged", [("COLA", 200), ("COLA", 50)])
    assert (first.state, first.value_minor, first.decided_by) == ("approved", 50_000, "threshold")
    tea = request_write_off(uow, BEA, "S001", "sample", [("TEA", 3)])
    assert (tea.state, tea.value_minor) == ("approved", 270)
    assert [o.write_off_id for o in orders(db)] == [first.write_off_id, tea.write_off_id]
    listed = list_write_offs(uow, ADMIN, state="approved")
    assert {w.write_off_id for w in listed} == {first.write_off_id, tea.write_off_id}
    assert list_write_offs(uow, OLA) == []
    with pytest.raises(PermissionRefused, match="manages store"):
        get_write_off(uow, OLA, first.write_off_id)


@pytest.mark.parametrize(
    ("args", "error", "sentence"),
    [
        (("S001", "", [("COLA", 1)]), InvalidInput, "needs a reason: one of damaged, expired"),
        (("S001", "broken", [("COLA", 1)]), InvalidInput, "'broken' is not one of damaged"),
        (("S001", "theft", []), InvalidInput, "at least one SKU=QTY"),
        (("S001", "theft", [("COLA", 0)]), InvalidInput, "positive whole number"),
        (("S001", "theft", [("NOPE", 1)]), UnknownProduct, "SKU NOPE is not in head office"),
        (("S404", "theft", [("COLA", 1)]), UnknownStore, "store S404 is not enrolled"),
    ],
)
def test_bad_requests_are_refused_with_a_sentence_and_change_nothing(
    db: FakeDatabase, args: tuple, error: type[Exception], sentence: str
) -> None:
    before = copy.deepcopy(db.tables)
    with pytest.raises(error, match=sentence):
        request_write_off(FakeUnitOfWork(db), ADMIN, *args)
    assert db.tables == before


def test_rejecting_needs_a_note_and_tells_the_store(db: FakeDatabase) -> None:
    uow = FakeUnitOfWork(db)
    asked = request_write_off(uow, ADMIN, "S001", "theft", [("COLA", 500)])
    before = copy.deepcopy(db.tables)
    with pytest.raises(InvalidInput, match="needs a note"):
        reject_write_off(uow, LEO, asked.write_off_id, "  ")
    with pytest.raises(UnknownWriteOff):
        approve_write_off(uow, LEO, "no-such-id")
    assert db.tables == before
    assert reject_write_off(uow, LEO, asked.write_off_id, "found them").state == "rejected"
    (order,) = orders(db)
    assert (order.decision, order.decision_note) == ("rejected", "found them")


def request_entry(seq: int, write_off_id: str, qty: int) -> ledger_pb2.JournalEntry:
    return ledger_pb2.JournalEntry(
        seq=seq,
        occurred_at_ms=3_000 + seq,
        actor="mia",
        document_type="write_off_request",
        document_id=write_off_id,
        write_off_request=write_offs_pb2.WriteOffRequest(
            write_off_id=write_off_id,
            reason="damaged",
            note="crushed pallet",
            lines=[write_offs_pb2.WriteOffLine(sku="COLA", qty_base=qty, unit_cost_minor=150)],
            value_minor=qty * 150,
            threshold_minor=50_000,
        ),
    )


def write_off_entry(seq: int, write_off_id: str, qty: int, by: str = "") -> ledger_pb2.JournalEntry:
    return ledger_pb2.JournalEntry(
        seq=seq,
        occurred_at_ms=3_000 + seq,
        actor=by or "mia",
        document_type="write_off",
        document_id=write_off_id,
        movements=[ledger_pb2.Movement(sku="COLA", qty_base=-qty, reason=WRITE_OFF)],
        write_off=write_offs_pb2.WriteOff(
            write_off_id=write_off_id,
            reason="damaged",
            lines=[write_offs_pb2.WriteOffLine(sku="COLA", qty_base=qty, unit_cost_minor=150)],
            value_minor=qty * 150,
            origin="store",
            approved_by=by,
        ),
    )


def test_store_entries_open_and_close_write_offs(db: FakeDatabase) -> None:
    uow = FakeUnitOfWork(db)
    apply_batch(uow, "S001", [request_entry(1, "wo-big", 400)], now_ms=4_000)
    pending = get_write_off(uow, ADMIN, "wo-big")
    assert (pending.state, pending.origin, pending.requested_by, pending.value_minor) == (
        "pending",
        "store",
        "mia",
        60_000,
    )
    assert (pending.note, [(ln.sku, ln.qty_base) for ln in pending.lines]) == (
        "crushed pallet",
        [("COLA", 400)],
    )
    # The store's own small write-off arrives done; the big one after its approval.
    apply_batch(uow, "S001", [write_off_entry(2, "wo-small", 5)], now_ms=4_100)
    approve_write_off(uow, LEO, "wo-big")
    apply_batch(uow, "S001", [write_off_entry(3, "wo-big", 400, "leo")], now_ms=4_200)
    small, big = get_write_off(uow, ADMIN, "wo-small"), get_write_off(uow, ADMIN, "wo-big")
    assert (small.state, small.done_seq, small.origin, small.value_minor) == (
        "done",
        2,
        "store",
        750,
    )
    assert (big.state, big.done_seq, big.decided_by) == ("done", 3, "leo")
    assert db.levels_of("S001") == {"COLA": 595}  # 1,000 - 5 - 400
    # A request already known and a replayed entry change nothing more.
    before = copy.deepcopy(db.tables)
    apply_batch(uow, "S001", [write_off_entry(3, "wo-big", 400, "leo")], now_ms=4_300)
    assert db.tables == before
    apply_batch(uow, "S001", [request_entry(4, "wo-big", 400)], now_ms=4_400)
    assert get_write_off(uow, ADMIN, "wo-big").state == "done"
    assert actions(db) == [
        "write_off.request",
        "write_off.done",
        "write_off.approve",
        "write_off.done",
    ]


def test_the_threshold_reaches_every_store_once_and_again_when_it_changes(
    db: FakeDatabase,
) -> None:
    uow = FakeUnitOfWork(db)

    def policies(store: str) -> list[int]:
        return [
            e.write_off_policy.approval_threshold_minor
            for e in db.events_for(store)
            if e.HasField("write_off_policy")
        ]

    assert apply_threshold(uow, 50_000) is False  # the migration's default: nothing to send
    assert ensure_policy_sent(uow, "S001") is True
    assert ensure_policy_sent(uow, "S001") is False
    assert policies("S001") == [50_000] and policies("S002") == []
    assert apply_threshold(uow, 80_000, actor="ops", now_ms=9) is True
    assert current_threshold(uow) == 80_000
    assert policies("S001") == [50_000, 80_000] and policies("S002") == [80_000]
    assert ensure_policy_sent(uow, "S002") is False
    before = copy.deepcopy(db.tables)
    with pytest.raises(InvalidInput, match="cannot be negative"):
        apply_threshold(uow, -1)
    assert db.tables == before
    (record,) = [r for r in db.tables.audit if r.action == "write_off.threshold"]
    assert (record.actor, record.before_json, record.after_json) == (
        "ops",
        '{"approval_threshold_minor":50000}',
        '{"approval_threshold_minor":80000}',
    )
