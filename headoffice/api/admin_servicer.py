"""Admin: the staff API hoctl uses; each method unpacks, calls one service, packs."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import grpc
from sqlalchemy.engine import Engine

from common.certs import ROLE_STAFF, KeyPair
from common.clock import now_ms
from common.errors import StoreLedgerError
from common.logs import log_event
from common.money import DEFAULT_CURRENCY
from common.pb.storeledger.v1 import admin_pb2, admin_pb2_grpc
from common.tls import peer_identity
from headoffice.api.errors import maps_errors
from headoffice.api.streams import CatalogueSignal, StreamRegistry
from headoffice.domain.errors import (
    CatalogueRejected,
    NotYetCommitted,
    UnknownStore,
)
from headoffice.services.catalogue import import_catalogue
from headoffice.services.status import sync_status
from headoffice.services.stock import query_stock
from headoffice.services.stores import add_store, disable_store, list_stores
from headoffice.services.verify import VerifyResult, verify_last_heartbeat, verify_report
from headoffice.store.stores_repo import StoreRow
from headoffice.store.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

DEFAULT_VERIFY_TIMEOUT_MS = 10_000
CATCH_UP_POLL_S = 0.05


def store_info(store: StoreRow) -> admin_pb2.StoreInfo:
    return admin_pb2.StoreInfo(
        store_code=store.code,
        name=store.name,
        disabled=store.disabled,
        created_at_ms=store.created_at_ms,
    )


class AdminServicer(admin_pb2_grpc.AdminServicer):
    def __init__(
        self,
        engine: Engine,
        ca: KeyPair,
        headoffice_address: Callable[[], str],
        registry: StreamRegistry,
        catalogue_signal: CatalogueSignal,
        heartbeat_timeout_ms: int = 15_000,
    ) -> None:
        self._engine = engine
        self._ca = ca
        self._address = headoffice_address
        self._registry = registry
        self._signal = catalogue_signal
        self._heartbeat_timeout_ms = heartbeat_timeout_ms

    def _uow(self) -> UnitOfWork:
        return UnitOfWork(self._engine)

    async def _require_staff(self, context: grpc.aio.ServicerContext, rpc: str) -> str:
        try:
            identity = peer_identity(context.auth_context())
        except StoreLedgerError as exc:
            await context.abort(grpc.StatusCode.PERMISSION_DENIED, str(exc))
        if identity.role != ROLE_STAFF:
            log_event(
                log,
                logging.WARNING,
                "admin refused",
                rpc=rpc,
                role=identity.role,
                name=identity.name,
            )
            await context.abort(
                grpc.StatusCode.PERMISSION_DENIED,
                f"the Admin API needs a staff certificate; {identity.name!r} has a "
                f"{identity.role!r} certificate",
            )
        return identity.name

    @maps_errors
    async def AddStore(self, request, context):  # noqa: N802
        staff = await self._require_staff(context, "AddStore")
        store, bundle = await asyncio.to_thread(
            add_store, self._uow(), self._ca, request.store_code, request.name, self._address()
        )
        log_event(log, logging.INFO, "store enrolled", store=store.code, by=staff)
        return admin_pb2.AddStoreReply(store=store_info(store), bundle=bundle.to_bytes())

    @maps_errors
    async def DisableStore(self, request, context):  # noqa: N802
        staff = await self._require_staff(context, "DisableStore")
        store = await asyncio.to_thread(disable_store, self._uow(), request.store_code)
        log_event(log, logging.INFO, "store disabled", store=store.code, by=staff)
        return store_info(store)

    @maps_errors
    async def ListStores(self, request, context):  # noqa: N802
        await self._require_staff(context, "ListStores")
        stores = await asyncio.to_thread(list_stores, self._uow())
        return admin_pb2.ListStoresReply(stores=[store_info(s) for s in stores])

    @maps_errors
    async def ImportCatalogue(self, request, context):  # noqa: N802
        staff = await self._require_staff(context, "ImportCatalogue")
        try:
            result = await asyncio.to_thread(
                import_catalogue, self._uow(), request.csv_text, request.dry_run
            )
        except CatalogueRejected as exc:
            return admin_pb2.ImportCatalogueReply(
                applied=False,
                errors=[admin_pb2.ImportLineError(line_no=n, reason=r) for n, r in exc.errors],
            )
        if result.changed_skus:
            self._signal.notify()
        log_event(
            log, logging.INFO, "catalogue imported", by=staff, dry_run=request.dry_run,
            created=result.products_created, updated=result.products_updated,
        )  # fmt: skip
        return admin_pb2.ImportCatalogueReply(
            applied=result.applied,
            products_created=result.products_created,
            products_updated=result.products_updated,
            products_unchanged=result.products_unchanged,
        )

    @maps_errors
    async def GetStock(self, request, context):  # noqa: N802
        await self._require_staff(context, "GetStock")
        rows = await asyncio.to_thread(
            query_stock, self._uow(), request.store_code, request.sku, request.category,
            request.negative_only,
        )  # fmt: skip
        return admin_pb2.StockReply(
            currency=DEFAULT_CURRENCY,
            rows=[
                admin_pb2.StockRow(
                    store_code=r.store_code,
                    sku=r.sku,
                    name=r.name,
                    category=r.category,
                    unit=r.unit,
                    qty_base=r.qty_base,
                    unit_cost_minor=r.unit_cost_minor,
                    value_minor=r.value_minor,
                )  # fmt: skip
                for r in rows
            ],
        )

    @maps_errors
    async def GetSyncStatus(self, request, context):  # noqa: N802
        await self._require_staff(context, "GetSyncStatus")
        views = await asyncio.to_thread(
            sync_status, self._uow(), now_ms(), request.store_code, self._heartbeat_timeout_ms
        )
        return admin_pb2.SyncStatusReply(
            stores=[
                admin_pb2.StoreSyncStatus(
                    store_code=v.store_code,
                    name=v.name,
                    disabled=v.disabled,
                    connected=v.connected,
                    last_acked_seq=v.last_acked_seq,
                    store_newest_seq=v.store_newest_seq,
                    backlog_entries=v.backlog_entries,
                    lag_ms=v.lag_ms,
                    last_contact_ms=v.last_contact_ms,
                    agent_version=v.agent_version,
                )  # fmt: skip
                for v in views
            ]
        )

    @maps_errors
    async def Verify(self, request, context):  # noqa: N802
        await self._require_staff(context, "Verify")
        store = request.store_code
        timeout_ms = request.timeout_ms or DEFAULT_VERIFY_TIMEOUT_MS
        known = await asyncio.to_thread(list_stores, self._uow())
        if store not in {s.code for s in known}:
            raise UnknownStore(store)
        stream = self._registry.get(store)
        if stream is None:
            result = await asyncio.to_thread(verify_last_heartbeat, self._uow(), store)
            return _verify_reply(store, result)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_ms / 1000
        report = await stream.request_balances(timeout_ms)
        balances = {b.sku: b.qty_base for b in report.balances}
        # The store may report as of entries still in flight to us: wait for them.
        while True:
            try:
                result = await asyncio.to_thread(
                    verify_report, self._uow(), store, report.as_of_seq, balances
                )
                break
            except NotYetCommitted:
                if loop.time() >= deadline:
                    raise
                await asyncio.sleep(CATCH_UP_POLL_S)
        return _verify_reply(store, result)


def _verify_reply(store: str, result: VerifyResult) -> admin_pb2.VerifyReply:
    return admin_pb2.VerifyReply(
        store_code=store,
        match=result.match,
        head_office_seq=result.head_office_seq,
        store_seq=result.store_seq,
        head_office_checksum=result.head_office_checksum,
        store_checksum=result.store_checksum,
        skus_compared=result.skus_compared,
        differences=[
            admin_pb2.SkuDifference(
                sku=d.sku, head_office_qty=d.head_office_qty, store_qty=d.store_qty
            )
            for d in result.differences
        ],
        message=result.message,
    )
