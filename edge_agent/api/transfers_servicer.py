"""StoreTransfers: the local service `pos transfer` calls; unpack, call one service, pack."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import grpc

from common.errors import StoreLedgerError
from common.pb.storeledger.v1 import transfers_pb2, transfers_pb2_grpc
from edge_agent.api.errors import abort_with
from edge_agent.domain.transfers import direction
from edge_agent.services import transfers
from edge_agent.services.context import StoreContext
from edge_agent.store.transfers import StoreTransferRow

SERVICE_NAME = transfers_pb2.DESCRIPTOR.services_by_name["StoreTransfers"].full_name


def store_transfer(ctx: StoreContext, row: StoreTransferRow) -> transfers_pb2.StoreTransfer:
    return transfers_pb2.StoreTransfer(
        order=row.order,
        direction=direction(ctx.store_code, row.order.from_store, row.order.to_store),
        shipped_seq=row.shipped_seq,
        received_seq=row.received_seq,
        corrected_seq=row.corrected_seq,
    )


def _items(request: Any) -> list[tuple[str, int]]:
    return [(item.sku, item.qty_base) for item in request.items]


class StoreTransfersServicer(transfers_pb2_grpc.StoreTransfersServicer):
    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx

    async def _run(self, context: grpc.aio.ServicerContext, fn: Callable[..., Any], *args: Any):
        try:
            return await asyncio.to_thread(fn, self._ctx, *args)
        except StoreLedgerError as exc:
            await abort_with(context, exc)

    async def ListStoreTransfers(self, request, context):  # noqa: N802
        rows = await self._run(context, transfers.list_transfers, request.all)
        return transfers_pb2.ListStoreTransfersReply(
            transfers=[store_transfer(self._ctx, r) for r in rows]
        )

    async def _booked(self, booking: transfers.Booking) -> transfers_pb2.StoreTransferReply:
        return transfers_pb2.StoreTransferReply(
            transfer=store_transfer(self._ctx, booking.transfer),
            seq=booking.seq,
            lines=[
                transfers_pb2.TransferLine(
                    sku=line.sku,
                    shipped_qty_base=line.expected_qty_base,
                    received_qty_base=line.qty_base,
                    unit_cost_minor=line.unit_cost_minor,
                )
                for line in booking.lines
            ],
        )

    async def ShipTransfer(self, request, context):  # noqa: N802
        booking = await self._run(
            context, transfers.ship, request.transfer_id, _items(request), request.actor
        )
        return await self._booked(booking)

    async def ReceiveTransfer(self, request, context):  # noqa: N802
        booking = await self._run(
            context, transfers.receive, request.transfer_id, _items(request), request.actor
        )
        return await self._booked(booking)


def transfers_service(ctx: StoreContext) -> tuple[Callable[..., None], Any, str]:
    """The STORE_SERVICES factory (edge_agent.api.server)."""
    return (
        transfers_pb2_grpc.add_StoreTransfersServicer_to_server,
        StoreTransfersServicer(ctx),
        SERVICE_NAME,
    )
