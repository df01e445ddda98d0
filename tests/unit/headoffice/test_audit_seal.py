"""A sealed audit log (issue 12, failure 8): re-chained, truncated or head-less logs are named.

The rules on records in memory (domain.audit_check); the use cases on the fake unit of
work (services.audit: record, verify, open_seal). tests/db/test_audit_tamper.py does
the same tampering with SQL on both databases.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from common.errors import ConfigError
from headoffice.domain.audit_chain import (
    AuditFilter,
    AuditKey,
    AuditRecord,
    Checkpoint,
    expected_hash,
    record_hash,
)
from headoffice.domain.audit_check import check_chain
from headoffice.services import audit
from tests.unit.headoffice.fakes import FakeAuditSeal, FakeDatabase, FakeUnitOfWork

KEY = AuditKey(b"k" * 32)
OTHER_KEY = AuditKey(b"o" * 32)


def _plain(n: int, first: int = 1, prev: str = "") -> list[AuditRecord]:
    records = []
    for i in range(first, first + n):
        fields = (i, 1_000 * i, "admin", "store.add", "store", f"S{i:03d}", "", "{}", prev)
        records.append(AuditRecord(*fields, record_hash(*fields), "admin", ""))
        prev = records[-1].hash
    return records


def _sealed(n: int, first: int = 1, prev: str = "", key: AuditKey = KEY) -> list[AuditRecord]:
    records = []
    for i in range(first, first + n):
        fields = (i, 1_000 * i, "admin", "store.add", "store", f"S{i:03d}", "", "{}", prev)
        records.append(AuditRecord(*fields, key.seal(*fields), "admin", "", key.key_id))
        prev = records[-1].hash
    return records


def _checkpoint(records: list[AuditRecord], keyed_from: int = 1) -> Checkpoint:
    last = records[-1] if records else None
    return Checkpoint(KEY.key_id, keyed_from, last.id if last else 0, last.hash if last else "")


def _check(records: list[AuditRecord], head: tuple[int, str] | None, checkpoint: Checkpoint):
    return check_chain(records, head, key=KEY, checkpoint=checkpoint, sealed=True)


def _kinds(check) -> list[tuple[int, str]]:
    return [(p.audit_id, p.kind) for p in check.problems]


def _rechain_without_the_key(records: list[AuditRecord], edit_at: int) -> list[AuditRecord]:
    """What someone with the database and not the key does: edit, recompute every digest."""
    rewritten, prev = [], records[edit_at - 2].hash if edit_at > 1 else ""
    for record in records[edit_at - 1 :]:
        changed = replace(record, prev_hash=prev)
        if record.id == edit_at:
            changed = replace(changed, after_json='{"forged":true}')
        changed = replace(changed, hash=expected_hash(changed))
        rewritten.append(changed)
        prev = changed.hash
    return records[: edit_at - 1] + rewritten


def test_a_sealed_log_is_intact() -> None:
    records = _sealed(5)
    check = _check(records, (5, records[-1].hash), _checkpoint(records))
    assert check.intact and check.keyed_from == 1 and check.notices == []


def test_a_rechained_log_with_a_rewritten_head_is_detected() -> None:
    records = _sealed(5)
    checkpoint = _checkpoint(records)
    forged = _rechain_without_the_key(records, edit_at=2)
    check = _check(forged, (5, forged[-1].hash), checkpoint)
    assert _kinds(check) == [(2, "rechained"), (5, "checkpoint_mismatch")]
    assert check.problems[0].problem == (
        "records 2 to 5 were re-chained: their digests were recomputed without head "
        "office's audit key"
    )
    # Claiming the records were never sealed does not help.
    unsealed = [replace(r, key_id="") if r.id >= 2 else r for r in forged]
    assert _kinds(_check(unsealed, (5, forged[-1].hash), checkpoint))[0] == (2, "rechained")


def test_a_deleted_tail_with_a_reset_head_is_detected() -> None:
    records = _sealed(6)
    checkpoint = _checkpoint(records)
    kept = records[:4]
    check = _check(kept, (4, kept[-1].hash), checkpoint)
    assert _kinds(check) == [(5, "truncated")]
    assert "names record 6: the newest records were deleted" in check.problems[0].problem


def test_a_missing_head_row_is_named() -> None:
    records = _sealed(3)
    check = _check(records, None, _checkpoint(records))
    assert _kinds(check) == [(3, "head_missing")]


def test_an_edited_sealed_record_and_an_edit_resealed_with_another_key_are_named() -> None:
    records = _sealed(3)
    checkpoint = _checkpoint(records)
    edited = list(records)
    edited[1] = replace(records[1], entity_id="S999")
    assert _kinds(_check(edited, (3, records[-1].hash), checkpoint)) == [(2, "edited")]
    foreign = _sealed(1, first=3, prev=records[1].hash, key=OTHER_KEY)
    check = _check(records[:2] + foreign, (3, foreign[0].hash), checkpoint)
    assert _kinds(check) == [(3, "other_key"), (3, "checkpoint_mismatch")]


def test_a_checkpoint_missing_or_of_another_key_is_named() -> None:
    records = _sealed(2)
    head = (2, records[-1].hash)
    missing = check_chain(records, head, key=KEY, checkpoint=None, sealed=True)
    assert _kinds(missing) == [(0, "checkpoint_missing")]
    other = replace(_checkpoint(records), key_id=OTHER_KEY.key_id)
    assert _kinds(_check(records, head, other)) == [(2, "checkpoint_mismatch")]


def test_a_checkpoint_behind_the_newest_record_is_a_notice_not_a_problem() -> None:
    records = _sealed(4)
    check = _check(records, (4, records[-1].hash), _checkpoint(records[:3]))
    assert check.intact
    assert check.notices == [
        "head office's checkpoint names record 3, 1 behind the newest: the newer records "
        "are checked by their seals alone"
    ]


def test_records_older_than_the_key_verify_as_before_and_are_reported_as_such() -> None:
    old = _plain(3)
    new = _sealed(2, first=4, prev=old[-1].hash)
    records = old + new
    checkpoint = _checkpoint(records, keyed_from=4)
    check = _check(records, (5, records[-1].hash), checkpoint)
    assert check.intact and check.keyed_from == 4
    assert check.notices[0].startswith(
        "records 1 to 3 were written before head office had an audit key"
    )
    # An old record rewritten with its digests recomputed no longer leads to record 4.
    forged = _rechain_without_the_key(old, edit_at=2) + new
    assert _kinds(_check(forged, (5, records[-1].hash), checkpoint)) == [(4, "relinked")]


# -- the use cases on the fake unit of work -----------------------------------------------


def _sealed_uow(db: FakeDatabase, seal: FakeAuditSeal) -> FakeUnitOfWork:
    return FakeUnitOfWork(db, audit_seal=seal)


def _change(uow: FakeUnitOfWork, n: int) -> None:
    with uow:
        audit.record(uow, "admin", "store.add", "store", f"S{n:03d}", None, {"n": n}, now_ms=n)
        uow.commit()


def test_records_are_sealed_and_the_checkpoint_follows_each_commit_only() -> None:
    db, seal = FakeDatabase(), FakeAuditSeal()
    audit.open_seal(_sealed_uow(db, seal))
    assert seal.saved == Checkpoint(seal.key.key_id, 1, 0, "")  # type: ignore[union-attr]
    _change(_sealed_uow(db, seal), 1)
    _change(_sealed_uow(db, seal), 2)
    newest = db.tables.audit[-1]
    assert newest.key_id == seal.key.key_id and seal.saved.seq == 2  # type: ignore[union-attr]
    assert seal.saved.mac == newest.hash  # type: ignore[union-attr]
    uow = _sealed_uow(db, seal)
    with uow:  # rolled back: neither the record nor the checkpoint moves
        audit.record(uow, "admin", "store.add", "store", "S003", None, {}, now_ms=3)
    assert seal.saved.seq == 2 and len(db.tables.audit) == 2  # type: ignore[union-attr]
    assert audit.verify(_sealed_uow(db, seal)).intact


def test_deleting_the_audit_head_row_does_not_stop_changes_and_verify_reports_it() -> None:
    db, seal = FakeDatabase(), FakeAuditSeal()
    audit.open_seal(_sealed_uow(db, seal))
    _change(_sealed_uow(db, seal), 1)
    _change(_sealed_uow(db, seal), 2)
    db.tables.audit_head = None
    before = audit.verify(_sealed_uow(db, seal))
    assert _kinds(before) == [(2, "head_missing")]
    _change(_sealed_uow(db, seal), 3)  # works: the chain goes on from record 2
    records = db.tables.audit
    assert [(r.id, r.action) for r in records] == [
        (1, "store.add"), (2, "store.add"), (3, "audit.head_missing"), (4, "store.add"),
    ]  # fmt: skip
    assert records[2].prev_hash == records[1].hash and records[2].actor == "system"
    after = audit.verify(_sealed_uow(db, seal))
    assert _kinds(after) == [(3, "head_missing")]
    assert "the audit head row was missing when a change was recorded at" in (
        after.problems[0].problem
    )
    assert "rebuilt it from record 2, the newest it found" in after.problems[0].problem


def test_the_first_start_after_an_upgrade_keys_the_log_from_the_next_record() -> None:
    db = FakeDatabase()
    for n in (1, 2, 3):
        _change(FakeUnitOfWork(db), n)  # written before head office had a key
    seal = FakeAuditSeal()
    opened = audit.open_seal(_sealed_uow(db, seal))
    assert opened.created_key
    keyed = db.tables.audit[-1]
    assert (keyed.id, keyed.action, keyed.actor, keyed.key_id) == (
        4, "audit.keyed", "system", seal.key.key_id,  # type: ignore[union-attr]
    )  # fmt: skip
    assert seal.saved == Checkpoint(keyed.key_id, 4, 4, keyed.hash)
    check = audit.verify(_sealed_uow(db, seal))
    assert check.intact and check.keyed_from == 4 and "records 1 to 3" in check.notices[0]
    assert audit.open_seal(_sealed_uow(db, seal)) == audit.SealOpened(keyed.key_id)


def test_a_lost_key_or_another_key_is_refused_at_start() -> None:
    db, seal = FakeDatabase(), FakeAuditSeal()
    audit.open_seal(_sealed_uow(db, seal))
    _change(_sealed_uow(db, seal), 1)
    lost = FakeAuditSeal(key=None, checkpoint=seal.saved)
    with pytest.raises(ConfigError, match="audit key is missing from D/audit, but the audit log"):
        audit.open_seal(_sealed_uow(db, lost))
    assert lost.key is None and len(db.tables.audit) == 1
    other = FakeAuditSeal(key=OTHER_KEY, checkpoint=seal.saved)
    with pytest.raises(ConfigError, match="is not the key head office's audit log was sealed"):
        audit.open_seal(_sealed_uow(db, other))


def test_a_missing_checkpoint_is_written_again_at_start_and_reported_for_ever() -> None:
    db, seal = FakeDatabase(), FakeAuditSeal()
    audit.open_seal(_sealed_uow(db, seal))
    _change(_sealed_uow(db, seal), 1)
    seal.saved = None
    _change(_sealed_uow(db, seal), 2)  # a commit never creates a missing checkpoint
    assert seal.saved is None
    assert _kinds(audit.verify(_sealed_uow(db, seal))) == [(0, "checkpoint_missing")]
    opened = audit.open_seal(_sealed_uow(db, seal))
    assert opened.restarted_checkpoint and seal.saved is not None and seal.saved.seq == 3
    check = audit.verify(_sealed_uow(db, seal))
    assert _kinds(check) == [(3, "checkpoint_missing")]
    listed = audit.list_records(
        _sealed_uow(db, seal), AuditFilter(action="audit.checkpoint_missing")
    )
    assert [r.id for r in listed] == [3]
