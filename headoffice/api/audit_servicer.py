"""Audit: list and verify the hash-chained audit log (hoctl audit ...)."""

from __future__ import annotations

import asyncio

from common.pb.storeledger.v1 import audit_pb2, audit_pb2_grpc
from headoffice.api.auth import Authorizer, authorised
from headoffice.domain.audit_chain import AuditFilter, AuditRecord
from headoffice.domain.roles import Permission, Staff
from headoffice.services import audit
from headoffice.services.ports import UnitOfWorkFactory

MAX_PAGE = 5_000


def record_pb(record: AuditRecord) -> audit_pb2.AuditRecord:
    return audit_pb2.AuditRecord(
        id=record.id,
        at_ms=record.at_ms,
        actor=record.actor,
        action=record.action,
        entity=record.entity,
        entity_id=record.entity_id,
        before_json=record.before_json,
        after_json=record.after_json,
        prev_hash=record.prev_hash,
        hash=record.hash,
    )


class AuditServicer(audit_pb2_grpc.AuditServicer):
    def __init__(self, new_uow: UnitOfWorkFactory, auth: Authorizer) -> None:
        self._new_uow = new_uow
        self._auth = auth

    @authorised(Permission.AUDIT_READ)
    async def ListAudit(self, request, context, staff: Staff):  # noqa: N802
        flt = AuditFilter(
            actor=request.actor,
            entity=request.entity,
            entity_id=request.entity_id,
            action=request.action,
            since_ms=request.since_ms,
            until_ms=request.until_ms,
            after_id=request.after_id,
            limit=min(request.limit or 1000, MAX_PAGE),
        )
        records = await asyncio.to_thread(audit.list_records, self._new_uow(), flt)
        return audit_pb2.ListAuditReply(records=[record_pb(r) for r in records])

    @authorised(Permission.AUDIT_READ)
    async def VerifyAudit(self, request, context, staff: Staff):  # noqa: N802
        check = await asyncio.to_thread(audit.verify, self._new_uow())
        return audit_pb2.VerifyAuditReply(
            intact=check.intact,
            records_checked=check.checked,
            last_id=check.last_id,
            last_hash=check.last_hash,
            problems=[audit_pb2.AuditProblem(id=i, problem=p) for i, p in check.problems],
        )
