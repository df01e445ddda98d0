"""The audit chain: an edited, deleted or re-linked record is found and named (records
with plain digests, as written before head office had a key; test_audit_seal.py has the
sealed ones)."""

from __future__ import annotations

from dataclasses import replace

from headoffice.domain.audit_chain import AuditRecord, expected_hash, record_hash
from headoffice.domain.audit_check import check_chain


def _chain(n: int) -> list[AuditRecord]:
    records: list[AuditRecord] = []
    prev = ""
    for i in range(1, n + 1):
        fields = (
            i,
            1_000 * i,
            "admin",
            "store.add",
            "store",
            f"S{i:03d}",
            "",
            f'{{"n":{i}}}',
            prev,
        )
        digest = record_hash(*fields)
        records.append(AuditRecord(*fields, digest, "admin", ""))
        prev = digest
    return records


def test_an_untouched_chain_is_intact() -> None:
    records = _chain(5)
    check = check_chain(records, (5, records[-1].hash))
    assert check.intact and check.checked == 5 and check.last_id == 5


def test_an_edited_record_is_named() -> None:
    records = _chain(5)
    records[2] = replace(records[2], after_json='{"n":99}')
    check = check_chain(records, (5, records[-1].hash))
    assert [(p.audit_id, p.kind) for p in check.problems] == [(3, "edited")]
    assert "record 3 was edited" in check.problems[0].problem


def test_an_edit_with_a_recomputed_hash_breaks_the_next_link() -> None:
    records = _chain(5)
    edited = replace(records[2], actor="mallory", actor_name="mallory")
    records[2] = replace(edited, hash=expected_hash(edited))
    check = check_chain(records, (5, records[-1].hash))
    assert [(p.audit_id, p.kind) for p in check.problems] == [(4, "relinked")]
    assert "after record 3 was edited" in check.problems[0].problem


def test_deleted_records_in_the_middle_and_at_the_end_are_named() -> None:
    records = _chain(6)
    head = records[-1].hash
    middle = check_chain(records[:2] + records[3:], (6, head))
    assert middle.problems[0] == (3, "record 3 is missing (deleted)", "deleted")
    newest = check_chain(records[:5], (6, head))
    assert newest.problems == [(6, "record 6 is missing (deleted)", "truncated")]
    two = check_chain(records[:4], (6, head))
    assert two.problems == [(5, "records 5 to 6 are missing (deleted)", "truncated")]


def test_an_empty_log_is_intact() -> None:
    assert check_chain([], (0, "")).intact


def test_a_record_filed_under_another_actor_is_named() -> None:
    """The person and store a record is filed under (what --actor asks) follow its hashed actor."""
    records = _chain(3)
    records[1] = replace(records[1], actor_name="sam")
    check = check_chain(records, (3, records[-1].hash))
    assert [(p.audit_id, p.kind) for p in check.problems] == [(2, "misfiled")]
    assert "filed under 'sam'" in check.problems[0].problem
