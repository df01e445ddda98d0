"""The audit log: record every head-office change in the caller's transaction; list; verify."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from common.clock import now_ms as clock_now_ms
from headoffice.domain.audit_chain import (
    AuditRecord,
    ChainCheck,
    check_chain,
    record_hash,
    state_json,
)
from headoffice.store import audit_repo
from headoffice.store.audit_repo import AuditFilter
from headoffice.store.unit_of_work import UnitOfWork


def record(
    conn: sa.Connection,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    now_ms: int | None = None,
) -> AuditRecord:
    """Append one record to the chain, inside the change's own transaction.

    The head row is locked here, so concurrent changes append one after the
    other in commit order; call this last in a use case to hold the lock briefly.
    """
    last_id, last_hash = audit_repo.lock_head(conn)
    at = clock_now_ms() if now_ms is None else now_ms
    before_json, after_json = state_json(before), state_json(after)
    new_id = last_id + 1
    digest = record_hash(
        new_id, at, actor, action, entity, entity_id, before_json, after_json, last_hash
    )
    entry = AuditRecord(
        new_id, at, actor, action, entity, entity_id, before_json, after_json, last_hash, digest
    )
    audit_repo.append(conn, entry)
    return entry


def list_records(uow: UnitOfWork, flt: AuditFilter) -> list[AuditRecord]:
    with uow:
        return audit_repo.select(uow.connection, flt)


def verify(uow: UnitOfWork) -> ChainCheck:
    with uow:
        conn = uow.connection
        # Holding the head lock keeps appends out while the chain is read, so a
        # change committed mid-check is not mistaken for tampering.
        head_id, head_hash = audit_repo.lock_head(conn)
        return check_chain(audit_repo.all_records(conn), head_id, head_hash)
