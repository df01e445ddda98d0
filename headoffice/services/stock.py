"""Stock reports and balances as of a sequence."""

from __future__ import annotations

from dataclasses import dataclass

from headoffice.domain.errors import NotYetCommitted, UnknownProduct, UnknownStore
from headoffice.services.ports import UnitOfWorkPort


@dataclass(frozen=True, slots=True)
class StockView:
    store_code: str
    sku: str
    name: str
    category: str
    unit: str
    qty_base: int
    unit_cost_minor: int
    value_minor: int


def query_stock(
    uow: UnitOfWorkPort,
    store_code: str = "",
    sku: str = "",
    category: str = "",
    negative_only: bool = False,
) -> list[StockView]:
    """Levels with their moving-average cost and value (qty x average), by store then SKU."""
    with uow:
        if store_code and uow.stores.get_store(store_code) is None:
            raise UnknownStore(store_code)
        if sku and not uow.catalogue.products_by_sku([sku]):
            raise UnknownProduct(f"SKU {sku}")
        if category and not uow.catalogue.category_exists(category):
            raise UnknownProduct(f"category {category!r}")
        rows = uow.stock.stock_rows(store_code, sku, category, negative_only)
    return [
        StockView(
            store_code=r.store_code,
            sku=r.sku,
            name=r.name,
            category=r.category,
            unit=r.unit,
            qty_base=r.qty_base,
            unit_cost_minor=r.avg_cost_minor,
            value_minor=r.qty_base * r.avg_cost_minor,
        )
        for r in rows
    ]


def balances_as_of(uow: UnitOfWorkPort, store_code: str, seq: int) -> tuple[int, dict[str, int]]:
    """(last committed seq, {sku: qty}) as of `seq`: current levels minus later movements.

    Exact because levels change only with movements in the same transaction.
    Refuses a sequence head office has not committed yet.
    """
    with uow:
        sync = uow.stores.lock_sync_row(store_code)
        if sync is None:
            raise UnknownStore(store_code)
        if seq > sync.last_seq:
            raise NotYetCommitted(store_code, sync.last_seq, seq)
        balances = uow.levels.levels(store_code)
        for sku, qty in uow.levels.movement_sums_after(store_code, seq).items():
            balances[sku] = balances.get(sku, 0) - qty
    return sync.last_seq, {sku: qty for sku, qty in balances.items() if qty != 0}
