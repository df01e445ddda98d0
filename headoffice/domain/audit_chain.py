"""The audit log's chain: how a record is sealed, and what seals it.

Each record carries a digest of a canonical JSON array of its fields and the
previous record's digest, so editing a record breaks its own digest, deleting
one leaves a gap in the ids, and rewriting a digest to match an edit breaks
the next record's link.

A plain SHA-256 digest (record_hash) can be recomputed by anyone who can write
the database: edit a record, recompute every digest after it, rewrite the head
row, and the chain holds again (issue 12, failure 8). So records are sealed
with HMAC-SHA256 under an AuditKey that is not stored in the database
(headoffice.store.audit_seal keeps it in D/audit/key, mode 0600): without the
key nobody can make a seal that verifies. Records written before head office
had a key keep their plain digests (key_id "") and are checked as before; the
first sealed record's seal covers the last plain digest, so they cannot be
rewritten either once it exists.

Deleting the newest records and resetting the head row leaves a shorter chain
that is still whole, so the newest (id, seal) is also written after each
commit to a Checkpoint outside the database; audit_check compares the two.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from headoffice.domain.actors import ActorQuery


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One change. `actor` is the text that was hashed; actor_name and actor_store say
    whom it is filed under (domain.actors), which `hoctl audit verify` checks against it.
    `hash` is the record's seal (an HMAC under the key named by key_id), or its plain
    SHA-256 digest when key_id is "" (written before head office had an audit key)."""

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
    key_id: str = ""


# What the audit machinery itself records (never a person): an upgraded log's first
# sealed record, and the integrity events `hoctl audit verify` reports for ever after.
SYSTEM_ACTOR = "system"
AUDIT_ENTITY = "audit"
KEYED = "audit.keyed"
HEAD_REBUILT = "audit.head_missing"
CHECKPOINT_RESTARTED = "audit.checkpoint_missing"

KEY_BYTES = 32
# Bound into every seal, so a seal can never be mistaken for another kind of HMAC.
SEAL_LABEL = "storeledger audit seal v1"


def state_json(state: Mapping[str, Any] | None) -> str:
    """A before/after state as canonical JSON ("" for none): sorted keys, no spaces."""
    if state is None:
        return ""
    return json.dumps(state, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _canonical(fields: list[Any]) -> bytes:
    return json.dumps(fields, separators=(",", ":"), ensure_ascii=False).encode()


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
    """The plain SHA-256 digest of a record written before head office had an audit key."""
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
    return hashlib.sha256(_canonical(fields)).hexdigest()


def expected_hash(record: AuditRecord) -> str:
    """The record's plain digest, as if it had been written without a key."""
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
class AuditKey:
    """The secret that seals audit records; key_id names it without revealing it."""

    secret: bytes = field(repr=False)

    @property
    def key_id(self) -> str:
        return hmac.new(self.secret, b"storeledger audit key id", hashlib.sha256).hexdigest()[:16]

    def seal(
        self,
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
        """HMAC-SHA256 over the record's fields, its predecessor's digest and this key's id."""
        fields = [
            SEAL_LABEL,
            self.key_id,
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
        return hmac.new(self.secret, _canonical(fields), hashlib.sha256).hexdigest()

    def expected_seal(self, record: AuditRecord) -> str:
        return self.seal(
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
class Checkpoint:
    """The log's newest record as head office last committed it, kept outside the database.

    keyed_from is the first record sealed with the key (1 on a log that had a key
    from the start); seq and mac are the newest committed record's id and seal
    (0 and "" before the first).
    """

    key_id: str
    keyed_from: int
    seq: int
    mac: str

    def advanced(self, seq: int, mac: str) -> Checkpoint:
        """This checkpoint moved on to (seq, mac); never back (commits may finish out of order)."""
        if seq <= self.seq:
            return self
        return Checkpoint(self.key_id, self.keyed_from, seq, mac)


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
