"""One ledger instance per store and the entry-hash chain, against the fakes (DESIGN invariant 7)."""

from __future__ import annotations

import pytest

from common.domain.entry_chain import chain_hash
from common.pb.storeledger.v1 import ledger_pb2
from headoffice.domain.errors import LedgerDiverged, LedgerInstanceRefused, RebuildRefused
from headoffice.domain.ledger_instances import InstanceVerdict, instance_verdict
from headoffice.domain.stores import Hello
from headoffice.services.reenrol import rebuild_page, reenrol_store
from headoffice.services.sync import apply_batch
from headoffice.services.sync_session import UpstreamSession
from headoffice.store import journal_codec
from tests.unit.headoffice.fakes import FakeDatabase, FakeUnitOfWork
from tests.unit.headoffice.test_certificates import ADMIN, CA, T0, enrol, identity, refusal
from tests.unit.headoffice.test_sync_refusals import sale


@pytest.fixture
def db() -> FakeDatabase:
    db = FakeDatabase()
    db.seed_store("S001")
    db.seed_product("COLA", cost_minor=150)
    return db


def hashes(entries: list[ledger_pb2.JournalEntry], previous: bytes = b"") -> list[bytes]:
    out = []
    for entry in entries:
        previous = chain_hash(previous, journal_codec.payload(entry))
        out.append(previous)
    return out


def test_instance_verdicts() -> None:
    assert instance_verdict("S001", "", "a") is InstanceVerdict.BIND
    assert instance_verdict("S001", "", "") is InstanceVerdict.UNBOUND_LEGACY
    assert instance_verdict("S001", "a", "a") is InstanceVerdict.SAME
    with pytest.raises(LedgerInstanceRefused, match="bound to ledger instance a"):
        instance_verdict("S001", "a", "b")
    with pytest.raises(LedgerInstanceRefused):
        instance_verdict("S001", "a", "")  # an older agent after the store was bound


def test_the_first_hello_binds_and_another_instance_is_refused_without_a_trace_in_sync(
    db: FakeDatabase,
) -> None:
    session = UpstreamSession(lambda: FakeUnitOfWork(db), "S001")
    assert session.open(Hello("S001", "t", 0, instance_id="first"), now_ms=1_000) == 0
    before = db.tables.sync["S001"]
    assert before.instance_id == "first"
    with pytest.raises(LedgerInstanceRefused):
        session.open(Hello("S001", "t", 5, instance_id="second"), now_ms=2_000)
    after = db.tables.sync["S001"]
    assert after.instance_id == "first" and after.refused_reason == "instance_refused"
    assert after.store_newest_seq == before.store_newest_seq  # the impostor's seq is not taken
    assert [r.action for r in db.tables.audit][-2:] == [
        "store.instance.bind",
        "store.instance.refused",
    ]


def test_hashes_are_kept_and_the_next_batch_must_chain_from_them(db: FakeDatabase) -> None:
    UpstreamSession(lambda: FakeUnitOfWork(db), "S001").open(Hello("S001", "t", 2, instance_id="i"))
    first = [sale(1), sale(2)]
    first_hashes = hashes(first)
    apply_batch(FakeUnitOfWork(db), "S001", first, 1_000, "i", first_hashes)
    assert db.tables.sync["S001"].head_hash_hex == first_hashes[-1].hex()
    assert db.tables.entry_hashes[("S001", 2)] == first_hashes[-1]

    other = sale(3, qty=2)
    with pytest.raises(LedgerDiverged) as refused:
        apply_batch(FakeUnitOfWork(db), "S001", [other], 2_000, "i", hashes([other], b"x"))
    assert refused.value.seq == 3 and db.tables.sync["S001"].committed_seq == 2
    apply_batch(FakeUnitOfWork(db), "S001", [other], 3_000, "i", hashes([other], first_hashes[-1]))
    assert db.tables.sync["S001"].committed_seq == 3


def test_a_store_bound_to_no_instance_still_takes_an_older_agents_batches(
    db: FakeDatabase,
) -> None:
    result = apply_batch(FakeUnitOfWork(db), "S001", [sale(1)], 1_000)
    assert result.committed_seq == 1 and db.tables.sync["S001"].head_hash_hex == ""


def test_reenrol_refuses_the_old_certificate_at_once_and_unbinds_the_ledger() -> None:
    db = FakeDatabase()
    db.seed_product("COLA", cost_minor=150)  # head office refuses SKUs it does not sell
    old = identity(enrol(db).cert_pem)
    session = UpstreamSession(lambda: FakeUnitOfWork(db), "S001")
    session.open(Hello("S001", "t", 0, instance_id="lost"), now_ms=T0)
    entries = [sale(1), sale(2)]
    apply_batch(FakeUnitOfWork(db), "S001", entries, T0, "lost", hashes(entries))
    with pytest.raises(RebuildRefused):  # a bound store's journal is never handed out
        rebuild_page(FakeUnitOfWork(db), "S001", 0, 10)

    done = reenrol_store(FakeUnitOfWork(db), CA, ADMIN, "S001", "ho:1", now_ms=T0 + 5)
    assert (done.unbound_instance_id, done.committed_seq) == ("lost", 2)
    assert refusal(db, old, T0 + 5) is not None  # no grace: the lost ledger's cert is done
    assert db.tables.sync["S001"].instance_id == ""
    assert db.tables.audit[-1].action == "store.reenrol"
    page = rebuild_page(FakeUnitOfWork(db), "S001", 0, 10)
    assert [seq for seq, _p, _h in page.entries] == [1, 2] and page.committed_seq == 2
    assert [h for _s, _p, h in page.entries] == hashes(entries)
    # The rebuilt ledger binds the store and continues the chain.
    session.open(Hello("S001", "t", 2, instance_id="rebuilt"), now_ms=T0 + 6)
    nxt = [sale(3)]
    apply_batch(
        FakeUnitOfWork(db), "S001", nxt, T0 + 7, "rebuilt", hashes(nxt, hashes(entries)[-1])
    )
    assert db.tables.sync["S001"].committed_seq == 3


def test_a_ledger_ending_at_head_offices_entry_with_another_hash_is_recorded_diverged(
    db: FakeDatabase,
) -> None:
    session = UpstreamSession(lambda: FakeUnitOfWork(db), "S001")
    session.open(Hello("S001", "t", 0, instance_id="i"), now_ms=1_000)
    entries = [sale(1), sale(2)]
    apply_batch(FakeUnitOfWork(db), "S001", entries, 1_000, "i", hashes(entries))
    other = hashes([sale(1), sale(2, qty=3)])[-1]
    assert session.open(Hello("S001", "t", 2, instance_id="i", newest_entry_hash=other)) == 2
    row = db.tables.sync["S001"]
    assert (row.refused_reason, row.refused_seq) == ("ledger_diverged", 2)
    # The record stays until head office accepts a batch from the store (sync_refusals).
    session.open(Hello("S001", "t", 2, instance_id="i", newest_entry_hash=hashes(entries)[-1]))
    assert db.tables.sync["S001"].refused_reason == "ledger_diverged"
    nxt = [sale(3)]
    apply_batch(FakeUnitOfWork(db), "S001", nxt, 2_000, "i", hashes(nxt, hashes(entries)[-1]))
    assert db.tables.sync["S001"].refused_reason == ""


def test_a_stream_whose_store_was_reenrolled_meanwhile_applies_nothing_more() -> None:
    db = FakeDatabase()
    enrol(db)
    session = UpstreamSession(lambda: FakeUnitOfWork(db), "S001")
    session.open(Hello("S001", "t", 0, instance_id="old"), now_ms=T0)
    reenrol_store(FakeUnitOfWork(db), CA, ADMIN, "S001", "ho:1", now_ms=T0 + 1)
    entries = [sale(1)]
    with pytest.raises(LedgerInstanceRefused):
        apply_batch(FakeUnitOfWork(db), "S001", entries, T0 + 2, "old", hashes(entries))
    assert db.tables.sync["S001"].committed_seq == 0
