"""In-memory stock views over the fake levels, products and movements.

Part of tests/unit/headoffice/fakes.py's FakeUnitOfWork; mirrors
headoffice/store/stock_views_repo.py.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

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
from tests.unit.headoffice.fake_tables import MovementRecord, Tables


def _in_category(category: str, wanted: str) -> bool:
    return category == wanted or category.startswith(wanted + CATEGORY_SEPARATOR)


class FakeStockViews:
    def __init__(self, tables: Tables) -> None:
        self._t = tables

    def _rows(self, selection: Selection, visible: Collection[str] | None) -> Iterator[StockLevel]:
        """The levels a selection covers, with their product, in (store, sku) order."""
        matching: set[str] | None = None
        if selection.search:
            needle = selection.search.lower()
            matching = {
                p.sku
                for p in self._t.products.values()
                if needle in p.name.lower() or needle in p.sku.lower()
                or selection.search in p.barcodes
            }  # fmt: skip
        for (store, sku), pos in sorted(self._t.levels.items()):
            product = self._t.products.get(sku)
            name, category, unit = (
                (product.name, product.category, product.unit) if product else ("", "", "")
            )
            if (
                (selection.store_code and store != selection.store_code)
                or (visible is not None and store not in visible)
                or (selection.sku and sku != selection.sku)
                or (selection.category and not (product and _in_category(category, selection.category)))
                or (matching is not None and sku not in matching)
                or (selection.level_filter is LevelFilter.NEGATIVE and pos.qty_base >= 0)
                or (selection.level_filter is LevelFilter.ZERO and pos.qty_base != 0)
            ):  # fmt: skip
                continue
            yield StockLevel(store, sku, name, category, unit, pos.qty_base, pos.avg_cost_minor)

    def level_page(
        self,
        selection: Selection,
        visible_stores: Collection[str] | None,
        after: tuple[str, str] | None,
        limit: int,
    ) -> list[StockLevel]:
        rows = [
            r
            for r in self._rows(selection, visible_stores)
            if after is None or (r.store_code, r.sku) > after
        ]
        return rows[:limit]

    def level_totals(
        self, selection: Selection, visible_stores: Collection[str] | None
    ) -> StockTotals:
        rows = list(self._rows(selection, visible_stores))
        return StockTotals(
            lines=len(rows),
            qty_base=sum(r.qty_base for r in rows),
            value_minor=sum(r.qty_base * r.avg_cost_minor for r in rows),
            negative_lines=sum(1 for r in rows if r.qty_base < 0),
            zero_lines=sum(1 for r in rows if r.qty_base == 0),
        )

    def sku_totals(
        self, selection: Selection, visible_stores: Collection[str] | None
    ) -> list[SkuTotal]:
        per_sku: dict[str, list[StockLevel]] = {}
        for row in self._rows(selection, visible_stores):
            per_sku.setdefault(row.sku, []).append(row)
        return [
            SkuTotal(
                sku,
                rows[0].name,
                rows[0].category,
                rows[0].unit,
                len(rows),
                sum(r.qty_base for r in rows),
                sum(r.qty_base * r.avg_cost_minor for r in rows),
                sum(1 for r in rows if r.qty_base < 0),
                sum(1 for r in rows if r.qty_base == 0),
            )  # fmt: skip
            for sku, rows in sorted(per_sku.items())
        ]

    def category_known(self, category: str) -> bool:
        return any(_in_category(p.category, category) for p in self._t.products.values())

    def level(self, store_code: str, sku: str) -> tuple[int, int] | None:
        pos = self._t.levels.get((store_code, sku))
        return None if pos is None else (pos.qty_base, pos.avg_cost_minor)

    def sku_has_levels(self, sku: str) -> bool:
        return any(s == sku for _, s in self._t.levels)

    def product_name_unit(self, sku: str) -> tuple[str, str] | None:
        product = self._t.products.get(sku)
        return None if product is None else (product.name, product.unit)

    def _card(self, store_code: str, sku: str) -> list[MovementRecord]:
        found = [m for m in self._t.movements if m.store_code == store_code and m.sku == sku]
        return sorted(found, key=lambda m: (m.seq, m.id))

    def qty_before(self, store_code: str, sku: str, window: CardWindow, after_seq: int) -> int:
        def opens(m: MovementRecord) -> bool:
            if m.occurred_at_ms < window.since_ms:
                return True
            return m.seq <= after_seq and (
                not window.until_ms or m.occurred_at_ms < window.until_ms
            )

        return sum(m.qty_base for m in self._card(store_code, sku) if opens(m))

    def card_movements(
        self, store_code: str, sku: str, window: CardWindow, after_seq: int, limit: int
    ) -> list[CardMovement]:
        rows = [
            CardMovement(
                m.seq,
                m.occurred_at_ms,
                m.document_type,
                m.document_id,
                m.actor,
                m.reason,
                m.qty_base,
                m.unit_cost_minor,
            )  # fmt: skip
            for m in self._card(store_code, sku)
            if m.seq > after_seq
            and (not window.since_ms or m.occurred_at_ms >= window.since_ms)
            and (not window.until_ms or m.occurred_at_ms < window.until_ms)
        ]
        return rows[:limit]

    def has_movements(self, store_code: str, sku: str) -> bool:
        return bool(self._card(store_code, sku))
