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
    change = _completed(ctx, change)
    return apply_once(ctx, cursor, lambda uow: uow.catalogue.upsert(change))


def apply_catalogue_changes(ctx: StoreContext, changes: list[tuple[CatalogueChange, int]]) -> int:
    """Upsert a run of changes (each with its cursor, ascending) in one transaction; how many
    were applied. A chain-wide price change reaches a store as thousands of changes: one
    commit for the run instead of one each (a commit waits for the disk, FULL synchronous).

    Every change is checked before anything is written, so one bad change writes none of the
    run; changes at or below the stored cursor are skipped, as apply_catalogue_change does.
    """
    for change, _cursor in changes:
        check_change(change)
    completed = [(_completed(ctx, change), cursor) for change, cursor in changes]
    with ctx.db.write() as uow:
        stored = uow.catalogue.downstream_cursor()
        applied = 0
        for change, cursor in completed:
            if cursor and cursor <= stored:
                continue
            uow.catalogue.upsert(change)
            applied += 1
            stored = max(stored, cursor)
        if applied:
            uow.catalogue.set_downstream_cursor(stored)
    return applied


def _completed(ctx: StoreContext, change: CatalogueChange) -> CatalogueChange:
    product = change.product
    if product.currency and product.kind:
        return change
    product = replace(
        product, currency=product.currency or ctx.currency, kind=product.kind or "goods"
    )
    return replace(change, product=product)
