"""WriteOffs: the staff service hoctl writeoff ... speaks; each method unpacks, calls one service, packs."""

from __future__ import annotations

import asyncio
import logging

from common.logs import log_event
from common.pb.storeledger.v1 import write_offs_pb2, write_offs_pb2_grpc
from headoffice.api.auth import Authorizer, authorised
from headoffice.api.messages.write_offs import requested_items, write_off_info
from headoffice.api.streams import DownstreamSignal
from headoffice.domain.roles import Permission, Staff
from headoffice.services.ports import UnitOfWorkFactory
from headoffice.services.write_offs import (
    approve_write_off,
    get_write_off,
    list_write_offs,
    reject_write_off,
    request_write_off,
)

log = logging.getLogger(__name__)


class WriteOffsServicer(write_offs_pb2_grpc.WriteOffsServicer):
    def __init__(
        self, new_uow: UnitOfWorkFactory, auth: Authorizer, signal: DownstreamSignal
    ) -> None:
        self._new_uow = new_uow
        self._auth = auth
        self._signal = signal

    @authorised(Permission.WRITE_OFF_REQUEST)
    async def RequestWriteOff(self, request, context, staff: Staff):  # noqa: N802
        row = await asyncio.to_thread(
            request_write_off,
            self._new_uow(),
            staff,
            request.store_code,
            request.reason,
            requested_items(request),
            request.note,
        )
        if row.state == "approved":
            self._signal.notify()
        log_event(log, logging.INFO, "write-off requested", write_off_id=row.write_off_id,
                  store=row.store_code, state=row.state, by=staff.username)  # fmt: skip
        return write_off_info(row)

    @authorised(Permission.WRITE_OFF_READ)
    async def ListWriteOffs(self, request, context, staff: Staff):  # noqa: N802
        rows = await asyncio.to_thread(
            list_write_offs, self._new_uow(), staff, request.store_code, request.state
        )
        return write_offs_pb2.ListWriteOffsReply(write_offs=[write_off_info(r) for r in rows])

    @authorised(Permission.WRITE_OFF_READ)
    async def GetWriteOff(self, request, context, staff: Staff):  # noqa: N802
        row = await asyncio.to_thread(get_write_off, self._new_uow(), staff, request.write_off_id)
        return write_off_info(row)

    @authorised(Permission.WRITE_OFF_APPROVE)
    async def ApproveWriteOff(self, request, context, staff: Staff):  # noqa: N802
        row = await asyncio.to_thread(
            approve_write_off, self._new_uow(), staff, request.write_off_id, request.note
        )
        self._signal.notify()
        log_event(log, logging.INFO, "write-off approved", write_off_id=row.write_off_id,
                  store=row.store_code, by=staff.username)  # fmt: skip
        return write_off_info(row)

    @authorised(Permission.WRITE_OFF_APPROVE)
    async def RejectWriteOff(self, request, context, staff: Staff):  # noqa: N802
        row = await asyncio.to_thread(
            reject_write_off, self._new_uow(), staff, request.write_off_id, request.note
        )
        self._signal.notify()
        log_event(log, logging.INFO, "write-off rejected", write_off_id=row.write_off_id,
                  store=row.store_code, by=staff.username)  # fmt: skip
        return write_off_info(row)
