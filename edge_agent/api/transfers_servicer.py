"""StoreTransfers: the local service `pos transfer` calls; unpack, call one service, pack."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from common.pb.storeledger.v1 import transfers_pb2, transfers_pb2_grpc
from edge_agent.api.messages import transfers as m
from edge_agent.services import transfers
from edge_agent.services.context import StoreContext

SERVICE_NAME = transfers_pb2.DESCRIPTOR.services_by_name["StoreTransfers"].full_name


class StoreTransfersServicer(transfers_pb2_grpc.StoreTransfersServicer):
    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx

    async def ListStoreTransfers(self, request, context):  # noqa: N802
        views = await asyncio.to_thread(transfers.list_transfers, self._ctx, request.all)
        return transfers_pb2.ListStoreTransfersReply(
            transfers=[m.store_transfer(v.transfer, v.direction) for v in views]
        )

    async def ShipTransfer(self, request, context):  # noqa: N802
        booking = await asyncio.to_thread(
            transfers.ship, self._ctx, request.transfer_id, m.items(request.items),
            request.actor, request.idempotency_key,
        )  # fmt: skip
        return m.booking_reply(booking)

    async def ReceiveTransfer(self, request, context):  # noqa: N802
        booking = await asyncio.to_thread(
            transfers.receive, self._ctx, request.transfer_id, m.items(request.items),
            request.actor, request.idempotency_key,
        )  # fmt: skip
        return m.booking_reply(booking)


def transfers_service(ctx: StoreContext) -> tuple[Callable[..., None], Any, str]:
    """The STORE_SERVICES factory (edge_agent.api.server)."""
    return (
        transfers_pb2_grpc.add_StoreTransfersServicer_to_server,
        StoreTransfersServicer(ctx),
        SERVICE_NAME,
    )
