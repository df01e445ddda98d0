"""A refused store is visible, never a silent wedge (issue 12, failure 1 and Deliver 2).

On the in-memory unit of work: a refused batch is recorded in the store's sync
state by a small transaction of its own after the refused one rolled back
(since when, which entry, a reason code and the sentence), the lag keeps
growing while the store is refused whatever the connection says, and the
record clears when a batch applies.
"""

from __future__ import annotations

import copy

import pytest

from common.pb.storeledger.v1 import ledger_pb2
from headoffice.domain.errors import InvalidEntry, SequenceGap, StoreLedgerBehind
from headoffice.domain.stores import Hello
from headoffice.services.status import sync_status
from headoffice.services.sync import apply_batch
from headoffice.services.sync_session import UpstreamSession
from tests.journal_entries import sale  # noqa: F401 - used by tests here
from tests.unit.headoffice.fakes import FakeDatabase, FakeUnitOfWork

SALE = ledger_pb2.MOVEMENT_REASON_SALE


def backwards(seq: int) -> ledger_pb2.JournalEntry:
    """A sale that puts stock back: a quantity of the wrong sign for its reason."""
    entry = sale(seq)
    entry.movements[0].qty_base = 5
    return entry


@pytest.fixture
def db() -> FakeDatabase:
    db = FakeDatabase()
    db.seed_store("S001")
    db.seed_product("COLA", cost_minor=150)
    return db


def session_of(db: FakeDatabase) -> UpstreamSession:
    return UpstreamSession(lambda: FakeUnitOfWork(db), "S001")


def view_at(db: FakeDatabase, now_ms: int):  # type: ignore[no-untyped-def]
    [view] = sync_status(FakeUnitOfWork(db), now_ms, "S001", heartbeat_timeout_ms=10**9)
    return view


def test_a_refused_store_is_not_shown_connected_with_lag_0(db: FakeDatabase) -> None:
    """Failure 1: a store whose batches head office refuses showed 'connected', lag 0,
    so no alert could fire. Its refusal, backlog and a growing lag now show."""
    session = session_of(db)
    session.open(Hello("S001", "edge/1", newest_seq=3), now_ms=10_000)
    session.apply([sale(1)], now_ms=10_100)
    before = copy.deepcopy(db.tables.levels)
    with pytest.raises(InvalidEntry) as info:
        session.apply([backwards(2), sale(3)], now_ms=10_200)
    assert db.tables.levels == before  # the refused batch itself changed nothing

    view = view_at(db, 10_300)
    assert view.connected and view.committed_seq == 1 and view.backlog_count == 2
    assert (view.refused_since_ms, view.refused_seq, view.refused_reason) == (
        10_200, 2, "wrong_sign",
    )  # fmt: skip
    assert view.refused_message == str(info.value)
    assert "entry 2 movement 1 (SKU COLA)" in view.refused_message
    # Lag = how long entry 2 (written at 1_002) has waited, and it keeps growing.
    assert view.lag_ms == 10_300 - 1_002
    with pytest.raises(InvalidEntry):
        session.apply([backwards(2)], now_ms=40_000)
    later = view_at(db, 70_300)
    assert later.lag_ms == 70_300 - 1_002
    assert later.refused_since_ms == 10_200  # the first refusal of the run
    assert db.sync_of("S001").last_contact_ms == 40_000


def test_the_refusal_clears_when_a_batch_applies(db: FakeDatabase) -> None:
    session = session_of(db)
    session.open(Hello("S001", "edge/1", newest_seq=2), now_ms=5_000)
    with pytest.raises(SequenceGap):
        session.apply([sale(2)], now_ms=5_100)
    assert view_at(db, 5_200).refused_reason == "sequence_gap"
    session.apply([sale(1), sale(2)], now_ms=5_300)
    view = view_at(db, 5_400)
    assert (view.refused_since_ms, view.refused_seq, view.refused_reason, view.refused_message) == (
        0, 0, "", "",
    )  # fmt: skip
    assert (view.backlog_count, view.lag_ms) == (0, 0)


def test_a_batch_of_only_duplicates_also_clears_the_refusal(db: FakeDatabase) -> None:
    session = session_of(db)
    session.apply([sale(1)], now_ms=1)
    with pytest.raises(SequenceGap):
        session.apply([sale(3)], now_ms=2)
    assert db.sync_of("S001").refused
    assert session.apply([sale(1)], now_ms=3).duplicates == 1
    assert not db.sync_of("S001").refused


def conflicting(seq: int) -> ledger_pb2.JournalEntry:
    entry = sale(seq, qty=2)
    entry.document_id = "sale-from-another-till"
    return entry


def unknown_kind(seq: int) -> ledger_pb2.JournalEntry:
    entry = sale(seq)
    entry.document_type = "stocktake_magic"
    return entry


def no_sku(seq: int) -> ledger_pb2.JournalEntry:
    entry = sale(seq)
    entry.movements[0].sku = ""
    return entry


@pytest.mark.parametrize(
    ("batch", "reason", "seq"),
    [
        ([sale(4)], "sequence_gap", 4),
        ([conflicting(1), sale(2)], "conflicting_entry", 1),
        ([sale(2), unknown_kind(3)], "unknown_kind", 3),
        ([backwards(2)], "wrong_sign", 2),
        ([sale(2), sale(3), no_sku(4)], "invalid_entry", 4),
    ],
    ids=["gap", "conflict", "unknown-kind", "wrong-sign", "other-rule"],
)
def test_each_refusal_is_recorded_with_its_reason_code_and_entry(
    db: FakeDatabase, batch: list[ledger_pb2.JournalEntry], reason: str, seq: int
) -> None:
    session = session_of(db)
    session.apply([sale(1)], now_ms=100)
    with pytest.raises((InvalidEntry, SequenceGap)) as info:
        session.apply(batch, now_ms=200)
    assert (info.value.code, info.value.seq) == (reason, seq)
    sync = db.sync_of("S001")
    assert (sync.refused_since_ms, sync.refused_seq, sync.refused_reason) == (200, seq, reason)
    assert sync.committed_seq == 1 and sync.store_newest_seq >= seq
    assert sync.last_contact_ms == 200


def test_the_lag_counts_from_the_hello_before_any_heartbeat(db: FakeDatabase) -> None:
    """An edge that says hello and is refused at once never beats: the hello says when
    its oldest uncommitted entry was written; an older agent's hello starts the clock."""
    session_of(db).open(
        Hello("S001", "edge/2", newest_seq=4, oldest_uncommitted_at_ms=700), now_ms=9_000
    )
    assert view_at(db, 10_000).lag_ms == 10_000 - 700
    db.seed_store("S002")
    UpstreamSession(lambda: FakeUnitOfWork(db), "S002").open(
        Hello("S002", "edge/1", newest_seq=4), now_ms=9_000
    )
    [old_agent] = sync_status(FakeUnitOfWork(db), 10_000, "S002")
    assert old_agent.backlog_count == 4 and old_agent.lag_ms == 1_000


def test_a_refused_store_that_went_offline_still_lags_and_shows_why(db: FakeDatabase) -> None:
    session = session_of(db)
    session.open(Hello("S001", "edge/1", newest_seq=2, oldest_uncommitted_at_ms=500), now_ms=1_000)
    with pytest.raises(InvalidEntry):
        session.apply([unknown_kind(1)], now_ms=1_100)
    session.close()
    [offline] = sync_status(FakeUnitOfWork(db), 100_000, "S001", heartbeat_timeout_ms=15_000)
    assert not offline.connected
    assert (offline.refused_reason, offline.refused_seq, offline.lag_ms) == (
        "unknown_kind", 1, 100_000 - 500,
    )  # fmt: skip


def test_a_clean_batch_leaves_no_refusal_behind(db: FakeDatabase) -> None:
    uow = FakeUnitOfWork(db)
    apply_batch(uow, "S001", [sale(1)], 10)
    assert not db.sync_of("S001").refused and uow.commits == 1


def test_a_ledger_behind_is_recorded_and_ends_at_the_next_accepted_hello(
    db: FakeDatabase,
) -> None:
    """A re-initialised ledger is refused at its hello: that shows in sync status too, and
    it ends when the store's own ledger says hello again (it may have nothing to send)."""
    session = session_of(db)
    session.apply([sale(1), sale(2), sale(3)], now_ms=100)
    with pytest.raises(StoreLedgerBehind) as info:
        session.open(Hello("S001", "edge/1", newest_seq=1), now_ms=200)
    view = view_at(db, 300)
    assert (view.refused_since_ms, view.refused_seq, view.refused_reason) == (
        200, 1, "ledger_behind",
    )  # fmt: skip
    assert view.refused_message == str(info.value)
    session.open(Hello("S001", "edge/1", newest_seq=3), now_ms=400)
    assert not view_at(db, 500).refused
