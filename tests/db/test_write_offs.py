"""Write-offs at head office on both databases: requests, approval rules, effects, the threshold."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from common.certs import KeyPair
from common.errors import InvalidInput
from common.pb.storeledger.v1 import ledger_pb2, write_offs_pb2
from headoffice.api.messages.downstream import feed_event
from headoffice.domain.audit_chain import AuditFilter
from headoffice.domain.errors import PermissionRefused, UnknownProduct, UnknownStore
from headoffice.domain.roles import Staff
from headoffice.domain.write_offs import (
    SelfApprovalRefused,
    UnknownWriteOff,
    WriteOffAlreadyDecided,
)
from headoffice.services import audit
from headoffice.services.catalogue import import_catalogue
from headoffice.services.stores import add_store
from headoffice.services.sync import apply_batch
from headoffice.services.write_off_policy import (
    apply_threshold,
    current_threshold,
    ensure_policy_sent,
)
from headoffice.services.write_offs import (
    approve_write_off,
    get_write_off,
    reject_write_off,
    request_write_off,
)
from headoffice.store.document_tables import write_off_lines, write_offs
from headoffice.store.downstream_repo import DownstreamRepository
from headoffice.store.levels_repo import LevelsRepository
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.conftest import delivery

UoW = Callable[[], UnitOfWork]
WRITE_OFF = ledger_pb2.MOVEMENT_REASON_WRITE_OFF
CATALOGUE = "sku,name,barcodes,unit,price_minor,cost_minor,category\n" + "\n".join(
    f"{sku},{sku.title()},,piece,500,{cost},drinks" for sku, cost in (("COLA", 150), ("TEA", 90))
)

MIA = Staff("mia", "store_manager", frozenset({"S001"}))
LEO = Staff("leo", "store_manager", frozenset({"S001"}))
OTHER = Staff("ola", "store_manager", frozenset({"S002"}))
BEA = Staff("bea", "buyer")
ADMIN = Staff("admin", "admin")


@pytest.fixture
def stocked(uow: UoW, store: str) -> str:
    """S001 with COLA bought at 200 (catalogue cost 150) and TEA never received."""
    import_catalogue(uow(), CATALOGUE)
    apply_batch(uow(), store, [delivery(1, [("COLA", 1_000, 200)])], now_ms=2_000)
    return store


def snapshot(engine: Engine) -> tuple[object, ...]:
    """Everything a refused write-off call must leave untouched."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(write_offs).order_by(write_offs.c.write_off_id)).all()
        lines = conn.execute(sa.select(sa.func.count()).select_from(write_off_lines)).scalar()
        feed = DownstreamRepository(conn).feed_after("S001", 0, 1_000).items
        head = conn.execute(sa.text("SELECT last_id FROM audit_head")).scalar()
    return ([tuple(r) for r in rows], lines, [i.cursor for i in feed], head)


def orders(engine: Engine, store: str = "S001") -> list[write_offs_pb2.WriteOffOrder]:
    with engine.connect() as conn:
        items = DownstreamRepository(conn).feed_after(store, 0, 1_000).items
    events = [feed_event(i) for i in items if i.event_payload is not None]
    return [e.write_off_order for e in events if e.WhichOneof("kind") == "write_off_order"]


def test_a_request_above_the_threshold_waits_and_only_someone_else_approves_it(
    uow: UoW, engine: Engine, stocked: str
) -> None:
    # 300 x 200 (the moving-average cost, not the catalogue's 150) = 60000 > 50000
    row = request_write_off(uow(), MIA, stocked, "expired", [("COLA", 300)], "best before May")
    assert (row.state, row.value_minor, row.threshold_minor) == ("pending", 60_000, 50_000)
    assert [(ln.sku, ln.qty_base, ln.unit_cost_minor) for ln in row.lines] == [("COLA", 300, 200)]
    assert orders(engine) == []
    before = snapshot(engine)
    with pytest.raises(SelfApprovalRefused, match="nobody approves their own write-off"):
        approve_write_off(uow(), MIA, row.write_off_id)
    with pytest.raises(PermissionRefused, match="manages store"):
        approve_write_off(uow(), OTHER, row.write_off_id)
    assert snapshot(engine) == before
    approved = approve_write_off(uow(), LEO, row.write_off_id, "seen it")
    assert (approved.state, approved.decided_by, approved.decision_note) == (
        "approved",
        "leo",
        "seen it",
    )
    [order] = orders(engine)
    assert (order.write_off_id, order.decision, order.reason) == (
        row.write_off_id,
        "approved",
        "expired",
    )
    assert [(ln.sku, ln.qty_base) for ln in order.lines] == [("COLA", 300)]
    with pytest.raises(WriteOffAlreadyDecided, match="is approved, not pending"):
        reject_write_off(uow(), ADMIN, row.write_off_id, "too late")
    # Stock never moves at head office by itself: only the store's ledger moves it.
    with engine.connect() as conn:
        assert LevelsRepository(conn).levels(stocked) == {"COLA": 1_000}
    actions = [r.action for r in audit.list_records(uow(), AuditFilter(entity="write_off"))]
    assert actions == ["write_off.request", "write_off.approve"]
    assert audit.verify(uow()).intact


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
    uow: UoW, engine: Engine, stocked: str, args, error, sentence
) -> None:
    before = snapshot(engine)
    with pytest.raises(error, match=sentence):
        request_write_off(uow(), ADMIN, *args)
    assert snapshot(engine) == before


def test_rejecting_needs_a_note_and_tells_the_store(uow: UoW, engine: Engine, stocked: str) -> None:
    row = request_write_off(uow(), ADMIN, stocked, "theft", [("COLA", 500)])
    before = snapshot(engine)
    with pytest.raises(InvalidInput, match="needs a note"):
        reject_write_off(uow(), LEO, row.write_off_id, "  ")
    with pytest.raises(UnknownWriteOff):
        approve_write_off(uow(), LEO, "no-such-id")
    assert snapshot(engine) == before
    rejected = reject_write_off(uow(), LEO, row.write_off_id, "found them in the back")
    assert rejected.state == "rejected"
    [order] = orders(engine)
    assert (order.decision, order.decision_note) == ("rejected", "found them in the back")


def _request_entry(seq: int, write_off_id: str, qty: int) -> ledger_pb2.JournalEntry:
    return ledger_pb2.JournalEntry(
        seq=seq,
        occurred_at_ms=3_000 + seq,
        actor="mia",
        document_type="write_off_request",
        document_id=write_off_id,
        write_off_request=write_offs_pb2.WriteOffRequest(
            write_off_id=write_off_id,
            reason="damaged",
            lines=[write_offs_pb2.WriteOffLine(sku="COLA", qty_base=qty, unit_cost_minor=150)],
            value_minor=qty * 150,
            threshold_minor=50_000,
        ),
    )


def _write_off_entry(
    seq: int, write_off_id: str, qty: int, by: str = ""
) -> ledger_pb2.JournalEntry:
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


def test_store_documents_open_and_close_write_offs_through_the_journal(
    uow: UoW, engine: Engine, stocked: str
) -> None:
    apply_batch(uow(), stocked, [_request_entry(2, "wo-big", 400)], now_ms=4_000)
    pending = get_write_off(uow(), ADMIN, "wo-big")
    assert (pending.state, pending.origin, pending.requested_by, pending.value_minor) == (
        "pending",
        "store",
        "mia",
        60_000,
    )
    # The store's own small write-off arrives done; the big one after its approval.
    apply_batch(uow(), stocked, [_write_off_entry(3, "wo-small", 5)], now_ms=4_100)
    with pytest.raises(SelfApprovalRefused):
        approve_write_off(uow(), MIA, "wo-big")
    approve_write_off(uow(), LEO, "wo-big")
    apply_batch(uow(), stocked, [_write_off_entry(4, "wo-big", 400, "leo")], now_ms=4_200)
    small, big = get_write_off(uow(), ADMIN, "wo-small"), get_write_off(uow(), ADMIN, "wo-big")
    assert (small.state, small.done_seq, small.origin) == ("done", 3, "store")
    assert (big.state, big.done_seq, big.decided_by) == ("done", 4, "leo")
    with engine.connect() as conn:
        assert LevelsRepository(conn).levels(stocked) == {"COLA": 595}
        assert LevelsRepository(conn).levels(stocked) == LevelsRepository(conn).movement_sums(
            stocked
        )
    # A replayed batch is a duplicate: the effect does not run twice.
    before = snapshot(engine)
    apply_batch(uow(), stocked, [_write_off_entry(4, "wo-big", 400, "leo")], now_ms=4_300)
    assert snapshot(engine) == before
    actions = [r.action for r in audit.list_records(uow(), AuditFilter(entity="write_off"))]
    assert actions == ["write_off.request", "write_off.done", "write_off.approve", "write_off.done"]
    assert audit.verify(uow()).intact


def test_the_threshold_reaches_every_store_once_and_again_when_it_changes(
    uow: UoW, engine: Engine, ca: KeyPair, store: str
) -> None:
    def policies(code: str) -> list[int]:
        with engine.connect() as conn:
            items = DownstreamRepository(conn).feed_after(code, 0, 1_000).items
        events = [feed_event(i) for i in items if i.event_payload is not None]
        return [
            e.write_off_policy.approval_threshold_minor
            for e in events
            if e.WhichOneof("kind") == "write_off_policy"
        ]

    assert apply_threshold(uow(), 50_000) is False  # the migration's default: nothing to send
    assert ensure_policy_sent(uow(), store) is True
    assert ensure_policy_sent(uow(), store) is False
    assert policies(store) == [50_000]
    add_store(uow(), ca, "S002", "Harbour", "127.0.0.1:1")
    assert apply_threshold(uow(), 80_000) is True
    assert current_threshold(uow()) == 80_000
    assert policies(store) == [50_000, 80_000] and policies("S002") == [80_000]
    assert ensure_policy_sent(uow(), "S002") is False
    with pytest.raises(InvalidInput, match="cannot be negative"):
        apply_threshold(uow(), -1)
    records = audit.list_records(uow(), AuditFilter(action="write_off.threshold"))
    assert [(r.before_json, r.after_json) for r in records] == [
        ('{"approval_threshold_minor":50000}', '{"approval_threshold_minor":80000}')
    ]
