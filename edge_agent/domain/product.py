"""A product as head office publishes it to this store (the catalogue change the store applies).

The till's product itself, its code lookup and component flattening are shared
with head office's pricing: they live in common.domain.product.
"""

from __future__ import annotations

from dataclasses import dataclass

from common.domain.product import CatalogueProduct


@dataclass(frozen=True)
class Pack:
    name: str
    qty_base: int
    barcode: str = ""


@dataclass(frozen=True)
class CatalogueChange:
    """A product as head office published it to this store, with its codes and parts."""

    product: CatalogueProduct  # price_minor: the chain price
    category: str
    barcodes: tuple[str, ...] = ()
    store_price_minor: int | None = None  # this store's own price, overriding the chain's
    packs: tuple[Pack, ...] = ()
    components: tuple[tuple[str, int], ...] = ()  # (sku, base units per unit sold)
