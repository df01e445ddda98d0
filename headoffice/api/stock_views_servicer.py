"""StockViews: hoctl stock and hoctl stock card; each method unpacks, calls one service, packs."""

from __future__ import annotations

import asyncio

from common.pb.storeledger.v1 import stock_views_pb2_grpc
from headoffice.api.auth import Authorizer, authorised
from headoffice.api.messages.stock_views import (
    chain_totals_reply,
    selection_of,
    stock_card_reply,
    stock_page_reply,
)
from headoffice.domain.roles import Permission, Staff
from headoffice.services.ports import UnitOfWorkFactory
from headoffice.services.stock_views import chain_totals, list_stock, stock_card


class StockViewsServicer(stock_views_pb2_grpc.StockViewsServicer):
    def __init__(self, new_uow: UnitOfWorkFactory, auth: Authorizer) -> None:
        self._new_uow = new_uow
        self._auth = auth

    @authorised(Permission.STOCK_READ)
    async def ListStock(self, request, context, staff: Staff):  # noqa: N802
        page = await asyncio.to_thread(
            list_stock, self._new_uow(), staff, selection_of(request.selection),
            request.page_token, request.page_size,
        )  # fmt: skip
        return stock_page_reply(page)

    @authorised(Permission.STOCK_READ)
    async def ChainTotals(self, request, context, staff: Staff):  # noqa: N802
        result = await asyncio.to_thread(
            chain_totals, self._new_uow(), staff, selection_of(request.selection)
        )
        return chain_totals_reply(result)

    @authorised(Permission.STOCK_READ)
    async def StockCard(self, request, context, staff: Staff):  # noqa: N802
        card = await asyncio.to_thread(
            stock_card, self._new_uow(), staff, request.store_code, request.sku,
            request.since_ms, request.until_ms, request.after_seq, request.limit,
        )  # fmt: skip
        return stock_card_reply(card)
