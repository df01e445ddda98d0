"""The downstream feed a store follows: chain-wide catalogue changes and events for that store.

Both live in downstream_events under one cursor sequence, so a store keeps one
cursor: rows without a payload name a changed product (read as it is now), for
every store (store_code NULL) or for the one store whose price changed; rows
with a payload carry an event, serialised as the DownstreamEvent the store
receives (headoffice/api/messages/downstream.py, the one encoding of the
contract), for that store only, or for every store when store_code is NULL (a
chain-wide promotion: a store enrolled later reads it too).
Every product sent to a store carries that store's own price, if it has one.
"""

from __future__ import annotations

import heapq
from typing import Any

import sqlalchemy as sa

from headoffice.api.messages.downstream import encode_store_event
from headoffice.domain.catalogue import Product
from headoffice.domain.store_events import FeedItem, FeedPage, StoreEvent
from headoffice.store.catalogue_repo import CatalogueRepository
from headoffice.store.feed_order import (
    LOCKED_STORE_EVENT_PG,
    before_feed_insert,
    feed_horizon,
)
from headoffice.store.feed_pages import ChainPages, ChainSlice, FeedRow
from headoffice.store.store_prices_repo import StorePricesRepository
from headoffice.store.tables import downstream_events


class DownstreamRepository:
    """Each store's downstream feed on the unit of work's connection."""

    def __init__(self, conn: sa.Connection, shared: ChainPages | None = None) -> None:
        self._conn = conn
        # The process's chain-wide slices (store.feed_pages), when the unit of work has them.
        self._shared = shared

    def enqueue_store_event(self, store_code: str, event: StoreEvent, now_ms: int) -> int:
        """Queue an event for one store inside the caller's transaction; returns its cursor."""
        if self._conn.dialect.name == "postgresql":
            row = {"now": now_ms, "store": store_code,
                   "payload": encode_store_event(event, now_ms)}  # fmt: skip
            return int(self._conn.execute(LOCKED_STORE_EVENT_PG, row).scalar_one())
        before_feed_insert(self._conn)
        result = self._conn.execute(
            downstream_events.insert(),
            {
                "sku": "",
                "created_at_ms": now_ms,
                "store_code": store_code,
                "payload": encode_store_event(event, now_ms),
            },
        )
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])

    def enqueue_chain_event(self, event: StoreEvent, now_ms: int) -> int:
        """Queue an event for every store, now and enrolled later; returns its cursor."""
        before_feed_insert(self._conn)
        result = self._conn.execute(
            downstream_events.insert().values(
                sku="",
                created_at_ms=now_ms,
                store_code=None,
                payload=encode_store_event(event, now_ms),
            )
        )
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])

    def feed_after(self, store_code: str, cursor: int, limit: int) -> FeedPage:
        """What store_code has not seen after cursor, oldest first, up to the horizon below
        which the feed is final (headoffice.store.feed_order). With the process's shared
        slices (store.feed_pages), the chain-wide rows and their products come from (or go
        to) them, and only the store's own rows and prices are read for it."""
        horizon = feed_horizon(self._conn)
        if self._shared is not None:
            return self._feed_shared(store_code, cursor, limit, horizon, self._shared)
        query = sa.select(downstream_events).where(
            downstream_events.c.cursor > cursor,
            sa.or_(
                downstream_events.c.store_code.is_(None),
                downstream_events.c.store_code == store_code,
            ),
        )
        if horizon is not None:
            query = query.where(downstream_events.c.cursor <= horizon)
        rows = self._conn.execute(query.order_by(downstream_events.c.cursor).limit(limit)).all()
        skus = {row.sku for row in rows if row.payload is None}
        products = CatalogueRepository(self._conn).products_by_sku(skus)
        return self._page(store_code, cursor, limit, [_row(r) for r in rows], products)

    def _feed_shared(
        self, store_code: str, cursor: int, limit: int, horizon: int | None, shared: ChainPages
    ) -> FeedPage:
        if horizon is None:  # SQLite: every committed row is final; the top one now bounds it
            top = self._conn.execute(sa.select(sa.func.max(downstream_events.c.cursor)))
            horizon = int(top.scalar() or 0)
        if horizon <= cursor:  # nothing new, or the horizon is not known now (-1)
            return FeedPage([], cursor, False)
        key = (cursor, horizon, limit)
        chain = shared.get(key)
        if chain is None:
            chain = self._chain_slice(cursor, horizon, limit)
            shared.put(key, chain)
        # The store's own rows up to where the chain's slice stops (its last row when it is
        # full: later chain rows are not in it), merged in cursor order.
        upto = chain.rows[-1].cursor if chain.full else horizon
        own = self._conn.execute(
            sa.select(downstream_events)
            .where(
                downstream_events.c.store_code == store_code,
                downstream_events.c.cursor > cursor,
                downstream_events.c.cursor <= upto,
            )
            .order_by(downstream_events.c.cursor)
            .limit(limit)
        ).all()
        mine = [_row(r) for r in own]
        products = chain.products
        # A row for this store alone may name a product too (its own price changed).
        missing = {r.sku for r in mine if r.payload is None and r.sku not in products}
        if missing:
            products = {**products, **CatalogueRepository(self._conn).products_by_sku(missing)}
        rows = list(heapq.merge(chain.rows, mine, key=lambda r: r.cursor))
        return self._page(store_code, cursor, limit, rows[:limit], products)

    def _chain_slice(self, cursor: int, horizon: int, limit: int) -> ChainSlice:
        found = self._conn.execute(
            sa.select(downstream_events)
            .where(
                downstream_events.c.store_code.is_(None),
                downstream_events.c.cursor > cursor,
                downstream_events.c.cursor <= horizon,
            )
            .order_by(downstream_events.c.cursor)
            .limit(limit)
        ).all()
        rows = tuple(_row(r) for r in found)
        skus = {row.sku for row in rows if row.payload is None}
        products = CatalogueRepository(self._conn).products_by_sku(skus) if skus else {}
        return ChainSlice(rows, products, len(rows) == limit)

    def _page(
        self, store_code: str, cursor: int, limit: int, rows: list[FeedRow],
        products: dict[str, Product],
    ) -> FeedPage:  # fmt: skip
        skus = {row.sku for row in rows if row.payload is None}
        prices = StorePricesRepository(self._conn).prices_at_store(store_code, skus) if skus else {}
        items: list[FeedItem] = []
        for row in rows:
            if row.payload is None:
                product = products.get(row.sku)
                if product is not None:
                    items.append(
                        FeedItem(
                            row.cursor, row.created_at_ms, product=product,
                            store_price_minor=prices.get(row.sku),
                        )
                    )  # fmt: skip
                continue
            items.append(FeedItem(row.cursor, row.created_at_ms, event_payload=row.payload))
        last = rows[-1].cursor if rows else cursor
        return FeedPage(items, last, len(rows) == limit)


def _row(row: Any) -> FeedRow:
    payload = None if row.payload is None else bytes(row.payload)
    return FeedRow(int(row.cursor), int(row.created_at_ms), row.sku, payload)
