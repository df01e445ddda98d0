"""StoreWriteOffs: pos writeoff / pos writeoffs; unpack, call one service in a thread, pack."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import grpc

from common.errors import StoreLedgerError
from common.pb.storeledger.v1 import write_offs_pb2, write_offs_pb2_grpc
from edge_agent.api.errors import abort_with
from edge_agent.services import write_offs
from edge_agent.services.context import StoreContext
from edge_agent.store.write_offs import StoreWriteOffRow

SERVICE_NAME = write_offs_pb2.DESCRIPTOR.services_by_name["StoreWriteOffs"].full_name
STATES = ("done", "pending", "rejected")


def store_write_off_pb(row: StoreWriteOffRow) -> write_offs_pb2.StoreWriteOff:
    return write_offs_pb2.StoreWriteOff(
        write_off_id=row.write_off_id,
        origin=row.origin,
        state=row.state,
        reason=row.reason,
        note=row.note,
        lines=[
            write_offs_pb2.WriteOffLine(
                sku=ln.sku,
                qty_base=ln.qty_base,
                unit_cost_minor=ln.unit_cost_minor,
                value_minor=ln.value_minor,
            )
            for ln in row.lines
        ],
        value_minor=row.value_minor,
        requested_by=row.requested_by,
        requested_at_ms=row.requested_at_ms,
        decided_by=row.decided_by,
        decision_note=row.decision_note,
        seq=row.seq,
        request_seq=row.request_seq,
    )


class StoreWriteOffsServicer(write_offs_pb2_grpc.StoreWriteOffsServicer):
    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx

    async def _run(self, context: grpc.aio.ServicerContext, fn: Callable[..., Any], *args: Any):
        try:
            return await asyncio.to_thread(fn, *args)
        except StoreLedgerError as exc:
            await abort_with(context, exc)
            raise

    async def WriteOffStock(self, request, context):  # noqa: N802
        result = await self._run(
            context,
            write_offs.write_off_stock,
            self._ctx,
            [(item.sku, item.qty_base) for item in request.items],
            request.reason,
            request.note,
            request.actor,
        )
        return write_offs_pb2.StoreWriteOffReply(
            write_off=store_write_off_pb(result.row), threshold_minor=result.threshold_minor
        )

    async def ListStoreWriteOffs(self, request, context):  # noqa: N802
        if request.state and request.state not in STATES:
            await context.abort(
                grpc.StatusCode.INVALID_ARGUMENT,
                f"write-off state {request.state!r} is not one of {', '.join(STATES)}",
            )
        rows, threshold = await self._run(
            context, write_offs.list_write_offs, self._ctx, request.state
        )
        return write_offs_pb2.ListStoreWriteOffsReply(
            write_offs=[store_write_off_pb(r) for r in rows], threshold_minor=threshold
        )


def store_write_offs_service(ctx: StoreContext) -> tuple[Any, Any, str]:
    """The STORE_SERVICES factory (edge_agent.api.server)."""
    return (
        write_offs_pb2_grpc.add_StoreWriteOffsServicer_to_server,
        StoreWriteOffsServicer(ctx),
        SERVICE_NAME,
    )
