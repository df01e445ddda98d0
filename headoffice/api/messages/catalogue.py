"""The catalogue: products as published and shown, store prices, import and export rows."""

from __future__ import annotations

from collections.abc import Iterator

from common.pb.storeledger.v1 import catalogue_admin_pb2 as pb
from common.pb.storeledger.v1 import catalogue_pb2
from headoffice.domain.catalogue import Product, StorePrice
from headoffice.domain.catalogue_rules import CategoryNode
from headoffice.services.catalogue import ImportResult


def product_message(
    product: Product, store_price_minor: int | None = None
) -> catalogue_pb2.Product:
    """The product as published; a store's own price only in what goes to that store."""
    message = catalogue_pb2.Product(
        sku=product.sku,
        name=product.name,
        barcodes=list(product.barcodes),
        unit=product.unit,
        price_minor=product.price_minor,
        cost_minor=product.cost_minor,
        category=product.category,
        currency=product.currency,
        active=product.active,
        kind=product.kind,
        packs=[
            catalogue_pb2.Pack(name=p.name, qty_base=p.qty_base, barcode=p.barcode)
            for p in product.packs
        ],
        components=[
            catalogue_pb2.Component(sku=sku, qty_base=qty) for sku, qty in product.components
        ],
    )
    if store_price_minor is not None:
        message.store_price_minor = store_price_minor
    return message


def store_price_message(price: StorePrice) -> pb.StorePrice:
    return pb.StorePrice(
        store_code=price.store_code,
        sku=price.sku,
        name=price.name,
        chain_price_minor=price.chain_price_minor,
        price_minor=price.price_minor,
        updated_at_ms=price.updated_at_ms,
    )


def category_tree(nodes: list[CategoryNode]) -> pb.CategoryTree:
    return pb.CategoryTree(
        nodes=[
            pb.CategoryNode(path=n.path, depth=n.depth, product_count=n.product_count)
            for n in nodes
        ]
    )


def catalogue_chunks(rows: list[list[str]], chunk_rows: int) -> Iterator[pb.CatalogueRows]:
    """The exported rows (header first) in messages of at most chunk_rows, numbered from 1."""
    for start in range(0, len(rows), chunk_rows):
        part = rows[start : start + chunk_rows]
        yield pb.CatalogueRows(
            rows=[
                pb.CatalogueRow(line_no=start + n, cells=cells)
                for n, cells in enumerate(part, start=1)
            ]
        )


def import_rows_of(chunk: pb.CatalogueImportChunk) -> list[tuple[int, list[str]]]:
    """(line_no, cells) of each row a chunk of an uploaded file carries."""
    return [(row.line_no, list(row.cells)) for row in chunk.rows]


def import_progress(stage: str, rows: int) -> pb.CatalogueImportProgress:
    return pb.CatalogueImportProgress(stage=stage, rows=rows)


def import_outcome(result: ImportResult, rows: int) -> pb.CatalogueImportProgress:
    """The last progress message of an import: what it did, or every bad line it found."""
    return pb.CatalogueImportProgress(
        stage=result.stage,
        rows=rows,
        result=pb.CatalogueImportResult(
            applied=result.applied,
            products_created=result.products_created,
            products_updated=result.products_updated,
            products_unchanged=result.products_unchanged,
            errors=[pb.CatalogueLineError(line_no=n, reason=r) for n, r in result.refused_lines],
        ),
    )


def product_detail(product: Product, store_prices: dict[str, int]) -> pb.ProductDetail:
    """A product with the store prices (store -> price) the caller may see."""
    return pb.ProductDetail(
        product=product_message(product),
        store_prices=[
            pb.StorePrice(
                store_code=code,
                sku=product.sku,
                name=product.name,
                chain_price_minor=product.price_minor,
                price_minor=price,
            )
            for code, price in sorted(store_prices.items())
        ],
    )


def store_price_change(price: StorePrice | None) -> pb.StorePriceChange:
    """The store's price as it now is; removed when it has none of its own any more."""
    reply = pb.StorePriceChange(removed=price is None)
    if price is not None:
        reply.price.CopyFrom(store_price_message(price))
    return reply


def price_to_set(request: pb.SetStorePriceRequest) -> int | None:
    """The price asked for, or None to remove the store's own price."""
    return None if request.remove else request.price_minor
