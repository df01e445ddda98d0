"""Stock views, one function per question: list levels, chain totals, a stock card.

Each takes the calling staff user: a store manager asking about another store
is refused, and a view over every store covers only the stores they manage.
In-transit stock (transfers shipped, not yet received) belongs to the
transfers area; StockLine.in_transit_qty_base is reserved for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from headoffice.domain.errors import UnknownProduct, UnknownStore
from headoffice.domain.roles import Staff
from headoffice.domain.stock_views import (
    DEFAULT_CARD_PAGE,
    MAX_CARD_PAGE,
    CardMovement,
    Selection,
    SkuTotal,
    StockLevel,
    StockTotals,
    check_card_window,
    check_selection,
    page_size,
    page_token,
    parse_page_token,
    running_balances,
    stock_value,
)
from headoffice.services.ports import UnitOfWorkPort


@dataclass(frozen=True)
class StockPage:
    lines: list[StockLevel]
    totals: StockTotals | None  # the whole selection's, with the first page only
    next_page_token: str


@dataclass(frozen=True)
class ChainTotals:
    lines: list[SkuTotal]
    totals: StockTotals


@dataclass(frozen=True)
class CardLine:
    movement: CardMovement
    balance_qty_base: int


@dataclass(frozen=True)
class StockCard:
    store_code: str
    sku: str
    name: str
    unit: str
    opening_qty_base: int
    lines: list[CardLine]
    next_after_seq: int
    level_qty_base: int
    unit_cost_minor: int


def _scope(uow: UnitOfWorkPort, staff: Staff, selection: Selection) -> frozenset[str] | None:
    """The stores the caller may see (None: all); refuses an unknown or someone else's store."""
    if selection.store_code:
        staff.check_store(selection.store_code)
        if uow.stores.get_store(selection.store_code) is None:
            raise UnknownStore(selection.store_code)
    return None if staff.chain_wide else staff.stores


def _check_names(uow: UnitOfWorkPort, selection: Selection) -> None:
    if selection.category and not uow.stock_views.category_known(selection.category):
        raise UnknownProduct(category=selection.category)
    if (
        selection.sku
        and uow.stock_views.product_name_unit(selection.sku) is None
        and not uow.stock_views.sku_has_levels(selection.sku)
    ):
        raise UnknownProduct(selection.sku)


def list_stock(
    uow: UnitOfWorkPort, staff: Staff, selection: Selection, token: str = "", size: int = 0
) -> StockPage:
    """One page of levels with their moving-average cost and value, by store then SKU."""
    selection = check_selection(selection)
    limit = page_size(size)
    after = parse_page_token(token)
    with uow:
        visible = _scope(uow, staff, selection)
        _check_names(uow, selection)
        rows = uow.stock_views.level_page(selection, visible, after, limit + 1)
        more = len(rows) > limit
        rows = rows[:limit]
        totals = None
        if after is None:
            # A selection on one page is totalled here rather than read twice.
            totals = uow.stock_views.level_totals(selection, visible) if more else _total(rows)
    next_token = page_token(rows[-1].store_code, rows[-1].sku) if more else ""
    return StockPage(rows, totals, next_token)


def _total(rows: list[StockLevel]) -> StockTotals:
    """The page's totals in one pass over its rows (a store's page is 10,000 of them)."""
    qty = value = negative = zero = 0
    for row in rows:
        qty += row.qty_base
        value += value_of(row)
        if row.qty_base < 0:
            negative += 1
        elif row.qty_base == 0:
            zero += 1
    return StockTotals(
        lines=len(rows), qty_base=qty, value_minor=value, negative_lines=negative, zero_lines=zero
    )


def chain_totals(uow: UnitOfWorkPort, staff: Staff, selection: Selection) -> ChainTotals:
    """Per SKU, summed over every store the caller sees (or one store): quantity and value."""
    selection = check_selection(selection)
    with uow:
        visible = _scope(uow, staff, selection)
        _check_names(uow, selection)
        lines = uow.stock_views.sku_totals(selection, visible)
    totals = StockTotals(
        lines=sum(line.stores for line in lines),
        qty_base=sum(line.qty_base for line in lines),
        value_minor=sum(line.value_minor for line in lines),
        negative_lines=sum(line.negative_lines for line in lines),
        zero_lines=sum(line.zero_lines for line in lines),
    )
    return ChainTotals(lines, totals)


def stock_card(
    uow: UnitOfWorkPort,
    staff: Staff,
    store_code: str,
    sku: str,
    since_ms: int = 0,
    until_ms: int = 0,
    after_seq: int = 0,
    limit: int = 0,
) -> StockCard:
    """Every movement of one SKU in one store in journal order, with the running balance."""
    window = check_card_window(since_ms, until_ms)
    limit = page_size(limit, DEFAULT_CARD_PAGE, MAX_CARD_PAGE)
    with uow:
        _scope(uow, staff, Selection(store_code=store_code))
        product = uow.stock_views.product_name_unit(sku)
        level = uow.stock_views.level(store_code, sku)
        if product is None and level is None and not uow.stock_views.has_movements(store_code, sku):
            raise UnknownProduct(sku)
        opening = uow.stock_views.qty_before(store_code, sku, window, after_seq)
        rows = uow.stock_views.card_movements(store_code, sku, window, after_seq, limit + 1)
    rows, next_after = _whole_entries(rows, limit)
    balances = running_balances(opening, (r.qty_base for r in rows))
    name, unit = product or ("", "")
    qty, cost = level or (0, 0)
    return StockCard(
        store_code=store_code,
        sku=sku,
        name=name,
        unit=unit,
        opening_qty_base=opening,
        lines=[CardLine(r, b) for r, b in zip(rows, balances, strict=True)],
        next_after_seq=next_after,
        level_qty_base=qty,
        unit_cost_minor=cost,
    )


def _whole_entries(rows: list[CardMovement], limit: int) -> tuple[list[CardMovement], int]:
    """At most `limit` rows, never splitting one journal entry's movements across pages.

    Pages continue after a sequence number, so a page ending inside an entry
    (a sale with the SKU on two lines) would lose the rest of it.
    """
    if len(rows) <= limit:
        return rows, 0
    page = rows[:limit]
    if rows[limit].seq == page[-1].seq:
        whole = [r for r in page if r.seq != page[-1].seq]
        if whole:
            page = whole
    return page, page[-1].seq


def value_of(line: StockLevel) -> int:
    return stock_value(line.qty_base, line.avg_cost_minor)
