"""The downstream feed a store follows: chain-wide catalogue changes and events for that store.

Both live in catalogue_changes under one cursor sequence, so a store keeps one
cursor: rows with store_code NULL name a changed product (read as it is now);
rows with a store_code carry a serialised DownstreamEvent for that store only,
or, without a payload, name a product whose store price changed for that store.
Every product sent to a store carries that store's own price, if it has one.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from common.pb.storeledger.v1 import sync_pb2
from headoffice.domain.catalogue import Product
from headoffice.store.catalogue_repo import CatalogueRepository
from headoffice.store.store_prices_repo import StorePricesRepository
from headoffice.store.tables import catalogue_changes


@dataclass(frozen=True)
class FeedItem:
    cursor: int
    created_at_ms: int
    product: Product | None = None
    event: sync_pb2.DownstreamEvent | None = None
    store_price_minor: int | None = None


@dataclass(frozen=True)
class FeedPage:
    items: list[FeedItem]
    last_cursor: int  # the newest row read, even one with nothing to send
    full: bool  # the page hit its limit: read again at once


class DownstreamRepository:
    """Each store's downstream feed on the unit of work's connection."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def enqueue_store_event(
        self, store_code: str, event: sync_pb2.DownstreamEvent, now_ms: int
    ) -> int:
        """Queue an event for one store inside the caller's transaction; returns its cursor."""
        if event.WhichOneof("kind") is None:
            raise ValueError("a downstream event needs its kind set")
        payload = sync_pb2.DownstreamEvent()
        payload.CopyFrom(event)
        payload.cursor = 0
        payload.created_at_ms = now_ms
        result = self._conn.execute(
            catalogue_changes.insert().values(
                sku="",
                created_at_ms=now_ms,
                store_code=store_code,
                payload=payload.SerializeToString(),
            )
        )
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])

    def feed_after(self, store_code: str, cursor: int, limit: int) -> FeedPage:
        """What store_code has not seen after cursor, oldest first."""
        rows = self._conn.execute(
            sa.select(catalogue_changes)
            .where(
                catalogue_changes.c.cursor > cursor,
                sa.or_(
                    catalogue_changes.c.store_code.is_(None),
                    catalogue_changes.c.store_code == store_code,
                ),
            )
            .order_by(catalogue_changes.c.cursor)
            .limit(limit)
        ).all()
        skus = {row.sku for row in rows if row.store_code is None or row.payload is None}
        products = CatalogueRepository(self._conn).products_by_sku(skus)
        prices = StorePricesRepository(self._conn).prices_at_store(store_code, skus) if skus else {}
        items: list[FeedItem] = []
        for row in rows:
            if row.store_code is None or row.payload is None:
                product = products.get(row.sku)
                if product is not None:
                    items.append(
                        FeedItem(
                            int(row.cursor),
                            int(row.created_at_ms),
                            product=product,
                            store_price_minor=prices.get(row.sku),
                        )
                    )
                continue
            event = sync_pb2.DownstreamEvent.FromString(row.payload)
            event.cursor = int(row.cursor)
            items.append(FeedItem(int(row.cursor), int(row.created_at_ms), event=event))
        last = int(rows[-1].cursor) if rows else cursor
        return FeedPage(items, last, len(rows) == limit)
