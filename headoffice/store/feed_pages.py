"""The chain-wide part of the downstream feed, read once for every store at the same cursor.

When a catalogue change reaches the chain, every store's stream asks for the same pages:
the same chain-wide rows (store_code NULL) after the same cursor, up to the same horizon,
and the same products. Read per store, 200 stores cost 200 reads of each page of 500
products (BENCHMARKS.md, the price change's fan-out). `ChainPages` keeps the chain-wide
slices a process has read, keyed by (after cursor, horizon, limit): below the horizon the
feed is final (store.feed_order), so a slice never changes; its products are as they were
when it was read, which is what a store reading then would have had (a later change of a
product is a later row of the feed, which the store reads after). Each store's own rows
(events for it alone) and its own prices are still read per store and merged in.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from headoffice.domain.catalogue import Product

PAGES = 256  # slices kept: a 30,000-SKU change is 60 pages of 500


@dataclass(frozen=True)
class FeedRow:
    cursor: int
    created_at_ms: int
    sku: str
    payload: bytes | None


@dataclass(frozen=True)
class ChainSlice:
    rows: tuple[FeedRow, ...]
    products: dict[str, Product]
    full: bool  # as many rows as asked: rows after the last may follow below the horizon


class ChainPages:
    """Chain-wide slices of the feed, shared by the streams of one head-office process."""

    def __init__(self, pages: int = PAGES) -> None:
        self._pages = pages
        self._kept: OrderedDict[tuple[int, int, int], ChainSlice] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: tuple[int, int, int]) -> ChainSlice | None:
        with self._lock:
            found = self._kept.get(key)
            if found is None:
                self.misses += 1
                return None
            self._kept.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: tuple[int, int, int], page: ChainSlice) -> None:
        with self._lock:
            self._kept[key] = page
            self._kept.move_to_end(key)
            while len(self._kept) > self._pages:
                self._kept.popitem(last=False)
