"""CatalogueAdmin: import/export, show, categories and store prices (hoctl catalogue ...)."""

from __future__ import annotations

import asyncio
import logging

from common.logs import log_event
from common.pb.storeledger.v1 import catalogue_admin_pb2 as pb
from common.pb.storeledger.v1 import catalogue_admin_pb2_grpc
from headoffice.api.auth import Authorizer, authorised
from headoffice.api.messages.catalogue import product_message
from headoffice.api.streams import DownstreamSignal
from headoffice.domain.catalogue import StorePrice
from headoffice.domain.errors import CatalogueRejected
from headoffice.domain.roles import Permission, Staff
from headoffice.services.catalogue import categories, export_rows, import_rows, show_product
from headoffice.services.ports import UnitOfWorkFactory
from headoffice.services.store_prices import list_store_prices, set_store_price

log = logging.getLogger(__name__)

EXPORT_CHUNK_ROWS = 2_000
PROGRESS_EVERY_ROWS = 10_000


def price_pb(row: StorePrice) -> pb.StorePrice:
    return pb.StorePrice(
        store_code=row.store_code,
        sku=row.sku,
        name=row.name,
        chain_price_minor=row.chain_price_minor,
        price_minor=row.price_minor,
        updated_at_ms=row.updated_at_ms,
    )


class CatalogueAdminServicer(catalogue_admin_pb2_grpc.CatalogueAdminServicer):
    def __init__(
        self, new_uow: UnitOfWorkFactory, auth: Authorizer, signal: DownstreamSignal
    ) -> None:
        self._new_uow = new_uow
        self._auth = auth
        self._signal = signal

    @authorised(Permission.CATALOGUE_WRITE)
    async def ImportCatalogue(self, request_iterator, context, staff: Staff):  # noqa: N802
        rows: list[tuple[int, list[str]]] = []
        dry_run, source, first = False, "", True
        reported = 0
        async for chunk in request_iterator:
            if first:
                dry_run, source, first = chunk.dry_run, chunk.source, False
            rows.extend((row.line_no, list(row.cells)) for row in chunk.rows)
            if len(rows) - reported >= PROGRESS_EVERY_ROWS:
                reported = len(rows)
                yield pb.CatalogueImportProgress(stage="received", rows=reported)
        yield pb.CatalogueImportProgress(stage="checking", rows=len(rows))
        try:
            result = await asyncio.to_thread(
                import_rows, self._new_uow(), rows, dry_run, actor=staff.username, source=source
            )
        except CatalogueRejected as exc:
            errors = [pb.CatalogueLineError(line_no=n, reason=r) for n, r in exc.errors]
            yield pb.CatalogueImportProgress(
                stage="refused", rows=len(rows), result=pb.CatalogueImportResult(errors=errors)
            )
            return
        if result.changed_skus:
            self._signal.notify()
        log_event(
            log, logging.INFO, "catalogue imported", by=staff.username, dry_run=dry_run,
            created=result.products_created, updated=result.products_updated,
        )  # fmt: skip
        yield pb.CatalogueImportProgress(
            stage="applied" if result.applied else "checked",
            rows=len(rows),
            result=pb.CatalogueImportResult(
                applied=result.applied,
                products_created=result.products_created,
                products_updated=result.products_updated,
                products_unchanged=result.products_unchanged,
            ),
        )

    @authorised(Permission.CATALOGUE_READ)
    async def ExportCatalogue(self, request, context, staff: Staff):  # noqa: N802
        rows = await asyncio.to_thread(export_rows, self._new_uow())
        for start in range(0, len(rows), EXPORT_CHUNK_ROWS):
            part = rows[start : start + EXPORT_CHUNK_ROWS]
            yield pb.CatalogueRows(
                rows=[
                    pb.CatalogueRow(line_no=start + n, cells=cells)
                    for n, cells in enumerate(part, start=1)
                ]
            )

    @authorised(Permission.CATALOGUE_READ)
    async def ShowProduct(self, request, context, staff: Staff):  # noqa: N802
        product, prices = await asyncio.to_thread(show_product, self._new_uow(), request.sku)
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
                for code, price in sorted(prices.items())
                if staff.sees_store(code)
            ],
        )

    @authorised(Permission.CATALOGUE_READ)
    async def ListCategories(self, request, context, staff: Staff):  # noqa: N802
        nodes = await asyncio.to_thread(categories, self._new_uow())
        return pb.CategoryTree(
            nodes=[pb.CategoryNode(path=n.path, depth=n.depth, products=n.products) for n in nodes]
        )

    @authorised(Permission.CATALOGUE_WRITE)
    async def SetStorePrice(self, request, context, staff: Staff):  # noqa: N802
        staff.check_store(request.store_code)
        row = await asyncio.to_thread(
            set_store_price,
            self._new_uow(),
            request.store_code,
            request.sku,
            None if request.remove else request.price_minor,
            staff.username,
        )
        self._signal.notify()
        log_event(
            log, logging.INFO, "store price changed", by=staff.username,
            store=request.store_code, sku=request.sku, removed=request.remove,
        )  # fmt: skip
        reply = pb.StorePriceChange(removed=row is None)
        if row is not None:
            reply.price.CopyFrom(price_pb(row))
        return reply

    @authorised(Permission.CATALOGUE_READ)
    async def ListStorePrices(self, request, context, staff: Staff):  # noqa: N802
        if request.store_code:
            staff.check_store(request.store_code)
        rows = await asyncio.to_thread(list_store_prices, self._new_uow(), request.store_code)
        return pb.StorePrices(prices=[price_pb(r) for r in rows if staff.sees_store(r.store_code)])
