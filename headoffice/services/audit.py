"""The audit log: record every head-office change in the caller's transaction; list; verify;
and, at head office's start, key the log and check its checkpoint (open_seal).

Records are sealed with the key the unit of work's audit_seal holds (domain.audit_chain);
after each commit the unit of work moves the checkpoint on to the newest record.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from common.clock import now_ms as clock_now_ms
from common.errors import ConfigError
from common.i18n import _
from common.logs import log_event
from headoffice.domain.actors import parse_actor
from headoffice.domain.audit_chain import (
    AUDIT_ENTITY,
    CHECKPOINT_RESTARTED,
    HEAD_REBUILT,
    KEYED,
    SYSTEM_ACTOR,
    AuditFilter,
    AuditRecord,
    Checkpoint,
    record_hash,
    state_json,
)
from headoffice.domain.audit_check import ChainCheck, check_chain
from headoffice.services.ports import AuditSealPort, UnitOfWorkPort

log = logging.getLogger(__name__)


def record(
    uow: UnitOfWorkPort,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    now_ms: int | None = None,
) -> AuditRecord:
    """Append one record to the chain, inside the change's own transaction.

    actor is in the one form (domain.actors): a staff user's name, or
    `at_store(name, store).text` for someone at a store. The head row is locked
    here, so concurrent changes append one after the other in commit order; call
    this last in a use case to hold the lock briefly.
    """
    at = clock_now_ms() if now_ms is None else now_ms
    head = uow.audit.lock_head()
    if head is None:
        head = _rebuild_head(uow, at)
    return _append(uow, head, at, actor, action, entity, entity_id, before, after)


def _append(
    uow: UnitOfWorkPort,
    head: tuple[int, str],
    at: int,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
) -> AuditRecord:
    last_id, last_hash = head
    before_json, after_json = state_json(before), state_json(after)
    new_id = last_id + 1
    fields = (new_id, at, actor, action, entity, entity_id, before_json, after_json, last_hash)
    key = uow.audit_seal.key if uow.audit_seal is not None else None
    digest = key.seal(*fields) if key is not None else record_hash(*fields)
    who = parse_actor(actor)
    entry = AuditRecord(*fields, digest, who.name, who.store, key.key_id if key is not None else "")
    uow.audit.append(entry)
    return entry


def _rebuild_head(uow: UnitOfWorkPort, at: int) -> tuple[int, str]:
    """The head row is gone. Every change must not fail for it, and the chain must not
    start again at 1 as if nothing had been written: go on from the newest record the
    table holds, and say so in a record of its own, which verify reports for ever after
    (whatever was deleted with the row, the checkpoint tells)."""
    newest = uow.audit.newest() or (0, "")
    restored = uow.audit.restore_head(*newest)
    head = uow.audit.lock_head()
    if head is None:  # pragma: no cover - a row inserted in this transaction is there
        raise RuntimeError("the audit head row could not be restored")
    if not restored:  # another change restored it first, and recorded that
        return head
    log_event(
        log, logging.WARNING, "audit head row missing; rebuilt from the newest record",
        from_id=newest[0],
    )  # fmt: skip
    marker = _append(
        uow, head, at, SYSTEM_ACTOR, HEAD_REBUILT, AUDIT_ENTITY, "head", None,
        {"from_id": newest[0], "from_hash": newest[1]},
    )  # fmt: skip
    return marker.id, marker.hash


def list_records(uow: UnitOfWorkPort, flt: AuditFilter) -> list[AuditRecord]:
    with uow:
        return uow.audit.select(flt)


def verify(uow: UnitOfWorkPort) -> ChainCheck:
    with uow:
        # Holding the head lock keeps appends out while the chain is read, so a
        # change committed mid-check is not mistaken for tampering. The checkpoint
        # is read after the lock: it is then never ahead of what the walk sees.
        head = uow.audit.lock_head()
        seal = uow.audit_seal
        return check_chain(
            uow.audit.all_records(),
            head,
            key=seal.key if seal is not None else None,
            checkpoint=seal.checkpoint() if seal is not None else None,
            sealed=seal is not None,
            protected=uow.audit.protected(),
        )


def writer_protection(uow: UnitOfWorkPort) -> bool | None:
    """Whether head office's database role is unable to rewrite audit rows (None: SQLite)."""
    with uow:
        return uow.audit.protected()


@dataclass(frozen=True)
class SealOpened:
    """What open_seal found: the key's id, and what it had to do."""

    key_id: str
    created_key: bool = False
    restarted_checkpoint: bool = False


def open_seal(uow: UnitOfWorkPort) -> SealOpened:
    """At `headoffice init` and each start: make sure the log has its key and checkpoint.

    - No key and a log that was never keyed (a new installation, or the first
      start after an upgrade): create the key; the records already written stay
      as they are, checked by their plain digests, and the first record sealed
      with the key (`audit.keyed`, on an upgraded log) fixes the last of them.
    - No key but a log that was keyed: refuse. A new key would seal new records
      while every old seal stopped verifying; the key must be restored.
    - A key that is not the one the checkpoint names: refuse, for the same reason.
    - A key and no checkpoint on a keyed log: write the checkpoint again from the
      newest record, and record that it was missing (verify reports it for ever
      after: records deleted before now cannot be told).
    """
    seal = uow.audit_seal
    if seal is None:
        raise RuntimeError("open_seal needs a unit of work with an audit seal")
    with uow:
        uow.audit.lock_head()
        newest_id, newest_hash = uow.audit.newest() or (0, "")
        first_sealed = uow.audit.first_sealed()
        checkpoint = seal.checkpoint()
        key = seal.key
        if key is None:
            if checkpoint is not None or first_sealed is not None:
                raise ConfigError(_key_missing(seal, checkpoint, first_sealed))
            key = seal.create_key()
            seal.start_checkpoint(Checkpoint(key.key_id, newest_id + 1, newest_id, newest_hash))
            if newest_id:
                record(
                    uow, SYSTEM_ACTOR, KEYED, AUDIT_ENTITY, "key", None,
                    {"key_id": key.key_id, "unkeyed_records": newest_id},
                )  # fmt: skip
                uow.commit()
            log_event(
                log, logging.INFO, "audit key created", key_id=key.key_id,
                keyed_from=newest_id + 1, where=seal.where,
            )  # fmt: skip
            return SealOpened(key.key_id, created_key=True)
        if checkpoint is not None and checkpoint.key_id != key.key_id:
            raise ConfigError(
                _(
                    "the audit key in {where} (id {ours}) is not the key head office's audit "
                    "log was sealed with (id {theirs}): restore that key from a backup of the "
                    "data directory; a new key would leave every sealed record unverifiable"
                ).format(where=seal.where, ours=key.key_id, theirs=checkpoint.key_id)
            )
        if checkpoint is not None:
            return SealOpened(key.key_id)
        keyed_from = first_sealed[0] if first_sealed is not None else newest_id + 1
        seal.start_checkpoint(Checkpoint(key.key_id, keyed_from, newest_id, newest_hash))
        if first_sealed is None:  # an earlier start stopped between the key and the checkpoint
            return SealOpened(key.key_id, restarted_checkpoint=True)
        log_event(
            log, logging.WARNING, "audit checkpoint missing; written again", from_id=newest_id,
            where=seal.where,
        )  # fmt: skip
        record(
            uow, SYSTEM_ACTOR, CHECKPOINT_RESTARTED, AUDIT_ENTITY, "checkpoint", None,
            {"from_id": newest_id, "from_hash": newest_hash},
        )  # fmt: skip
        uow.commit()
        return SealOpened(key.key_id, restarted_checkpoint=True)


def _key_missing(
    seal: AuditSealPort, checkpoint: Checkpoint | None, first_sealed: tuple[int, str] | None
) -> str:
    if first_sealed is not None:
        first, key_id = first_sealed
    else:  # only the checkpoint knows (the log's sealed records may have been deleted)
        first, key_id = (checkpoint.keyed_from, checkpoint.key_id) if checkpoint else (1, "")
    return _(
        "head office's audit key is missing from {where}, but the audit log is sealed with "
        "key {key_id} from record {first}: restore the key file from a backup of the data "
        "directory; a new key would leave every sealed record unverifiable"
    ).format(where=seal.where, key_id=key_id, first=first)
