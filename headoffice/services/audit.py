"""The audit log: record every head-office change in the caller's transaction; list; verify."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from common.clock import now_ms as clock_now_ms
from headoffice.domain.actors import parse_actor
from headoffice.domain.audit_chain import (
    AuditFilter,
    AuditRecord,
    ChainCheck,
    check_chain,
    record_hash,
    state_json,
)
from headoffice.services.ports import UnitOfWorkPort


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
    last_id, last_hash = uow.audit.lock_head()
    at = clock_now_ms() if now_ms is None else now_ms
    before_json, after_json = state_json(before), state_json(after)
    new_id = last_id + 1
    digest = record_hash(
        new_id, at, actor, action, entity, entity_id, before_json, after_json, last_hash
    )
    who = parse_actor(actor)
    entry = AuditRecord(
        new_id, at, actor, action, entity, entity_id, before_json, after_json, last_hash, digest,
        who.name, who.store,
    )  # fmt: skip
    uow.audit.append(entry)
    return entry


def list_records(uow: UnitOfWorkPort, flt: AuditFilter) -> list[AuditRecord]:
    with uow:
        return uow.audit.select(flt)


def verify(uow: UnitOfWorkPort) -> ChainCheck:
    with uow:
        # Holding the head lock keeps appends out while the chain is read, so a
        # change committed mid-check is not mistaken for tampering.
        head_id, head_hash = uow.audit.lock_head()
        return check_chain(uow.audit.all_records(), head_id, head_hash)
