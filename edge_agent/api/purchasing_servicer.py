"""StorePurchasing on the agent's socket (pos po, pos receive --po, pos supplier-return):
unpack, call one service in a thread, pack the reply."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import grpc

from common.pb.storeledger.v1 import purchasing_pb2, purchasing_pb2_grpc
from edge_agent.api.messages import purchasing as m
from edge_agent.services import purchasing
from edge_agent.services.context import StoreContext

SERVICE_NAME = purchasing_pb2.DESCRIPTOR.services_by_name["StorePurchasing"].full_name


class StorePurchasingServicer(purchasing_pb2_grpc.StorePurchasingServicer):
    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx

    async def ListExpectedOrders(self, request, context):  # noqa: N802
        orders = await asyncio.to_thread(
            purchasing.expected_orders, self._ctx, request.include_finished
        )
        return purchasing_pb2.ListExpectedOrdersReply(orders=[m.order_pb(o) for o in orders])

    async def ReceiveOrder(self, request, context):  # noqa: N802
        result = await asyncio.to_thread(
            purchasing.receive_against_order,
            self._ctx,
            request.po_id,
            m.receive_items(request.items),
            request.allow_over,
            request.actor,
            request.supplier_ref,
            request.idempotency_key,
            dict(request.expiry_dates),
        )
        return m.receive_order_reply(result)

    async def ReturnToSupplier(self, request, context):  # noqa: N802
        result = await asyncio.to_thread(
            purchasing.return_to_supplier,
            self._ctx,
            request.supplier_code,
            m.return_lines(request.lines),
            request.reason,
            request.actor,
            request.idempotency_key,
        )
        return m.return_to_supplier_reply(result)


def purchasing_service(
    ctx: StoreContext,
) -> tuple[Callable[[Any, grpc.aio.Server], None], StorePurchasingServicer, str]:
    """The STORE_SERVICES factory (edge_agent.api.server)."""
    return (
        purchasing_pb2_grpc.add_StorePurchasingServicer_to_server,
        StorePurchasingServicer(ctx),
        SERVICE_NAME,
    )
