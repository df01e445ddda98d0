"""Admin: the staff API hoctl uses for stores, sync status and verify; each method unpacks,
calls one service, packs."""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
from collections.abc import Callable
from functools import partial

from common.certs import KeyPair
from common.clock import now_ms
from common.logs import log_event
from common.pb.storeledger.v1 import admin_pb2, admin_pb2_grpc
from headoffice.api.auth import Authorizer, authorised
from headoffice.api.messages.admin import (
    certificate_info,
    store_info,
    sync_status_reply,
    verify_reply,
)
from headoffice.api.messages.sync import balance_report_of
from headoffice.api.revocations import RevocationCache
from headoffice.api.streams import OpenStream, StreamRegistry
from headoffice.domain.certificates import STORE_GRACE_DAYS
from headoffice.domain.errors import StoreNotConnected
from headoffice.domain.roles import Permission, Staff
from headoffice.domain.verify import BalanceReport
from headoffice.services.credentials import (
    list_store_certificates,
    reissue_store_certificate,
    revoke_store_certificate,
)
from headoffice.services.ports import UnitOfWorkFactory
from headoffice.services.reenrol import reenrol_store
from headoffice.services.status import sync_status
from headoffice.services.stores import add_store, disable_store, list_stores
from headoffice.services.verify import verify_store

log = logging.getLogger(__name__)


class AdminServicer(admin_pb2_grpc.AdminServicer):
    def __init__(
        self,
        new_uow: UnitOfWorkFactory,
        auth: Authorizer,
        ca: KeyPair,
        headoffice_address: Callable[[], str],
        registry: StreamRegistry,
        heartbeat_timeout_ms: int = 15_000,
        revocations: RevocationCache | None = None,
    ) -> None:
        self._revocations = revocations
        self._new_uow = new_uow
        self._auth = auth
        self._ca = ca
        self._address = headoffice_address
        self._registry = registry
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
        store = await asyncio.to_thread(disable_store, self._new_uow(), staff, request.store_code)
        log_event(log, logging.INFO, "store disabled", store=store.code, by=staff.username)
        return store_info(store)

    @authorised(Permission.STORE_MANAGE)
    async def ReissueStoreCertificate(self, request, context, staff: Staff):  # noqa: N802
        grace = request.grace_days if request.HasField("grace_days") else STORE_GRACE_DAYS
        reissued = await asyncio.to_thread(
            reissue_store_certificate, self._new_uow(), self._ca, staff, request.store_code,
            self._address(), grace,
        )  # fmt: skip
        self._revocations_changed()
        log_event(
            log, logging.INFO, "store certificate reissued", store=reissued.store.code,
            serial=reissued.serial, by=staff.username,
            superseded=",".join(r.serial or "*" for r in reissued.superseded),
        )  # fmt: skip
        now = now_ms()
        return admin_pb2.ReissueStoreCertificateReply(
            store=store_info(reissued.store),
            bundle=reissued.bundle.to_bytes(),
            serial=reissued.serial,
            superseded=[certificate_info(r, now) for r in reissued.superseded],
            superseded_at_ms=reissued.superseded_at_ms,
        )

    @authorised(Permission.STORE_MANAGE)
    async def ReenrolStore(self, request, context, staff: Staff):  # noqa: N802
        done = await asyncio.to_thread(
            reenrol_store, self._new_uow(), self._ca, staff, request.store_code, self._address()
        )
        self._revocations_changed()
        reissued = done.reissued
        log_event(
            log, logging.WARNING, "store re-enrolled", store=reissued.store.code,
            serial=reissued.serial, by=staff.username,
            unbound_instance_id=done.unbound_instance_id, committed_seq=done.committed_seq,
        )  # fmt: skip
        return admin_pb2.ReenrolStoreReply(
            store=store_info(reissued.store),
            bundle=reissued.bundle.to_bytes(),
            serial=reissued.serial,
            unbound_instance_id=done.unbound_instance_id,
            committed_seq=done.committed_seq,
        )

    @authorised(Permission.STORE_MANAGE)
    async def RevokeStoreCertificate(self, request, context, staff: Staff):  # noqa: N802
        now = now_ms()
        revoked = await asyncio.to_thread(
            revoke_store_certificate, self._new_uow(), staff, request.store_code,
            request.serial, now,
        )  # fmt: skip
        self._revocations_changed()
        log_event(
            log, logging.INFO, "store certificate revoked", store=request.store_code,
            serials=",".join(r.serial or "*" for r in revoked), by=staff.username,
        )  # fmt: skip
        return admin_pb2.RevokeStoreCertificateReply(
            revoked=[certificate_info(r, now) for r in revoked], revoked_at_ms=now
        )

    @authorised(Permission.SYNC_READ)
    async def ListStoreCertificates(self, request, context, staff: Staff):  # noqa: N802
        records = await asyncio.to_thread(
            list_store_certificates, self._new_uow(), staff, request.store_code
        )
        now = now_ms()
        return admin_pb2.ListStoreCertificatesReply(
            certificates=[certificate_info(r, now) for r in records]
        )

    def _revocations_changed(self) -> None:
        if self._revocations is not None:
            self._revocations.invalidate()

    @authorised(Permission.SYNC_READ)
    async def ListStores(self, request, context, staff: Staff):  # noqa: N802
        stores = await asyncio.to_thread(list_stores, self._new_uow(), staff)
        return admin_pb2.ListStoresReply(stores=[store_info(s) for s in stores])

    @authorised(Permission.SYNC_READ)
    async def GetSyncStatus(self, request, context, staff: Staff):  # noqa: N802
        views = await asyncio.to_thread(
            sync_status, self._new_uow(), now_ms(), request.store_code,
            self._heartbeat_timeout_ms, staff,
        )  # fmt: skip
        return sync_status_reply(views)

    @authorised(Permission.SYNC_READ)
    async def Verify(self, request, context, staff: Staff):  # noqa: N802
        staff.check_store(request.store_code)
        stream = self._registry.get(request.store_code)
        ask = ask_hashes = None
        if stream is not None:
            ask = partial(_ask_balances, asyncio.get_running_loop(), stream)
            ask_hashes = partial(_ask_hashes, asyncio.get_running_loop(), stream)
        result = await asyncio.to_thread(
            verify_store, self._new_uow, request.store_code, ask, request.timeout_ms,
            ask_hashes=ask_hashes,
        )  # fmt: skip
        return verify_reply(result)


def _ask_balances(
    loop: asyncio.AbstractEventLoop, stream: OpenStream, timeout_ms: int
) -> BalanceReport:
    """Ask the store over its open stream (on the event loop) and wait here, in verify's thread."""
    asked = asyncio.run_coroutine_threadsafe(stream.request_balances(timeout_ms), loop)
    try:
        report = asked.result()
    except concurrent.futures.CancelledError:
        # The stream ended (the store went away, or a newer stream replaced it) before it answered.
        raise StoreNotConnected(stream.store_code) from None
    return balance_report_of(report)


def _ask_hashes(
    loop: asyncio.AbstractEventLoop, stream: OpenStream, seqs: list[int], timeout_ms: int
) -> dict[int, bytes]:
    """The store's entry hashes at seqs, asked over its open stream (as _ask_balances)."""
    asked = asyncio.run_coroutine_threadsafe(stream.request_balances(timeout_ms, seqs), loop)
    try:
        report = asked.result()
    except concurrent.futures.CancelledError:
        raise StoreNotConnected(stream.store_code) from None
    return dict(zip(seqs, report.entry_hashes, strict=False))
