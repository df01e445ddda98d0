"""The SQL of the stock views: levels with their product, chain totals, a SKU's movements.

Levels are read in primary-key order (store_code, sku) and paged by keyset, so
one store's page is an index range scan. Chain totals per SKU are answered
from ix_stock_levels_sku_store (migration 0004) without touching the table on
PostgreSQL. Value is qty_base x avg_cost_minor summed in the database as
integers (PostgreSQL sums bigint into numeric, so no overflow).
"""

from __future__ import annotations

from collections.abc import Collection

import sqlalchemy as sa

from headoffice.domain.stock_views import (
    CATEGORY_SEPARATOR,
    CardMovement,
    CardWindow,
    LevelFilter,
    Selection,
    SkuTotal,
    StockLevel,
    StockTotals,
)
from headoffice.store.tables import barcodes, movements, products, stock_levels

_LEVELS = stock_levels.outerjoin(products, products.c.sku == stock_levels.c.sku)


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _where(
    selection: Selection, visible_stores: Collection[str] | None
) -> list[sa.ColumnElement[bool]]:
    """The conditions of a selection on _LEVELS; visible_stores None means every store."""
    where: list[sa.ColumnElement[bool]] = []
    if selection.store_code:
        where.append(stock_levels.c.store_code == selection.store_code)
    if visible_stores is not None:
        where.append(stock_levels.c.store_code.in_(sorted(visible_stores)))
    if selection.sku:
        where.append(stock_levels.c.sku == selection.sku)
    if selection.category:
        below = _like_escape(selection.category + CATEGORY_SEPARATOR) + "%"
        where.append(
            sa.or_(
                products.c.category == selection.category,
                products.c.category.like(below, escape="\\"),
            )
        )
    if selection.search:
        # The matching SKUs come from the catalogue (10,000s of rows), then their levels
        # by index: never a pattern match against every level of the chain.
        pattern = "%" + _like_escape(selection.search) + "%"
        matching = sa.union(
            sa.select(products.c.sku).where(
                sa.or_(
                    products.c.name.ilike(pattern, escape="\\"),
                    products.c.sku.ilike(pattern, escape="\\"),
                )
            ),
            sa.select(barcodes.c.sku).where(barcodes.c.barcode == selection.search),
        )
        where.append(stock_levels.c.sku.in_(matching.scalar_subquery()))
    if selection.level_filter is LevelFilter.NEGATIVE:
        where.append(stock_levels.c.qty_base < 0)
    elif selection.level_filter is LevelFilter.ZERO:
        where.append(stock_levels.c.qty_base == 0)
    return where


def _value() -> sa.ColumnElement[int]:
    return stock_levels.c.qty_base * stock_levels.c.avg_cost_minor


def _count_where(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
    # An aggregate FILTER clause: PostgreSQL, and SQLite since 3.30.
    return sa.func.count().filter(condition)


def _card_where(store_code: str, sku: str) -> list[sa.ColumnElement[bool]]:
    return [movements.c.store_code == store_code, movements.c.sku == sku]


class StockViewsRepository:
    """The stock views' reads on the unit of work's connection."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def level_page(
        self,
        selection: Selection,
        visible_stores: Collection[str] | None,
        after: tuple[str, str] | None,
        limit: int,
    ) -> list[StockLevel]:
        """Up to `limit` levels after the (store, sku) `after`, in (store, sku) order."""
        query = sa.select(
            stock_levels.c.store_code,
            stock_levels.c.sku,
            sa.func.coalesce(products.c.name, "").label("name"),
            sa.func.coalesce(products.c.category, "").label("category"),
            sa.func.coalesce(products.c.unit, "").label("unit"),
            stock_levels.c.qty_base,
            stock_levels.c.avg_cost_minor,
        ).select_from(_LEVELS)
        where = _where(selection, visible_stores)
        if after is not None:
            where.append(
                sa.tuple_(stock_levels.c.store_code, stock_levels.c.sku) > sa.tuple_(*after)
            )
        query = query.where(*where).order_by(stock_levels.c.store_code, stock_levels.c.sku)
        # fetchall, not row-by-row iteration: a store's 10,000 levels in one go.
        return list(map(StockLevel._make, self._conn.execute(query.limit(limit)).all()))

    def level_totals(
        self, selection: Selection, visible_stores: Collection[str] | None
    ) -> StockTotals:
        query = (
            sa.select(
                sa.func.count(),
                sa.func.coalesce(sa.func.sum(stock_levels.c.qty_base), 0),
                sa.func.coalesce(sa.func.sum(_value()), 0),
                _count_where(stock_levels.c.qty_base < 0),
                _count_where(stock_levels.c.qty_base == 0),
            )
            .select_from(_LEVELS)
            .where(*_where(selection, visible_stores))
        )
        row = self._conn.execute(query).one()
        return StockTotals(*(int(v) for v in row))

    def sku_totals(
        self, selection: Selection, visible_stores: Collection[str] | None
    ) -> list[SkuTotal]:
        """Per SKU: how many stores hold a level, the summed quantity and value.

        Grouped by SKU alone and named afterwards: the levels arrive in SKU order
        from the index, so PostgreSQL aggregates without sorting a million rows.
        """
        per_sku = (
            sa.select(
                stock_levels.c.sku.label("sku"),
                sa.func.count().label("stores"),
                sa.func.sum(stock_levels.c.qty_base).label("qty_base"),
                sa.func.sum(_value()).label("value_minor"),
                _count_where(stock_levels.c.qty_base < 0).label("negative_lines"),
                _count_where(stock_levels.c.qty_base == 0).label("zero_lines"),
            )
            .select_from(_LEVELS)
            .where(*_where(selection, visible_stores))
            .group_by(stock_levels.c.sku)
            .subquery()
        )
        query = (
            sa.select(
                per_sku.c.sku,
                sa.func.coalesce(products.c.name, ""),
                sa.func.coalesce(products.c.category, ""),
                sa.func.coalesce(products.c.unit, ""),
                per_sku.c.stores,
                per_sku.c.qty_base,
                per_sku.c.value_minor,
                per_sku.c.negative_lines,
                per_sku.c.zero_lines,
            )
            .select_from(per_sku.outerjoin(products, products.c.sku == per_sku.c.sku))
            .order_by(per_sku.c.sku)
        )
        return [
            SkuTotal(r[0], r[1], r[2], r[3], int(r[4]), int(r[5]), int(r[6]), int(r[7]), int(r[8]))
            for r in self._conn.execute(query)
        ]

    def category_known(self, category: str) -> bool:
        """True when some product is in `category` or below it."""
        below = _like_escape(category + CATEGORY_SEPARATOR) + "%"
        query = (
            sa.select(products.c.sku)
            .where(sa.or_(products.c.category == category, products.c.category.like(below, "\\")))
            .limit(1)
        )
        return self._conn.execute(query).first() is not None

    def level(self, store_code: str, sku: str) -> tuple[int, int] | None:
        """(qty_base, avg_cost_minor) of one level, None when the store never held the SKU."""
        row = self._conn.execute(
            sa.select(stock_levels.c.qty_base, stock_levels.c.avg_cost_minor).where(
                stock_levels.c.store_code == store_code, stock_levels.c.sku == sku
            )
        ).first()
        return (int(row[0]), int(row[1])) if row is not None else None

    def sku_has_levels(self, sku: str) -> bool:
        """True when some store holds a level of `sku` (it may since have left the catalogue)."""
        query = sa.select(stock_levels.c.store_code).where(stock_levels.c.sku == sku).limit(1)
        return self._conn.execute(query).first() is not None

    def product_name_unit(self, sku: str) -> tuple[str, str] | None:
        row = self._conn.execute(
            sa.select(products.c.name, products.c.unit).where(products.c.sku == sku)
        ).first()
        return (row[0], row[1]) if row is not None else None

    def qty_before(self, store_code: str, sku: str, window: CardWindow, after_seq: int) -> int:
        """The balance a card page opens with: movements before the window, and in it up to after_seq."""
        before = movements.c.occurred_at_ms < window.since_ms
        in_window = [movements.c.occurred_at_ms >= window.since_ms, movements.c.seq <= after_seq]
        if window.until_ms:
            in_window.append(movements.c.occurred_at_ms < window.until_ms)
        query = sa.select(sa.func.coalesce(sa.func.sum(movements.c.qty_base), 0)).where(
            *_card_where(store_code, sku), sa.or_(before, sa.and_(*in_window))
        )
        return int(self._conn.execute(query).scalar_one())

    def card_movements(
        self, store_code: str, sku: str, window: CardWindow, after_seq: int, limit: int
    ) -> list[CardMovement]:
        where = [*_card_where(store_code, sku), movements.c.seq > after_seq]
        if window.since_ms:
            where.append(movements.c.occurred_at_ms >= window.since_ms)
        if window.until_ms:
            where.append(movements.c.occurred_at_ms < window.until_ms)
        query = (
            sa.select(
                movements.c.seq,
                movements.c.occurred_at_ms,
                movements.c.document_type,
                movements.c.document_id,
                movements.c.actor,
                movements.c.reason,
                movements.c.qty_base,
                movements.c.unit_cost_minor,
            )
            .where(*where)
            .order_by(movements.c.seq, movements.c.id)
            .limit(limit)
        )
        return [
            CardMovement(int(r[0]), int(r[1]), r[2], r[3], r[4], r[5], int(r[6]), int(r[7]))
            for r in self._conn.execute(query)
        ]

    def has_movements(self, store_code: str, sku: str) -> bool:
        query = sa.select(movements.c.id).where(*_card_where(store_code, sku)).limit(1)
        return self._conn.execute(query).first() is not None
