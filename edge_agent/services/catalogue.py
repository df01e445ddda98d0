"""Apply a catalogue change from head office: product, barcodes and cursor in one transaction."""

from __future__ import annotations

from common.pb.storeledger.v1 import catalogue_pb2
from common.units import check_unit
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
    if product.price_minor < 0 or product.cost_minor < 0:
        raise InvalidInput(f"product {product.sku} has a negative price or cost")
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
            ),
            product.category,
            list(product.barcodes),
        )
        if cursor:
            catalogue.set_catalogue_cursor(conn, cursor)
    return True
