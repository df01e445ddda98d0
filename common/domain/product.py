"""A product as one store sells it, and how a scanned code finds one.

Each side builds these from its own catalogue (the edge from its ledger, head
office from its database with the store's prices) and hands a lookup to the
pricing engine (common.domain.pricing), which never reads a catalogue itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from common.domain.barcodes import looks_like_gtin, validate_gtin
from common.domain.errors import ProductNotOnSale, UnknownBarcode
from common.i18n import _

Moves = tuple[tuple[str, int], ...]
MAX_NESTING = 8  # head office refuses cycles; this only bounds a corrupt local catalogue


@dataclass(frozen=True)
class CatalogueProduct:
    sku: str
    name: str
    unit: str
    price_minor: int  # what this store sells it at: its own price if it has one
    cost_minor: int
    currency: str
    active: bool = True
    kind: str = "goods"  # goods, service, bundle
    # Found through a pack barcode: one scan is pack_qty base units (a case of 24).
    pack_name: str = ""
    pack_qty: int = 1
    # For a service or bundle: what one unit sold takes off the shelf, flattened to goods.
    components: Moves = ()

    def stock_moves(self) -> Moves:
        """(sku, base units) one base unit sold moves: itself for goods, else its components."""
        return ((self.sku, 1),) if self.kind == "goods" else self.components


Direct = Callable[[str], tuple[str, list[tuple[str, int]]]]


def flatten_components(sku: str, direct: Direct, depth: int = 0, *, restock: bool = False) -> Moves:
    """Goods one unit of a bundle/service moves, through nested bundles; summed per SKU.

    direct(sku) gives (kind, [(component, qty)]) as the store holds them. With
    `restock`, what a returned unit puts back: a service inside contributes nothing.
    """
    totals: dict[str, int] = {}
    _kind, parts = direct(sku)
    for part, qty in parts:
        part_kind, _parts = direct(part)
        if restock and part_kind == "service":
            continue
        if part_kind == "goods" or depth >= MAX_NESTING:
            totals[part] = totals.get(part, 0) + qty
            continue
        for leaf, leaf_qty in flatten_components(part, direct, depth + 1, restock=restock):
            totals[leaf] = totals.get(leaf, 0) + qty * leaf_qty
    return tuple(sorted(totals.items()))


def restock_moves(sku: str, direct: Direct) -> Moves:
    """What one returned unit of sku puts back on the shelf: goods themselves, a bundle the
    goods in it, a service nothing (its consumables were used up when it was done; issue 12
    found a refunded car wash putting its shampoo back)."""
    kind, _parts = direct(sku)
    if kind == "goods":
        return ((sku, 1),)
    if kind == "service":
        return ()
    return flatten_components(sku, direct, restock=True)


# Finds a product by barcode first, then by SKU; None when neither matches.
ProductLookup = Callable[[str], CatalogueProduct | None]


def resolve_code(code: str, lookup: ProductLookup, store_code: str) -> CatalogueProduct:
    """The product a scanned or typed code names, or a sentence saying why there is none."""
    code = code.strip()
    product = lookup(code)
    if product is None:
        if looks_like_gtin(code):
            validate_gtin(code)  # a mistyped barcode says which digit is wrong
            raise UnknownBarcode(
                _("no product has barcode {code} in store {store}'s catalogue").format(
                    code=code, store=store_code
                )
            )
        raise UnknownBarcode(
            _("no product has barcode or SKU {code} in store {store}'s catalogue").format(
                code=repr(code), store=store_code
            )
        )
    return product


def require_on_sale(product: CatalogueProduct, store_code: str) -> CatalogueProduct:
    if not product.active:
        raise ProductNotOnSale(
            _("product {sku} ({name}) is not on sale in store {store}").format(
                sku=product.sku, name=product.name, store=store_code
            )
        )
    return product
