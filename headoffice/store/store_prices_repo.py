"""Store prices: a store's own price for a SKU, and the store-targeted feed row that carries it."""

from __future__ import annotations

import sqlalchemy as sa

from headoffice.domain.catalogue import StorePrice
from headoffice.store.catalogue_repo import chunks, one_of
from headoffice.store.feed_order import before_feed_insert
from headoffice.store.tables import downstream_events, products, store_prices


class StorePricesRepository:
    """Store prices on the unit of work's connection."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def price_at(self, store_code: str, sku: str) -> int | None:
        return self._conn.scalar(
            sa.select(store_prices.c.price_minor).where(
                store_prices.c.store_code == store_code, store_prices.c.sku == sku
            )
        )

    def set_price(self, store_code: str, sku: str, price_minor: int, now: int) -> None:
        self._conn.execute(
            store_prices.delete().where(
                store_prices.c.store_code == store_code, store_prices.c.sku == sku
            )
        )
        self._conn.execute(
            store_prices.insert().values(
                store_code=store_code, sku=sku, price_minor=price_minor, updated_at_ms=now
            )
        )
        self._feed(store_code, sku, now)

    def remove_price(self, store_code: str, sku: str, now: int) -> None:
        self._conn.execute(
            store_prices.delete().where(
                store_prices.c.store_code == store_code, store_prices.c.sku == sku
            )
        )
        self._feed(store_code, sku, now)

    def _feed(self, store_code: str, sku: str, now: int) -> None:
        # A store-targeted row without a payload: the product as it is now, for that store only.
        before_feed_insert(self._conn)
        self._conn.execute(
            downstream_events.insert().values(
                sku=sku, created_at_ms=now, store_code=store_code, payload=None
            )
        )

    def prices_of(self, sku: str) -> dict[str, int]:
        query = sa.select(store_prices.c.store_code, store_prices.c.price_minor).where(
            store_prices.c.sku == sku
        )
        return {code: int(price) for code, price in self._conn.execute(query)}

    def prices_at_store(self, store_code: str, skus: set[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for part in chunks(sorted(skus)):
            query = sa.select(store_prices.c.sku, store_prices.c.price_minor).where(
                store_prices.c.store_code == store_code,
                one_of(self._conn, store_prices.c.sku, part),
            )
            found.update({sku: int(price) for sku, price in self._conn.execute(query)})
        return found

    def list_prices(self, store_code: str = "") -> list[StorePrice]:
        query = (
            sa.select(
                store_prices.c.store_code,
                store_prices.c.sku,
                products.c.name,
                products.c.price_minor.label("chain_price"),
                store_prices.c.price_minor,
                store_prices.c.updated_at_ms,
            )
            .join(products, products.c.sku == store_prices.c.sku)
            .order_by(store_prices.c.store_code, store_prices.c.sku)
        )
        if store_code:
            query = query.where(store_prices.c.store_code == store_code)
        return [
            StorePrice(r.store_code, r.sku, r.name, int(r.chain_price), int(r.price_minor),
                          int(r.updated_at_ms))
            for r in self._conn.execute(query)
        ]  # fmt: skip
