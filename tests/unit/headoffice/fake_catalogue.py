"""In-memory repositories of the catalogue and store prices (fakes.py's FakeUnitOfWork).

Each mirrors the SQL of its headoffice/store/*_repo.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from headoffice.domain.catalogue import CatalogueChange, Product, StorePrice
from tests.unit.headoffice.fake_tables import FeedRecord, Tables


class FakeCatalogue:
    def __init__(self, tables: Tables) -> None:
        self._t = tables

    def category_exists(self, category: str) -> bool:
        return any(p.category == category for p in self._t.products.values())

    def products_by_sku(self, skus: Iterable[str] | None = None) -> dict[str, Product]:
        products = self._t.products
        if skus is None:
            return dict(products)
        return {sku: products[sku] for sku in set(skus) if sku in products}

    def costs(self, skus: Iterable[str]) -> dict[str, int]:
        return {sku: p.cost_minor for sku, p in self.products_by_sku(skus).items()}

    def kinds_unless_goods(self, skus: Iterable[str]) -> dict[str, tuple[str, int] | None]:
        products = self._t.products
        return {
            sku: None if (p := products.get(sku)) is None else (p.kind, p.cost_minor)
            for sku in set(skus)
            if sku not in products or products[sku].kind != "goods"
        }

    def components_of(self, skus: Iterable[str]) -> dict[str, list[tuple[str, int]]]:
        return {
            sku: sorted(p.components)
            for sku, p in self.products_by_sku(skus).items()
            if p.components
        }

    def existing_skus(self, skus: Iterable[str]) -> set[str]:
        return set(skus) & set(self._t.products)

    def component_graph(self) -> dict[str, list[str]]:
        return {
            sku: [part for part, _ in p.components]
            for sku, p in self._t.products.items()
            if p.components
        }

    def category_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for p in self._t.products.values():
            counts[p.category] = counts.get(p.category, 0) + 1
        return counts

    def barcode_owners(self, codes: Iterable[str]) -> dict[str, str]:
        wanted = set(codes)
        owners = {}
        for p in self._t.products.values():
            for code in (*p.barcodes, *(pack.barcode for pack in p.packs if pack.barcode)):
                if code in wanted:
                    owners[code] = p.sku
        return owners

    def save_products(self, rows: list[Product], existing: set[str], now_ms: int) -> None:
        for row in rows:
            # Read back as the SQL reads them: barcodes, packs and components sorted.
            self._t.products[row.sku] = replace(
                row,
                barcodes=tuple(sorted(row.barcodes)),
                packs=tuple(sorted(row.packs, key=lambda pack: pack.name)),
                components=tuple(sorted(row.components)),
            )
        for row in rows:
            self._t.feed.append(FeedRecord(self._t.next_id("feed"), row.sku, now_ms))

    def changes_after(self, cursor: int, limit: int = 500) -> list[CatalogueChange]:
        rows = [r for r in self._t.feed if r.cursor > cursor and r.store_code is None][:limit]
        return [
            CatalogueChange(r.cursor, r.created_at_ms, self._t.products[r.sku])
            for r in rows
            if r.sku in self._t.products
        ]


class FakeStorePrices:
    def __init__(self, tables: Tables) -> None:
        self._t = tables

    def price_at(self, store_code: str, sku: str) -> int | None:
        found = self._t.store_prices.get((store_code, sku))
        return None if found is None else found[0]

    def set_price(self, store_code: str, sku: str, price_minor: int, now: int) -> None:
        self._t.store_prices[(store_code, sku)] = (price_minor, now)
        self._feed(store_code, sku, now)

    def remove_price(self, store_code: str, sku: str, now: int) -> None:
        self._t.store_prices.pop((store_code, sku), None)
        self._feed(store_code, sku, now)

    def _feed(self, store_code: str, sku: str, now: int) -> None:
        self._t.feed.append(FeedRecord(self._t.next_id("feed"), sku, now, store_code))

    def prices_of(self, sku: str) -> dict[str, int]:
        return {store: price for (store, s), (price, _) in self._t.store_prices.items() if s == sku}

    def prices_at_store(self, store_code: str, skus: set[str]) -> dict[str, int]:
        return {
            sku: price
            for (store, sku), (price, _) in self._t.store_prices.items()
            if store == store_code and sku in skus
        }

    def list_prices(self, store_code: str = "") -> list[StorePrice]:
        rows = []
        for (store, sku), (price, at) in sorted(self._t.store_prices.items()):
            product = self._t.products.get(sku)
            if product is not None and (not store_code or store == store_code):
                rows.append(StorePrice(store, sku, product.name, product.price_minor, price, at))
        return rows
