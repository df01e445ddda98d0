"""Checking the audit log (`hoctl audit verify`): every problem named, with its kind.

A record is checked against its seal (or, written before head office had a key,
its plain digest), against the record before it, and the newest against the
head row in the database and the checkpoint kept outside it. Each problem has
a kind, a code scripts can rely on, and a sentence saying what was found:

  edited               a record's content no longer matches its seal or digest
  rechained            a record that must be sealed carries a digest made without the key
                       (someone edited the log and recomputed the chain)
  relinked             a record does not follow the record before it
  deleted              records are missing inside the log
  truncated            the newest records are missing: the head row or the checkpoint
                       names a record the log no longer has
  added                records after the head row's, written outside head office
  head_missing         the head row is missing, or was missing once (a record says when)
  head_mismatch        the head row's digest is not the newest record's
  checkpoint_missing   the checkpoint file is missing, or was once (a record says when)
  checkpoint_mismatch  the checkpointed record is not in the log as it was, or the
                       checkpoint was written with another key
  other_key            a record sealed with another key than head office's
  no_key               a sealed record and no key to check it with
  misfiled             a record filed under another actor than the one it names

Notices are facts that are not problems: which records predate the key, a
checkpoint behind the newest record, a database role that may rewrite rows.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from common.i18n import _
from headoffice.domain.actors import Actor, may_be_filed_as
from headoffice.domain.audit_chain import (
    CHECKPOINT_RESTARTED,
    HEAD_REBUILT,
    SYSTEM_ACTOR,
    AuditKey,
    AuditRecord,
    Checkpoint,
    expected_hash,
)

EDITED = "edited"
RECHAINED = "rechained"
RELINKED = "relinked"
DELETED = "deleted"
TRUNCATED = "truncated"
ADDED = "added"
HEAD_MISSING = "head_missing"
HEAD_MISMATCH = "head_mismatch"
CHECKPOINT_MISSING = "checkpoint_missing"
CHECKPOINT_MISMATCH = "checkpoint_mismatch"
OTHER_KEY = "other_key"
NO_KEY = "no_key"
MISFILED = "misfiled"


class AuditProblem(NamedTuple):
    audit_id: int  # the record that is wrong or missing (0: the log as a whole)
    problem: str  # a sentence for a person
    kind: str  # one of the codes above, for scripts


@dataclass(frozen=True)
class ChainCheck:
    checked: int
    last_id: int
    last_hash: str
    problems: list[AuditProblem]
    notices: list[str] = field(default_factory=list)
    keyed_from: int = 0  # the first record sealed with the key; 0: none is

    @property
    def intact(self) -> bool:
        return not self.problems


@dataclass
class _Walk:
    """What the walk over the records has seen so far."""

    key: AuditKey | None
    keyed_from: int | None
    checkpoint_seq: int
    prev_id: int = 0
    prev_hash: str = ""
    checked: int = 0
    at_checkpoint: str | None = None
    rechained: list[int] = field(default_factory=list)
    problems: list[AuditProblem] = field(default_factory=list)

    def add(self, audit_id: int, kind: str, problem: str) -> None:
        self.problems.append(AuditProblem(audit_id, problem, kind))

    def flush_rechained(self) -> None:
        """A rewritten log has every record after the edit re-chained: one problem per run."""
        if not self.rechained:
            return
        first, last = self.rechained[0], self.rechained[-1]
        if first == last:
            said = _(
                "record {id} was re-chained: its digest was recomputed without head office's "
                "audit key"
            ).format(id=first)
        else:
            said = _(
                "records {first} to {last} were re-chained: their digests were recomputed "
                "without head office's audit key"
            ).format(first=first, last=last)
        self.add(first, RECHAINED, said)
        self.rechained = []


def check_chain(
    records: Iterable[AuditRecord],
    head: tuple[int, str] | None,
    key: AuditKey | None = None,
    checkpoint: Checkpoint | None = None,
    sealed: bool = False,
    protected: bool | None = None,
) -> ChainCheck:
    """Walk records in id order and name every problem.

    head is the head row's (newest id, digest), None when the row is missing;
    key and checkpoint are what head office keeps outside the database; sealed
    says head office keeps them (a missing checkpoint is then a problem);
    protected says whether the database's role may rewrite audit rows (None:
    the database has no roles, as SQLite).
    """
    walk = _Walk(
        key, checkpoint.keyed_from if checkpoint else None, checkpoint.seq if checkpoint else 0
    )
    for record in records:
        _check_record(walk, record)
    walk.flush_rechained()
    _check_head(walk, head)
    _check_checkpoint(walk, checkpoint, sealed)
    notices = _notices(walk, checkpoint, sealed, protected)
    return ChainCheck(
        walk.checked, walk.prev_id, walk.prev_hash, walk.problems, notices, walk.keyed_from or 0
    )


def _check_record(walk: _Walk, record: AuditRecord) -> None:
    walk.checked += 1
    if record.id != walk.prev_id + 1:
        walk.flush_rechained()
        walk.add(walk.prev_id + 1, DELETED, _missing(walk.prev_id + 1, record.id - 1))
    elif record.prev_hash != walk.prev_hash:
        walk.flush_rechained()
        walk.add(
            record.id,
            RELINKED,
            _(
                "record {id} does not follow record {previous}: the chain was "
                "re-linked after record {previous} was edited"
            ).format(id=record.id, previous=walk.prev_id),
        )
    if walk.keyed_from is None and record.key_id:
        walk.keyed_from = record.id
    kind = _seal_problem(walk, record)
    if kind == RECHAINED:
        walk.rechained.append(record.id)
    else:
        walk.flush_rechained()
    if kind is not None and kind != RECHAINED:
        walk.add(record.id, kind, _record_sentence(kind, record, walk.key))
    elif kind is None:
        _check_filing_and_incidents(walk, record)
    if record.id == walk.checkpoint_seq:
        walk.at_checkpoint = record.hash
    walk.prev_id, walk.prev_hash = record.id, record.hash


def _seal_problem(walk: _Walk, record: AuditRecord) -> str | None:
    """The kind of problem with a record's own seal or digest, None when it holds."""
    must_be_sealed = walk.keyed_from is not None and record.id >= walk.keyed_from
    if not record.key_id:
        if must_be_sealed:
            return RECHAINED
        return EDITED if expected_hash(record) != record.hash else None
    if walk.key is None:
        return NO_KEY
    if record.key_id != walk.key.key_id:
        return OTHER_KEY
    if walk.key.expected_seal(record) == record.hash:
        return None
    return RECHAINED if expected_hash(record) == record.hash else EDITED


def _record_sentence(kind: str, record: AuditRecord, key: AuditKey | None) -> str:
    if kind == EDITED:
        return _(
            "record {id} was edited: its content ({action} {entity} {entity_id} by "
            "{actor}) no longer matches its hash"
        ).format(
            id=record.id,
            action=record.action,
            entity=record.entity,
            entity_id=record.entity_id,
            actor=record.actor,
        )
    if kind == OTHER_KEY:
        return _(
            "record {id} is sealed with audit key {other}, not with head office's key {ours}"
        ).format(id=record.id, other=record.key_id, ours=key.key_id if key else "")
    return _("record {id} is sealed with audit key {other} and this check has no key").format(
        id=record.id, other=record.key_id
    )


def _check_filing_and_incidents(walk: _Walk, record: AuditRecord) -> None:
    filed = Actor(record.actor_name, record.actor_store)
    if not may_be_filed_as(record.actor, filed):
        # The record is as hashed but filed under someone else: --actor would miss it.
        walk.add(
            record.id,
            MISFILED,
            _(
                "record {id} names actor {actor} but is filed under {filed}: its filing was edited"
            ).format(id=record.id, actor=repr(record.actor), filed=repr(filed.text)),
        )
    if record.actor != SYSTEM_ACTOR:
        return
    if record.action == HEAD_REBUILT:
        walk.add(
            record.id,
            HEAD_MISSING,
            _(
                "record {id}: the audit head row was missing when a change was recorded at "
                "{moment}; head office rebuilt it from record {from_id}, the newest it found"
            ).format(id=record.id, moment=_moment(record), from_id=_from_id(record)),
        )
    elif record.action == CHECKPOINT_RESTARTED:
        walk.add(
            record.id,
            CHECKPOINT_MISSING,
            _(
                "record {id}: the audit checkpoint was missing when head office started at "
                "{moment}; it was written again from record {from_id}, so records deleted "
                "before then cannot be told"
            ).format(id=record.id, moment=_moment(record), from_id=_from_id(record)),
        )


def _check_head(walk: _Walk, head: tuple[int, str] | None) -> None:
    if head is None:
        walk.add(
            walk.prev_id,
            HEAD_MISSING,
            _(
                "the audit head row is missing (deleted); the next change rebuilds it from "
                "the newest record, {id}, and records that it did"
            ).format(id=walk.prev_id),
        )
        return
    head_id, head_hash = head
    if head_id > walk.prev_id:
        walk.add(walk.prev_id + 1, TRUNCATED, _missing(walk.prev_id + 1, head_id))
    elif head_id < walk.prev_id:
        walk.add(
            head_id + 1,
            ADDED,
            _("records after {id} were added outside head office's audit").format(id=head_id),
        )
    elif head_hash != walk.prev_hash:
        walk.add(
            walk.prev_id,
            HEAD_MISMATCH,
            _("record {id} does not match the chain's recorded head").format(id=walk.prev_id),
        )


def _check_checkpoint(walk: _Walk, checkpoint: Checkpoint | None, sealed: bool) -> None:
    if checkpoint is None:
        if sealed:
            walk.add(
                0,
                CHECKPOINT_MISSING,
                _(
                    "head office's audit checkpoint is missing: deleted newest records cannot "
                    "be told until head office writes it again at its next start"
                ),
            )
        return
    if walk.key is not None and checkpoint.key_id != walk.key.key_id:
        walk.add(
            checkpoint.seq,
            CHECKPOINT_MISMATCH,
            _(
                "the audit checkpoint was written with key {other}, not with head office's "
                "key {ours}"
            ).format(other=checkpoint.key_id, ours=walk.key.key_id),
        )
    elif checkpoint.seq > walk.prev_id:
        walk.add(
            walk.prev_id + 1,
            TRUNCATED,
            _(
                "the log ends at record {last}, but head office's checkpoint, kept outside "
                "the database, names record {seq}: the newest records were deleted"
            ).format(last=walk.prev_id, seq=checkpoint.seq),
        )
    elif walk.at_checkpoint is not None and walk.at_checkpoint != checkpoint.mac:
        walk.add(
            checkpoint.seq,
            CHECKPOINT_MISMATCH,
            _(
                "record {id} is not the record head office checkpointed: the log was "
                "rewritten from record {id} or before"
            ).format(id=checkpoint.seq),
        )


def _notices(
    walk: _Walk, checkpoint: Checkpoint | None, sealed: bool, protected: bool | None
) -> list[str]:
    notices: list[str] = []
    unkeyed = min((walk.keyed_from or walk.prev_id + 1) - 1, walk.prev_id)
    if unkeyed > 0 and walk.keyed_from is not None:
        notices.append(
            _(
                "records 1 to {last} were written before head office had an audit key: they "
                "are checked by their plain SHA-256 digests, and record {first}, the first "
                "sealed with the key, fixes the last of them"
            ).format(last=unkeyed, first=walk.keyed_from)
        )
    elif unkeyed > 0 and not sealed:
        notices.append(
            _(
                "this check has no audit key: records are checked by their plain SHA-256 "
                "digests, which anyone who can write the database can recompute"
            )
        )
    if checkpoint is not None and 0 <= checkpoint.seq < walk.prev_id and not walk.problems:
        notices.append(
            _(
                "head office's checkpoint names record {seq}, {count} behind the newest: the "
                "newer records are checked by their seals alone"
            ).format(seq=checkpoint.seq, count=walk.prev_id - checkpoint.seq)
        )
    if protected is False:
        notices.append(
            _(
                "head office's database role may update and delete audit rows (it owns them "
                "or is a superuser): only the key and the checkpoint tell an edit; "
                "deploy/postgres/README.md says how to connect as a role that may not"
            )
        )
    return notices


def _missing(first: int, last: int) -> str:
    if first == last:
        return _("record {id} is missing (deleted)").format(id=first)
    return _("records {first} to {last} are missing (deleted)").format(first=first, last=last)


def _moment(record: AuditRecord) -> str:
    at = dt.datetime.fromtimestamp(record.occurred_at_ms / 1000, dt.UTC)
    return at.strftime("%Y-%m-%d %H:%M:%S UTC")


def _from_id(record: AuditRecord) -> int:
    try:
        return int(json.loads(record.after_json).get("from_id", 0))
    except (ValueError, AttributeError, TypeError):
        return 0
