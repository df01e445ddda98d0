"""Apply a catalogue change from head office: product, barcodes and cursor in one transaction."""

from __future__ import annotations

from dataclasses import replace

from common.domain.units import check_unit
from edge_agent.domain.errors import InvalidInput
from edge_agent.domain.product import CatalogueChange
from edge_agent.services.context import StoreContext
from edge_agent.services.downstream import apply_once


def check_change(change: CatalogueChange) -> None:
    product = change.product
    if not product.sku:
        raise InvalidInput("a catalogue change must name a SKU")
    check_unit(product.unit)
    store_price = change.store_price_minor or 0
    if product.price_minor < 0 or product.cost_minor < 0 or store_price < 0:
        raise InvalidInput(f"product {product.sku} has a negative price or cost")
    if any(p.qty_base <= 0 for p in change.packs) or any(q <= 0 for _, q in change.components):
        raise InvalidInput(f"product {product.sku} has a pack or component of no base units")


def apply_catalogue_change(ctx: StoreContext, change: CatalogueChange, cursor: int) -> bool:
    """Upsert the product unless the cursor is already past it; True when it was applied.

    Replaying a change (same or older cursor) changes nothing, so a downstream
    stream that resumes from a stale point is harmless. A product without a
    currency is in the store's; one without a kind is goods.
    """
    check_change(change)
    product = change.product
    product = replace(
        product, currency=product.currency or ctx.currency, kind=product.kind or "goods"
    )
    change = replace(change, product=product)
    return apply_once(ctx, cursor, lambda uow: uow.catalogue.upsert(change))
