"""What the till knows about a product, and how a scanned code finds one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from common.barcodes import looks_like_gtin, validate_gtin
from edge_agent.domain.errors import ProductNotOnSale, UnknownBarcode


@dataclass(frozen=True)
class CatalogueProduct:
    sku: str
    name: str
    unit: str
    price_minor: int
    cost_minor: int
    currency: str
    active: bool = True


# Finds a product by barcode first, then by SKU; None when neither matches.
ProductLookup = Callable[[str], CatalogueProduct | None]


def resolve_code(code: str, lookup: ProductLookup, store_code: str) -> CatalogueProduct:
    """The product a scanned or typed code names, or a sentence saying why there is none."""
    code = code.strip()
    product = lookup(code)
    if product is None:
        if looks_like_gtin(code):
            validate_gtin(code)  # a mistyped barcode says which digit is wrong
            raise UnknownBarcode(f"no product has barcode {code} in store {store_code}'s catalogue")
        raise UnknownBarcode(
            f"no product has barcode or SKU {code!r} in store {store_code}'s catalogue"
        )
    return product


def require_on_sale(product: CatalogueProduct, store_code: str) -> CatalogueProduct:
    if not product.active:
        raise ProductNotOnSale(
            f"product {product.sku} ({product.name}) is not on sale in store {store_code}"
        )
    return product
