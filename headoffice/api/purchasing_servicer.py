"""Purchasing: the staff service hoctl supplier / po speak; each method unpacks, calls one service, packs."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from common.pb.storeledger.v1 import purchasing_pb2, purchasing_pb2_grpc
from headoffice.api.auth import Authorizer, authorised
from headoffice.api.messages.purchasing import (
    order_items,
    order_message,
    over_tolerance_pct,
    return_message,
    supplier_message,
)
from headoffice.api.streams import DownstreamSignal
from headoffice.domain.purchasing import OrderView
from headoffice.domain.roles import Permission, Staff
from headoffice.services import purchasing
from headoffice.services.ports import UnitOfWorkFactory, UnitOfWorkPort

READ = Permission.PURCHASING_READ
WRITE = Permission.PURCHASING_WRITE


class PurchasingServicer(purchasing_pb2_grpc.PurchasingServicer):
    def __init__(
        self, new_uow: UnitOfWorkFactory, auth: Authorizer, signal: DownstreamSignal
    ) -> None:
        self._new_uow = new_uow
        self._auth = auth
        self._signal = signal

    @authorised(WRITE)
    async def AddSupplier(self, request, context, staff: Staff):  # noqa: N802
        row = await asyncio.to_thread(
            purchasing.add_supplier,
            self._new_uow(),
            staff.username,
            request.code,
            request.name,
            request.contact,
        )
        return supplier_message(row)

    @authorised(READ)
    async def ListSuppliers(self, request, context, staff: Staff):  # noqa: N802
        rows = await asyncio.to_thread(purchasing.list_suppliers, self._new_uow())
        return purchasing_pb2.ListSuppliersReply(suppliers=[supplier_message(r) for r in rows])

    @authorised(WRITE)
    async def CreateOrder(self, request, context, staff: Staff):  # noqa: N802
        view = await asyncio.to_thread(
            purchasing.create_order,
            self._new_uow(),
            staff,
            request.store_code,
            request.supplier_code,
            order_items(request),
            over_tolerance_pct(request),
        )
        return order_message(view)

    @authorised(WRITE)
    async def AddOrderLine(self, request, context, staff: Staff):  # noqa: N802
        line = request.line
        view = await asyncio.to_thread(
            purchasing.add_order_line,
            self._new_uow(),
            staff,
            request.po_id,
            line.sku,
            line.ordered_qty_base,
            line.unit_cost_minor,
        )
        return order_message(view)

    @authorised(WRITE)
    async def RemoveOrderLine(self, request, context, staff: Staff):  # noqa: N802
        view = await asyncio.to_thread(
            purchasing.remove_order_line, self._new_uow(), staff, request.po_id, request.line_no
        )
        return order_message(view)

    async def _step(
        self, step: Callable[[UnitOfWorkPort, Staff, str], OrderView], request: Any, staff: Staff
    ) -> purchasing_pb2.PurchaseOrder:
        view = await asyncio.to_thread(step, self._new_uow(), staff, request.po_id)
        self._signal.notify()  # the store's downstream stream carries the new state
        return order_message(view)

    @authorised(WRITE)
    async def SendOrder(self, request, context, staff: Staff):  # noqa: N802
        return await self._step(purchasing.send_order, request, staff)

    @authorised(WRITE)
    async def CancelOrder(self, request, context, staff: Staff):  # noqa: N802
        return await self._step(purchasing.cancel_order, request, staff)

    @authorised(WRITE)
    async def CloseOrder(self, request, context, staff: Staff):  # noqa: N802
        return await self._step(purchasing.close_order, request, staff)

    @authorised(READ)
    async def GetOrder(self, request, context, staff: Staff):  # noqa: N802
        view = await asyncio.to_thread(purchasing.get_order, self._new_uow(), staff, request.po_id)
        return order_message(view)

    @authorised(READ)
    async def ListOrders(self, request, context, staff: Staff):  # noqa: N802
        views = await asyncio.to_thread(
            purchasing.list_orders, self._new_uow(), staff, request.store_code, request.state
        )
        return purchasing_pb2.ListOrdersReply(orders=[order_message(v) for v in views])

    @authorised(READ)
    async def ListSupplierReturns(self, request, context, staff: Staff):  # noqa: N802
        rows = await asyncio.to_thread(
            purchasing.list_supplier_returns,
            self._new_uow(),
            staff,
            request.store_code,
            request.supplier_code,
        )
        return purchasing_pb2.ListSupplierReturnsReply(returns=[return_message(r) for r in rows])
