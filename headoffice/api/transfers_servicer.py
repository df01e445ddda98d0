"""Transfers: the staff service hoctl transfer ... speaks; each method unpacks, calls one
service, packs, and wakes the stores' downstream streams after a change committed."""

from __future__ import annotations

import asyncio
import logging

from common.domain.money import DEFAULT_CURRENCY
from common.logs import log_event
from common.pb.storeledger.v1 import transfers_pb2, transfers_pb2_grpc
from headoffice.api.auth import Authorizer, authorised
from headoffice.api.streams import DownstreamSignal
from headoffice.domain.roles import Permission, Staff
from headoffice.domain.transfers import Transfer, check_negative_stock_policy
from headoffice.services import transfers
from headoffice.services.ports import UnitOfWorkFactory
from headoffice.services.transfer_events import in_transit_value, loss_value, order_message

log = logging.getLogger(__name__)


def transfer_info(row: Transfer) -> transfers_pb2.TransferInfo:
    return transfers_pb2.TransferInfo(
        order=order_message(row),
        updated_at_ms=row.updated_at_ms,
        shipped_at_ms=row.shipped_at_ms,
        received_at_ms=row.received_at_ms,
        resolved_at_ms=row.resolved_at_ms,
        resolved_by=row.resolved_by,
        in_transit_value_minor=in_transit_value(row),
        loss_value_minor=loss_value(row),
        currency=DEFAULT_CURRENCY,
    )


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
            [(item.sku, item.qty_base) for item in request.items],
            self._negative_stock,
        )
        self._signal.notify()
        row = created.transfer
        log_event(
            log, logging.INFO, "transfer created", transfer=row.transfer_id,
            from_store=row.from_store, to_store=row.to_store, by=staff.username,
            warnings=len(created.warnings),
        )  # fmt: skip
        return transfers_pb2.CreateTransferReply(
            transfer=transfer_info(row), warnings=created.warnings
        )

    @authorised(Permission.TRANSFER_READ)
    async def ListTransfers(self, request, context, staff: Staff):  # noqa: N802
        rows = await asyncio.to_thread(
            transfers.list_transfers, self._new_uow(), staff, request.state, request.store
        )
        return transfers_pb2.ListTransfersReply(transfers=[transfer_info(r) for r in rows])

    @authorised(Permission.TRANSFER_READ)
    async def ShowTransfer(self, request, context, staff: Staff):  # noqa: N802
        row = await asyncio.to_thread(
            transfers.show_transfer, self._new_uow(), staff, request.transfer_id
        )
        return transfer_info(row)

    @authorised(Permission.TRANSFER_WRITE)
    async def CancelTransfer(self, request, context, staff: Staff):  # noqa: N802
        row = await asyncio.to_thread(
            transfers.cancel_transfer, self._new_uow(), staff, request.transfer_id
        )
        self._signal.notify()
        log_event(
            log, logging.INFO, "transfer cancelled", transfer=row.transfer_id, by=staff.username
        )
        return transfer_info(row)

    @authorised(Permission.TRANSFER_RESOLVE)
    async def ResolveTransfer(self, request, context, staff: Staff):  # noqa: N802
        row = await asyncio.to_thread(
            transfers.resolve_transfer,
            self._new_uow(),
            staff,
            request.transfer_id,
            request.resolution,
        )
        self._signal.notify()
        log_event(
            log, logging.INFO, "transfer resolved", transfer=row.transfer_id,
            resolution=row.resolution, by=staff.username,
        )  # fmt: skip
        return transfer_info(row)

    @authorised(Permission.TRANSFER_READ)
    async def InTransit(self, request, context, staff: Staff):  # noqa: N802
        lines = await asyncio.to_thread(transfers.in_transit, self._new_uow(), staff, request.store)
        return transfers_pb2.InTransitReply(
            rows=[
                transfers_pb2.InTransitRow(
                    transfer_id=line.transfer_id,
                    from_store=line.from_store,
                    to_store=line.to_store,
                    sku=line.sku,
                    qty_base=line.qty_base,
                    unit_cost_minor=line.unit_cost_minor,
                    value_minor=line.value_minor,
                    state=line.state,
                )
                for line in lines
            ],
            total_qty_base=sum(line.qty_base for line in lines),
            total_value_minor=sum(line.value_minor for line in lines),
            currency=DEFAULT_CURRENCY,
        )
