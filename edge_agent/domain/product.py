"""The till's product and code lookup: shared with head office, so they live in
common.domain.product; the edge's modules keep importing them by these names."""

from common.domain.product import (
    MAX_NESTING,
    CatalogueProduct,
    Moves,
    ProductLookup,
    flatten_components,
    require_on_sale,
    resolve_code,
)

__all__ = [
    "MAX_NESTING",
    "CatalogueProduct",
    "Moves",
    "ProductLookup",
    "flatten_components",
    "require_on_sale",
    "resolve_code",
]
