"""The audit log's hash chain: how a record's hash is made and how a chain is checked.

Each record's hash is sha256 over a canonical JSON array of its fields and the
previous record's hash, so editing a record breaks its own hash, deleting one
leaves a gap in the ids (or, for the newest, disagrees with the head row), and
rewriting a record's hash to match its edit breaks the next record's link.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from common.i18n import _
from headoffice.domain.actors import Actor, ActorQuery, may_be_filed_as


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One change. `actor` is the text that was hashed; actor_name and actor_store say
    whom it is filed under (domain.actors), which `hoctl audit verify` checks against it."""

    id: int
    occurred_at_ms: int
    actor: str
    action: str
    entity: str
    entity_id: str
    before_json: str
    after_json: str
    prev_hash: str
    hash: str
    actor_name: str
    actor_store: str


def state_json(state: Mapping[str, Any] | None) -> str:
    """A before/after state as canonical JSON ("" for none): sorted keys, no spaces."""
    if state is None:
        return ""
    return json.dumps(state, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def record_hash(
    id: int,
    occurred_at_ms: int,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    before_json: str,
    after_json: str,
    prev_hash: str,
) -> str:
    fields = [
        id,
        occurred_at_ms,
        actor,
        action,
        entity,
        entity_id,
        before_json,
        after_json,
        prev_hash,
    ]
    canonical = json.dumps(fields, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def expected_hash(record: AuditRecord) -> str:
    return record_hash(
        record.id,
        record.occurred_at_ms,
        record.actor,
        record.action,
        record.entity,
        record.entity_id,
        record.before_json,
        record.after_json,
        record.prev_hash,
    )


@dataclass(frozen=True, slots=True)
class ChainCheck:
    checked: int
    last_id: int
    last_hash: str
    problems: list[tuple[int, str]]

    @property
    def intact(self) -> bool:
        return not self.problems


def check_chain(records: Iterable[AuditRecord], head_id: int, head_hash: str) -> ChainCheck:
    """Walk records in id order; name every record that was edited, deleted or re-linked."""
    problems: list[tuple[int, str]] = []
    prev_id, prev_hash, checked = 0, "", 0
    for record in records:
        checked += 1
        if record.id != prev_id + 1:
            problems.append((prev_id + 1, _missing(prev_id + 1, record.id - 1)))
        elif record.prev_hash != prev_hash:
            problems.append(
                (
                    record.id,
                    _(
                        "record {id} does not follow record {previous}: the chain was "
                        "re-linked after record {previous} was edited"
                    ).format(id=record.id, previous=prev_id),
                )
            )
        if expected_hash(record) != record.hash:
            problems.append(
                (
                    record.id,
                    _(
                        "record {id} was edited: its content ({action} {entity} {entity_id} by "
                        "{actor}) no longer matches its hash"
                    ).format(
                        id=record.id,
                        action=record.action,
                        entity=record.entity,
                        entity_id=record.entity_id,
                        actor=record.actor,
                    ),
                )
            )
        elif not may_be_filed_as(record.actor, Actor(record.actor_name, record.actor_store)):
            # The record is as hashed but filed under someone else: --actor would miss it.
            filed = Actor(record.actor_name, record.actor_store)
            problems.append(
                (
                    record.id,
                    _(
                        "record {id} names actor {actor} but is filed under {filed}: "
                        "its filing was edited"
                    ).format(id=record.id, actor=repr(record.actor), filed=repr(filed.text)),
                )
            )
        prev_id, prev_hash = record.id, record.hash
    if head_id > prev_id:
        problems.append((prev_id + 1, _missing(prev_id + 1, head_id)))
    elif head_id < prev_id:
        problems.append(
            (
                head_id + 1,
                _("records after {id} were added outside head office's audit").format(id=head_id),
            )
        )
    elif head_hash != prev_hash:
        problems.append(
            (
                prev_id,
                _("record {id} does not match the chain's recorded head").format(id=prev_id),
            )
        )
    return ChainCheck(checked, prev_id, prev_hash, problems)


def _missing(first: int, last: int) -> str:
    if first == last:
        return _("record {id} is missing (deleted)").format(id=first)
    return _("records {first} to {last} are missing (deleted)").format(first=first, last=last)


@dataclass(frozen=True)
class AuditFilter:
    """Which audit records to list (empty or 0: any), after_id for paging.

    actor is who did it (domain.actors.actor_query reads `sam`, `sam@S001`, `@S001`):
    matched against the person and store each record is filed under, so records
    written in older forms match too.
    """

    actor: ActorQuery = ActorQuery()
    entity: str = ""
    entity_id: str = ""
    action: str = ""
    since_ms: int = 0
    until_ms: int = 0
    after_id: int = 0
    limit: int = 1000
