"""StoreWriteOffs: pos writeoff / pos writeoffs; unpack, call one service in a thread, pack."""

from __future__ import annotations

import asyncio
from typing import Any

from common.pb.storeledger.v1 import write_offs_pb2, write_offs_pb2_grpc
from edge_agent.api.messages import write_offs as m
from edge_agent.services import write_offs
from edge_agent.services.context import StoreContext

SERVICE_NAME = write_offs_pb2.DESCRIPTOR.services_by_name["StoreWriteOffs"].full_name


class StoreWriteOffsServicer(write_offs_pb2_grpc.StoreWriteOffsServicer):
    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx

    async def WriteOffStock(self, request, context):  # noqa: N802
        result = await asyncio.to_thread(
            write_offs.write_off_stock,
            self._ctx,
            m.items(request.items),
            request.reason,
            request.note,
            request.actor,
            request.idempotency_key,
            request.confirm_negative,
        )
        return write_offs_pb2.StoreWriteOffReply(
            write_off=m.store_write_off_pb(result.row), threshold_minor=result.threshold_minor
        )

    async def ListStoreWriteOffs(self, request, context):  # noqa: N802
        rows, threshold = await asyncio.to_thread(
            write_offs.list_write_offs, self._ctx, request.state
        )
        return write_offs_pb2.ListStoreWriteOffsReply(
            write_offs=[m.store_write_off_pb(r) for r in rows], threshold_minor=threshold
        )


def store_write_offs_service(ctx: StoreContext) -> tuple[Any, Any, str]:
    """The STORE_SERVICES factory (edge_agent.api.server)."""
    return (
        write_offs_pb2_grpc.add_StoreWriteOffsServicer_to_server,
        StoreWriteOffsServicer(ctx),
        SERVICE_NAME,
    )
