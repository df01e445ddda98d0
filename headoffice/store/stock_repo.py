"""Reading stock levels with the product they are of, for reports."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from headoffice.store.tables import products, stock_levels


@dataclass(frozen=True, slots=True)
class StockLevelRow:
    store_code: str
    sku: str
    name: str
    category: str
    unit: str
    qty_base: int
    avg_cost_minor: int


class StockRepository:
    """Stock levels with their products, for reports, on the unit of work's connection."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def stock_rows(
        self,
        store_code: str = "",
        sku: str = "",
        category: str = "",
        negative_only: bool = False,
    ) -> list[StockLevelRow]:
        query = sa.select(
            stock_levels.c.store_code,
            stock_levels.c.sku,
            sa.func.coalesce(products.c.name, "").label("name"),
            sa.func.coalesce(products.c.category, "").label("category"),
            sa.func.coalesce(products.c.unit, "").label("unit"),
            stock_levels.c.qty_base,
            stock_levels.c.avg_cost_minor,
        ).select_from(stock_levels.outerjoin(products, products.c.sku == stock_levels.c.sku))
        if store_code:
            query = query.where(stock_levels.c.store_code == store_code)
        if sku:
            query = query.where(stock_levels.c.sku == sku)
        if category:
            query = query.where(products.c.category == category)
        if negative_only:
            query = query.where(stock_levels.c.qty_base < 0)
        query = query.order_by(stock_levels.c.store_code, stock_levels.c.sku)
        return [
            StockLevelRow(
                store_code=row.store_code,
                sku=row.sku,
                name=row.name,
                category=row.category,
                unit=row.unit,
                qty_base=int(row.qty_base),
                avg_cost_minor=int(row.avg_cost_minor),
            )
            for row in self._conn.execute(query)
        ]
