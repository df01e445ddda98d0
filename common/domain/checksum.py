"""The balance checksum both sides compute over a store's stock levels."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable


def balance_checksum(levels: Iterable[tuple[str, int]]) -> tuple[str, int]:
    """sha256 over 'sku\\tqty\\n' for every non-zero level, sorted by SKU; returns (hex, count)."""
    digest = hashlib.sha256()
    count = 0
    for sku, qty in sorted((s, q) for s, q in levels if q != 0):
        digest.update(f"{sku}\t{qty}\n".encode())
        count += 1
    return digest.hexdigest(), count
