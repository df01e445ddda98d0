"""Products: to the till's replies, and head office's catalogue changes to the domain."""

from __future__ import annotations

from common.domain.product import CatalogueProduct
from common.pb.storeledger.v1 import catalogue_pb2
from edge_agent.domain.product import CatalogueChange, Pack


def product_pb(p: CatalogueProduct, barcodes: list[str]) -> catalogue_pb2.Product:
    return catalogue_pb2.Product(
        sku=p.sku,
        name=p.name,
        barcodes=barcodes,
        unit=p.unit,
        price_minor=p.price_minor,
        cost_minor=p.cost_minor,
        currency=p.currency,
        active=p.active,
    )


def catalogue_change(m: catalogue_pb2.Product) -> CatalogueChange:
    """A product as head office sent it (currency and kind may be empty: the service fills them)."""
    return CatalogueChange(
        product=CatalogueProduct(
            sku=m.sku,
            name=m.name,
            unit=m.unit,
            price_minor=m.price_minor,
            cost_minor=m.cost_minor,
            currency=m.currency,
            active=m.active,
            kind=m.kind,
        ),
        category=m.category,
        barcodes=tuple(m.barcodes),
        store_price_minor=m.store_price_minor if m.HasField("store_price_minor") else None,
        packs=tuple(Pack(p.name, p.qty_base, p.barcode) for p in m.packs),
        components=tuple((c.sku, c.qty_base) for c in m.components),
    )
