"""Transfers: the staff service hoctl transfer ... speaks; each method unpacks, calls one
service, packs, and wakes the stores' downstream streams after a change committed."""

from __future__ import annotations

import asyncio
import logging

from common.logs import log_event
from common.pb.storeledger.v1 import transfers_pb2, transfers_pb2_grpc
from headoffice.api.auth import Authorizer, authorised
from headoffice.api.messages.transfers import in_transit_reply, requested_lines, transfer_info
from headoffice.api.streams import DownstreamSignal
from headoffice.domain.roles import Permission, Staff
from headoffice.domain.transfers import check_negative_stock_policy
from headoffice.services import transfers
from headoffice.services.ports import UnitOfWorkFactory

log = logging.getLogger(__name__)


class TransfersServicer(transfers_pb2_grpc.TransfersServicer):
    def __init__(
        self,
        new_uow: UnitOfWorkFactory,
        auth: Authorizer,
        signal: DownstreamSignal,
        negative_stock: str = "refuse",
    ) -> None:
        self._new_uow = new_uow
        self._auth = auth
        self._signal = signal
        self._negative_stock = check_negative_stock_policy(negative_stock)

    @authorised(Permission.TRANSFER_WRITE)
    async def CreateTransfer(self, request, context, staff: Staff):  # noqa: N802
        created = await asyncio.to_thread(
            transfers.create_transfer,
            self._new_uow(),
            staff,
            request.from_store,
            request.to_store,
            requested_lines(request),
            self._negative_stock,
        )
        self._signal.notify()
        transfer = created.transfer
        log_event(
            log, logging.INFO, "transfer created", transfer=transfer.transfer_id,
            from_store=transfer.from_store, to_store=transfer.to_store, by=staff.username,
            warnings=len(created.warnings),
        )  # fmt: skip
        return transfers_pb2.CreateTransferReply(
            transfer=transfer_info(transfer), warnings=created.warnings
        )

    @authorised(Permission.TRANSFER_READ)
    async def ListTransfers(self, request, context, staff: Staff):  # noqa: N802
        found = await asyncio.to_thread(
            transfers.list_transfers, self._new_uow(), staff, request.state, request.store_code
        )
        return transfers_pb2.ListTransfersReply(transfers=[transfer_info(t) for t in found])

    @authorised(Permission.TRANSFER_READ)
    async def ShowTransfer(self, request, context, staff: Staff):  # noqa: N802
        transfer = await asyncio.to_thread(
            transfers.show_transfer, self._new_uow(), staff, request.transfer_id
        )
        return transfer_info(transfer)

    @authorised(Permission.TRANSFER_WRITE)
    async def CancelTransfer(self, request, context, staff: Staff):  # noqa: N802
        transfer = await asyncio.to_thread(
            transfers.cancel_transfer, self._new_uow(), staff, request.transfer_id
        )
        self._signal.notify()
        log_event(log, logging.INFO, "transfer cancelled", transfer=transfer.transfer_id,
                  by=staff.username)  # fmt: skip
        return transfer_info(transfer)

    @authorised(Permission.TRANSFER_RESOLVE)
    async def ResolveTransfer(self, request, context, staff: Staff):  # noqa: N802
        transfer = await asyncio.to_thread(
            transfers.resolve_transfer,
            self._new_uow(),
            staff,
            request.transfer_id,
            request.resolution,
        )
        self._signal.notify()
        log_event(
            log, logging.INFO, "transfer resolved", transfer=transfer.transfer_id,
            resolution=transfer.resolution, by=staff.username,
        )  # fmt: skip
        return transfer_info(transfer)

    @authorised(Permission.TRANSFER_READ)
    async def InTransit(self, request, context, staff: Staff):  # noqa: N802
        lines = await asyncio.to_thread(
            transfers.in_transit, self._new_uow(), staff, request.store_code
        )
        return in_transit_reply(lines)
