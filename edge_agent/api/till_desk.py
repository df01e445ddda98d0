"""The Till RPCs beside selling: approvals, voids, no-sales, deliveries, stock and status."""

from __future__ import annotations

from common.pb.storeledger.v1 import till_pb2
from edge_agent.api.messages import till as m
from edge_agent.api.till_base import TillBase
from edge_agent.services import approving, queries, receiving, till_actions


class DeskRpcs(TillBase):
    async def Approve(self, request, context) -> till_pb2.ApproveReply:
        granted = await self._wrote(
            approving.approve,
            request.till_id,
            request.cashier,
            request.manager,
            request.pin,
            request.action,
            request.details,
        )
        return till_pb2.ApproveReply(
            approval_id=granted.approval_id, expires_at_ms=granted.expires_at_ms
        )

    async def VoidCart(self, request, context) -> till_pb2.VoidCartReply:
        seq = await self._wrote(
            till_actions.void_cart,
            request.till_id,
            request.cashier,
            request.scope,
            m.voided_lines(request.lines),
            request.approval_id,
        )
        return till_pb2.VoidCartReply(seq=seq)

    async def NoSale(self, request, context) -> till_pb2.PrintOutcome:
        await self._wrote(
            till_actions.no_sale,
            request.till_id,
            request.cashier,
            request.approval_id,
            request.reason,
        )
        return m.print_outcome(await self._open_drawer(request.till_id))

    async def Receive(self, request, context) -> till_pb2.ReceiveReply:
        result = await self._wrote(
            receiving.receive,
            request.supplier_ref,
            m.delivery_items(request.items),
            request.actor,
            request.idempotency_key,
        )
        return m.receive_reply(result)

    async def GetStock(self, request, context) -> till_pb2.TillStockReply:
        return m.stock_reply(await self._call(queries.stock, request.sku))

    async def GetStatus(self, request, context) -> till_pb2.TillStatusReply:
        ledger = await self._call(queries.status)
        health = getattr(self._ctx.db, "health", None)  # tests' fake ledgers have none
        return m.status_reply(
            ledger, self._link.connected, self._link.refusal,
            health.refusing_since_ms if health is not None else 0,
        )  # fmt: skip
