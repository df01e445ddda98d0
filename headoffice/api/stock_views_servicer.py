"""StockViews: hoctl stock and hoctl stock card; each method unpacks, calls one service, packs."""

from __future__ import annotations

import asyncio

from common.domain.money import DEFAULT_CURRENCY
from common.pb.storeledger.v1 import stock_views_pb2, stock_views_pb2_grpc
from headoffice.api.auth import Authorizer, authorised
from headoffice.domain.roles import Permission, Staff
from headoffice.domain.stock_views import LevelFilter, Selection, StockLevel, StockTotals
from headoffice.services.ports import UnitOfWorkFactory
from headoffice.services.stock_views import chain_totals, list_stock, stock_card, value_of

_FILTERS = {
    stock_views_pb2.STOCK_LEVEL_FILTER_ALL: LevelFilter.ALL,
    stock_views_pb2.STOCK_LEVEL_FILTER_NEGATIVE: LevelFilter.NEGATIVE,
    stock_views_pb2.STOCK_LEVEL_FILTER_ZERO: LevelFilter.ZERO,
}


def selection_of(message: stock_views_pb2.StockSelection) -> Selection:
    return Selection(
        store_code=message.store_code,
        category=message.category,
        search=message.search,
        sku=message.sku,
        level_filter=_FILTERS.get(message.filter, LevelFilter.ALL),
    )


def totals_message(totals: StockTotals) -> stock_views_pb2.StockTotals:
    return stock_views_pb2.StockTotals(
        lines=totals.lines,
        qty_base=totals.qty_base,
        value_minor=totals.value_minor,
        negative_lines=totals.negative_lines,
        zero_lines=totals.zero_lines,
    )


def add_lines(reply: stock_views_pb2.ListStockReply, rows: list[StockLevel]) -> None:
    """Append the rows as StockLines field by field: 2.5x faster than keyword construction
    for a store's 10,000 levels (upb), which is most of ListStock's own time."""
    lines = reply.lines
    for row in rows:
        line = lines.add()
        line.store_code = row.store_code
        line.sku = row.sku
        line.name = row.name
        line.category = row.category
        line.unit = row.unit
        line.qty_base = row.qty_base
        line.unit_cost_minor = row.avg_cost_minor
        line.value_minor = value_of(row)


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
        reply = stock_views_pb2.ListStockReply(
            next_page_token=page.next_page_token, currency=DEFAULT_CURRENCY
        )
        add_lines(reply, page.lines)
        if page.totals is not None:
            reply.totals.CopyFrom(totals_message(page.totals))
        return reply

    @authorised(Permission.STOCK_READ)
    async def ChainTotals(self, request, context, staff: Staff):  # noqa: N802
        result = await asyncio.to_thread(
            chain_totals, self._new_uow(), staff, selection_of(request.selection)
        )
        return stock_views_pb2.ChainTotalsReply(
            lines=[
                stock_views_pb2.SkuTotal(
                    sku=r.sku,
                    name=r.name,
                    category=r.category,
                    unit=r.unit,
                    stores=r.stores,
                    qty_base=r.qty_base,
                    value_minor=r.value_minor,
                )
                for r in result.lines
            ],
            totals=totals_message(result.totals),
            currency=DEFAULT_CURRENCY,
        )

    @authorised(Permission.STOCK_READ)
    async def StockCard(self, request, context, staff: Staff):  # noqa: N802
        card = await asyncio.to_thread(
            stock_card, self._new_uow(), staff, request.store_code, request.sku,
            request.since_ms, request.until_ms, request.after_seq, request.limit,
        )  # fmt: skip
        return stock_views_pb2.StockCardReply(
            store_code=card.store_code,
            sku=card.sku,
            name=card.name,
            unit=card.unit,
            opening_qty_base=card.opening_qty_base,
            movements=[
                stock_views_pb2.CardMovement(
                    seq=line.movement.seq,
                    occurred_at_ms=line.movement.occurred_at_ms,
                    document_type=line.movement.document_type,
                    document_id=line.movement.document_id,
                    actor=line.movement.actor,
                    reason=line.movement.reason,
                    qty_base=line.movement.qty_base,
                    unit_cost_minor=line.movement.unit_cost_minor,
                    balance_qty_base=line.balance_qty_base,
                )
                for line in card.lines
            ],
            next_after_seq=card.next_after_seq,
            level_qty_base=card.level_qty_base,
            unit_cost_minor=card.unit_cost_minor,
            currency=DEFAULT_CURRENCY,
        )
