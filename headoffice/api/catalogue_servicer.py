"""CatalogueAdmin: import/export, show, categories and store prices (hoctl catalogue ...)."""

from __future__ import annotations

import asyncio
import logging

from common.logs import log_event
from common.pb.storeledger.v1 import catalogue_admin_pb2 as pb
from common.pb.storeledger.v1 import catalogue_admin_pb2_grpc
from headoffice.api.auth import Authorizer, authorised
from headoffice.api.messages.catalogue import (
    catalogue_chunks,
    category_tree,
    import_outcome,
    import_progress,
    import_rows_of,
    price_to_set,
    product_detail,
    store_price_change,
    store_price_message,
)
from headoffice.api.streams import DownstreamSignal
from headoffice.domain.roles import Permission, Staff
from headoffice.services.catalogue import categories, export_rows, import_file, show_product
from headoffice.services.ports import UnitOfWorkFactory
from headoffice.services.store_prices import list_store_prices, set_store_price

log = logging.getLogger(__name__)

EXPORT_CHUNK_ROWS = 2_000
PROGRESS_EVERY_ROWS = 10_000


class CatalogueAdminServicer(catalogue_admin_pb2_grpc.CatalogueAdminServicer):
    def __init__(
        self, new_uow: UnitOfWorkFactory, auth: Authorizer, signal: DownstreamSignal
    ) -> None:
        self._new_uow = new_uow
        self._auth = auth
        self._signal = signal

    @authorised(Permission.CATALOGUE_WRITE)
    async def ImportCatalogue(self, request_iterator, context, staff: Staff):  # noqa: N802
        # The file arrives in chunks (the first names it and says whether it is a dry
        # run); a long one is told how far the upload got every PROGRESS_EVERY_ROWS rows.
        rows: list[tuple[int, list[str]]] = []
        dry_run, source, first = False, "", True
        reported = 0
        async for chunk in request_iterator:
            if first:
                dry_run, source, first = chunk.dry_run, chunk.source, False
            rows.extend(import_rows_of(chunk))
            if len(rows) - reported >= PROGRESS_EVERY_ROWS:
                reported = len(rows)
                yield import_progress("received", reported)
        yield import_progress("checking", len(rows))
        result = await asyncio.to_thread(
            import_file, self._new_uow(), rows, dry_run, actor=staff.username, source=source
        )
        if result.changed_skus:
            self._signal.notify()
        log_event(
            log, logging.INFO, "catalogue imported", by=staff.username, dry_run=dry_run,
            stage=result.stage, created=result.products_created, updated=result.products_updated,
        )  # fmt: skip
        yield import_outcome(result, len(rows))

    @authorised(Permission.CATALOGUE_READ)
    async def ExportCatalogue(self, request, context, staff: Staff):  # noqa: N802
        rows = await asyncio.to_thread(export_rows, self._new_uow())
        for chunk in catalogue_chunks(rows, EXPORT_CHUNK_ROWS):
            yield chunk

    @authorised(Permission.CATALOGUE_READ)
    async def ShowProduct(self, request, context, staff: Staff):  # noqa: N802
        product, prices = await asyncio.to_thread(show_product, self._new_uow(), staff, request.sku)
        return product_detail(product, prices)

    @authorised(Permission.CATALOGUE_READ)
    async def ListCategories(self, request, context, staff: Staff):  # noqa: N802
        nodes = await asyncio.to_thread(categories, self._new_uow())
        return category_tree(nodes)

    @authorised(Permission.CATALOGUE_WRITE)
    async def SetStorePrice(self, request, context, staff: Staff):  # noqa: N802
        price = await asyncio.to_thread(
            set_store_price, self._new_uow(), staff, request.store_code, request.sku,
            price_to_set(request),
        )  # fmt: skip
        self._signal.notify()
        log_event(
            log, logging.INFO, "store price changed", by=staff.username,
            store=request.store_code, sku=request.sku, removed=request.remove,
        )  # fmt: skip
        return store_price_change(price)

    @authorised(Permission.CATALOGUE_READ)
    async def ListStorePrices(self, request, context, staff: Staff):  # noqa: N802
        prices = await asyncio.to_thread(
            list_store_prices, self._new_uow(), staff, request.store_code
        )
        return pb.StorePrices(prices=[store_price_message(p) for p in prices])
