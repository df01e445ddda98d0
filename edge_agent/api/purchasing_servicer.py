"""StorePurchasing on the agent's socket (pos po, pos receive --po, pos supplier-return):
unpack, call one service in a thread, pack the reply."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import grpc

from common.errors import StoreLedgerError
from common.pb.storeledger.v1 import purchasing_pb2, purchasing_pb2_grpc
from edge_agent.api.errors import abort_with
from edge_agent.domain.purchase_orders import ExpectedOrder, ReceiveItem
from edge_agent.services import purchasing
from edge_agent.services.context import StoreContext

SERVICE_NAME = purchasing_pb2.DESCRIPTOR.services_by_name["StorePurchasing"].full_name


def order_message(order: ExpectedOrder) -> purchasing_pb2.PurchaseOrder:
    return purchasing_pb2.PurchaseOrder(
        po_id=order.po_id,
        supplier_code=order.supplier_code,
        supplier_name=order.supplier_name,
        state=order.state,
        currency=order.currency,
        over_tolerance_pct=order.over_tolerance_pct,
        lines=[
            purchasing_pb2.PurchaseOrderLine(
                line_no=ln.line_no,
                sku=ln.sku,
                name=ln.name,
                qty_ordered=ln.qty_ordered,
                unit_cost_minor=ln.unit_cost_minor,
                qty_received=ln.qty_received,
            )
            for ln in order.lines
        ],
        total_minor=sum(ln.qty_ordered * ln.unit_cost_minor for ln in order.lines),
    )


class StorePurchasingServicer(purchasing_pb2_grpc.StorePurchasingServicer):
    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx

    async def _run(self, context: grpc.aio.ServicerContext, fn: Callable[..., Any], *args: Any):
        try:
            return await asyncio.to_thread(fn, *args)
        except StoreLedgerError as exc:
            await abort_with(context, exc)
            raise

    async def ListExpectedOrders(self, request, context):  # noqa: N802
        orders = await self._run(
            context, purchasing.expected_orders, self._ctx, request.include_finished
        )
        return purchasing_pb2.ListExpectedOrdersReply(orders=[order_message(o) for o in orders])

    async def ReceiveOrder(self, request, context):  # noqa: N802
        items = [
            ReceiveItem(
                i.sku,
                i.qty_base,
                i.unit_cost_minor if i.HasField("unit_cost_minor") else None,
            )
            for i in request.items
        ]
        result = await self._run(
            context,
            purchasing.receive_against_order,
            self._ctx,
            request.po_id,
            items,
            request.allow_over,
            request.actor,
            request.supplier_ref,
            request.idempotency_key,
        )
        return purchasing_pb2.ReceiveOrderReply(
            seq=result.seq,
            receipt_id=result.receipt.receipt_id,
            lines=[
                purchasing_pb2.ReceivedLine(
                    sku=ln.sku, qty_base=ln.qty_base, unit_cost_minor=ln.unit_cost_minor
                )
                for ln in result.receipt.lines
            ],
            order=order_message(result.order),
            warnings=result.warnings,
        )

    async def ReturnToSupplier(self, request, context):  # noqa: N802
        result = await self._run(
            context,
            purchasing.return_to_supplier,
            self._ctx,
            request.supplier_code,
            [(ln.sku, ln.qty_base) for ln in request.lines],
            request.reason,
            request.actor,
            request.idempotency_key,
        )
        return purchasing_pb2.ReturnToSupplierReply(
            seq=result.seq, supplier_return=result.supplier_return
        )


def purchasing_service(
    ctx: StoreContext,
) -> tuple[Callable[[Any, grpc.aio.Server], None], StorePurchasingServicer, str]:
    """The STORE_SERVICES factory (edge_agent.api.server)."""
    return (
        purchasing_pb2_grpc.add_StorePurchasingServicer_to_server,
        StorePurchasingServicer(ctx),
        SERVICE_NAME,
    )
