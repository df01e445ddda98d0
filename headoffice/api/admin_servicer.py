"""Admin: the staff API hoctl uses; each method unpacks, calls one service, packs."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from common.certs import KeyPair
from common.clock import now_ms
from common.domain.money import DEFAULT_CURRENCY
from common.logs import log_event
from common.pb.storeledger.v1 import admin_pb2, admin_pb2_grpc
from headoffice.api.auth import Authorizer, authorised
from headoffice.api.streams import DownstreamSignal, StreamRegistry
from headoffice.domain.errors import (
    CatalogueRejected,
    NotYetCommitted,
    UnknownStore,
)
from headoffice.domain.roles import Permission, Staff
from headoffice.domain.stores import Store
from headoffice.services.catalogue import import_catalogue
from headoffice.services.ports import UnitOfWorkFactory
from headoffice.services.status import sync_status
from headoffice.services.stock import query_stock
from headoffice.services.stores import add_store, disable_store, list_stores
from headoffice.services.verify import VerifyResult, verify_last_heartbeat, verify_report

log = logging.getLogger(__name__)

DEFAULT_VERIFY_TIMEOUT_MS = 10_000
CATCH_UP_POLL_S = 0.05


def store_info(store: Store) -> admin_pb2.StoreInfo:
    return admin_pb2.StoreInfo(
        store_code=store.code,
        name=store.name,
        disabled=store.disabled,
        created_at_ms=store.created_at_ms,
    )


class AdminServicer(admin_pb2_grpc.AdminServicer):
    def __init__(
        self,
        new_uow: UnitOfWorkFactory,
        auth: Authorizer,
        ca: KeyPair,
        headoffice_address: Callable[[], str],
        registry: StreamRegistry,
        catalogue_signal: DownstreamSignal,
        heartbeat_timeout_ms: int = 15_000,
    ) -> None:
        self._new_uow = new_uow
        self._auth = auth
        self._ca = ca
        self._address = headoffice_address
        self._registry = registry
        self._signal = catalogue_signal
        self._heartbeat_timeout_ms = heartbeat_timeout_ms

    @authorised(Permission.STORE_MANAGE)
    async def AddStore(self, request, context, staff: Staff):  # noqa: N802
        store, bundle = await asyncio.to_thread(
            add_store,
            self._new_uow(),
            self._ca,
            request.store_code,
            request.name,
            self._address(),
            actor=staff.username,
        )
        log_event(log, logging.INFO, "store enrolled", store=store.code, by=staff.username)
        return admin_pb2.AddStoreReply(store=store_info(store), bundle=bundle.to_bytes())

    @authorised(Permission.STORE_MANAGE)
    async def DisableStore(self, request, context, staff: Staff):  # noqa: N802
        staff.check_store(request.store_code)
        store = await asyncio.to_thread(
            disable_store, self._new_uow(), request.store_code, actor=staff.username
        )
        log_event(log, logging.INFO, "store disabled", store=store.code, by=staff.username)
        return store_info(store)

    @authorised(Permission.SYNC_READ)
    async def ListStores(self, request, context, staff: Staff):  # noqa: N802
        stores = await asyncio.to_thread(list_stores, self._new_uow())
        return admin_pb2.ListStoresReply(
            stores=[store_info(s) for s in stores if staff.sees_store(s.code)]
        )

    @authorised(Permission.CATALOGUE_WRITE)
    async def ImportCatalogue(self, request, context, staff: Staff):  # noqa: N802
        try:
            result = await asyncio.to_thread(
                import_catalogue,
                self._new_uow(),
                request.csv_text,
                request.dry_run,
                actor=staff.username,
            )
        except CatalogueRejected as exc:
            return admin_pb2.ImportCatalogueReply(
                applied=False,
                errors=[admin_pb2.ImportLineError(line_no=n, reason=r) for n, r in exc.errors],
            )
        if result.changed_skus:
            self._signal.notify()
        log_event(
            log, logging.INFO, "catalogue imported", by=staff.username, dry_run=request.dry_run,
            created=result.products_created, updated=result.products_updated,
        )  # fmt: skip
        return admin_pb2.ImportCatalogueReply(
            applied=result.applied,
            products_created=result.products_created,
            products_updated=result.products_updated,
            products_unchanged=result.products_unchanged,
        )

    @authorised(Permission.STOCK_READ)
    async def GetStock(self, request, context, staff: Staff):  # noqa: N802
        if request.store_code:
            staff.check_store(request.store_code)
        rows = await asyncio.to_thread(
            query_stock, self._new_uow(), request.store_code, request.sku, request.category,
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
                if staff.sees_store(r.store_code)
            ],
        )

    @authorised(Permission.SYNC_READ)
    async def GetSyncStatus(self, request, context, staff: Staff):  # noqa: N802
        if request.store_code:
            staff.check_store(request.store_code)
        views = await asyncio.to_thread(
            sync_status, self._new_uow(), now_ms(), request.store_code, self._heartbeat_timeout_ms
        )
        views = [v for v in views if staff.sees_store(v.store_code)]
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

    @authorised(Permission.SYNC_READ)
    async def Verify(self, request, context, staff: Staff):  # noqa: N802
        store = request.store_code
        staff.check_store(store)
        timeout_ms = request.timeout_ms or DEFAULT_VERIFY_TIMEOUT_MS
        known = await asyncio.to_thread(list_stores, self._new_uow())
        if store not in {s.code for s in known}:
            raise UnknownStore(store)
        stream = self._registry.get(store)
        if stream is None:
            result = await asyncio.to_thread(verify_last_heartbeat, self._new_uow(), store)
            return _verify_reply(store, result)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_ms / 1000
        report = await stream.request_balances(timeout_ms)
        balances = {b.sku: b.qty_base for b in report.balances}
        # The store may report as of entries still in flight to us: wait for them.
        while True:
            try:
                result = await asyncio.to_thread(
                    verify_report, self._new_uow(), store, report.as_of_seq, balances
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
