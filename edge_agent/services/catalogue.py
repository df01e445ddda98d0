"""Apply a catalogue change from head office: product, barcodes and cursor in one transaction."""

from __future__ import annotations

from common.domain.units import check_unit
from common.pb.storeledger.v1 import catalogue_pb2
from edge_agent.domain.errors import InvalidInput
from edge_agent.domain.product import CatalogueProduct
from edge_agent.services.context import StoreContext
from edge_agent.store import catalogue


def apply_catalogue_change(ctx: StoreContext, product: catalogue_pb2.Product, cursor: int) -> bool:
    """Upsert the product unless the cursor is already past it; True when it was applied.

    Replaying a change (same or older cursor) changes nothing, so a downstream
    stream that resumes from a stale point is harmless.
    """
    if not product.sku:
        raise InvalidInput("a catalogue change must name a SKU")
    check_unit(product.unit)
    if product.price_minor < 0 or product.cost_minor < 0 or product.store_price_minor < 0:
        raise InvalidInput(f"product {product.sku} has a negative price or cost")
    if any(p.qty_base <= 0 for p in product.packs) or any(
        c.qty_base <= 0 for c in product.components
    ):
        raise InvalidInput(f"product {product.sku} has a pack or component of no base units")
    with ctx.db.write() as conn:
        if cursor and cursor <= catalogue.catalogue_cursor(conn):
            return False
        catalogue.upsert_product(
            conn,
            CatalogueProduct(
                sku=product.sku,
                name=product.name,
                unit=product.unit,
                price_minor=product.price_minor,
                cost_minor=product.cost_minor,
                currency=product.currency or ctx.currency,
                active=product.active,
                kind=product.kind or "goods",
            ),
            product.category,
            list(product.barcodes),
            product.store_price_minor if product.HasField("store_price_minor") else None,
            [(p.name, p.qty_base, p.barcode) for p in product.packs],
            [(c.sku, c.qty_base) for c in product.components],
        )
        if cursor:
            catalogue.set_catalogue_cursor(conn, cursor)
    return True
