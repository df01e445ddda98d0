"""Stock views: a selection in; level pages, chain totals and stock cards out (hoctl stock)."""

from __future__ import annotations

from common.domain.money import DEFAULT_CURRENCY
from common.pb.storeledger.v1 import stock_views_pb2
from headoffice.domain.stock_views import LevelFilter, Selection, StockLevel, StockTotals
from headoffice.services.stock_views import ChainTotals, StockCard, StockPage, value_of

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


def _add_lines(reply: stock_views_pb2.ListStockReply, levels: list[StockLevel]) -> None:
    """Append the levels as StockLines field by field: 2.5x faster than keyword construction
    for a store's 10,000 levels (upb), which is most of ListStock's own time."""
    lines = reply.lines
    for level in levels:
        line = lines.add()
        line.store_code = level.store_code
        line.sku = level.sku
        line.name = level.name
        line.category = level.category
        line.unit = level.unit
        line.qty_base = level.qty_base
        line.unit_cost_minor = level.avg_cost_minor
        line.value_minor = value_of(level)


def stock_page_reply(page: StockPage) -> stock_views_pb2.ListStockReply:
    reply = stock_views_pb2.ListStockReply(
        next_page_token=page.next_page_token, currency=DEFAULT_CURRENCY
    )
    _add_lines(reply, page.lines)
    if page.totals is not None:
        reply.totals.CopyFrom(totals_message(page.totals))
    return reply


def chain_totals_reply(result: ChainTotals) -> stock_views_pb2.ChainTotalsReply:
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


def stock_card_reply(card: StockCard) -> stock_views_pb2.StockCardReply:
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
