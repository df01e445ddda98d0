"""Audit: list and verify the hash-chained audit log (hoctl audit ...)."""

from __future__ import annotations

import asyncio

from common.pb.storeledger.v1 import audit_pb2, audit_pb2_grpc
from headoffice.api.auth import Authorizer, authorised
from headoffice.api.messages.staff import audit_filter, audit_record, chain_check_reply
from headoffice.domain.roles import Permission, Staff
from headoffice.services import audit
from headoffice.services.ports import UnitOfWorkFactory


class AuditServicer(audit_pb2_grpc.AuditServicer):
    def __init__(self, new_uow: UnitOfWorkFactory, auth: Authorizer) -> None:
        self._new_uow = new_uow
        self._auth = auth

    @authorised(Permission.AUDIT_READ)
    async def ListAudit(self, request, context, staff: Staff):  # noqa: N802
        records = await asyncio.to_thread(
            audit.list_records, self._new_uow(), audit_filter(request)
        )
        return audit_pb2.ListAuditReply(records=[audit_record(r) for r in records])

    @authorised(Permission.AUDIT_READ)
    async def VerifyAudit(self, request, context, staff: Staff):  # noqa: N802
        check = await asyncio.to_thread(audit.verify, self._new_uow())
        return chain_check_reply(check)
