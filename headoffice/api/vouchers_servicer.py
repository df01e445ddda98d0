"""VoucherTill (stores: the store from the certificate) and VoucherAdmin (staff): unpack,
call one service in a thread, pack.

The platform adapters are built once from [vouchers.platforms] at start and shared. When a
call finds a platform answering again after it was unreachable, a reconciliation of today
runs for it in the background, after the call and outside its transaction.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import grpc

from common.certs import ROLE_STORE
from common.domain.till_roles import check_staff_code
from common.errors import InvalidInput, StoreLedgerError
from common.i18n import _
from common.logs import log_event
from common.pb.storeledger.v1 import vouchers_pb2, vouchers_pb2_grpc
from headoffice.api.auth import Authorizer, authorised
from headoffice.api.caller import caller
from headoffice.api.messages.vouchers import (
    package_message,
    reconciliation_message,
    redemption_message,
    redemption_reply,
    voucher_info,
)
from headoffice.domain.counts import count_policy
from headoffice.domain.errors import StoreIdentityMismatch
from headoffice.domain.report_period import day_text, today_of
from headoffice.domain.roles import Permission, Staff
from headoffice.platforms.http_platform import build_platforms
from headoffice.platforms.settings import platform_settings
from headoffice.services import voucher_admin, vouchers
from headoffice.services.voucher_ports import VoucherPlatform, VouchersUnitOfWorkPort

log = logging.getLogger(__name__)
TILL_SERVICE = vouchers_pb2.DESCRIPTOR.services_by_name["VoucherTill"]
SERVICE = vouchers_pb2.DESCRIPTOR.services_by_name["VoucherAdmin"]
NewUow = Callable[[], VouchersUnitOfWorkPort]


def store_of_caller() -> str:
    identity = caller()
    if identity.role != ROLE_STORE:
        raise StoreIdentityMismatch(
            _("vouchers at the till need a store's certificate, not a {role} certificate "
              "({name})").format(role=identity.role, name=identity.name)
        )  # fmt: skip
    return identity.name


class Reconnects:
    """Runs a reconciliation of today for each platform that answers again after it was down."""

    def __init__(
        self, new_uow: NewUow, platforms: Mapping[str, VoucherPlatform], offset: int,
        enabled: bool, clock: Callable[[], int],
    ) -> None:  # fmt: skip
        self._new_uow = new_uow
        self._platforms = platforms
        self._offset = offset
        self._enabled = enabled
        self._clock = clock
        self.tasks: set[asyncio.Task[Any]] = set()

    def check(self) -> None:
        for name, platform in self._platforms.items():
            if platform.take_reconnected() and self._enabled:
                task = asyncio.get_running_loop().create_task(self._run(name))
                self.tasks.add(task)
                task.add_done_callback(self.tasks.discard)

    async def _run(self, name: str) -> None:
        day = day_text(today_of(self._clock(), self._offset))
        try:
            await asyncio.to_thread(
                voucher_admin.reconcile, self._new_uow, self._platforms, name, day, "reconnect",
                self._offset,
            )  # fmt: skip
        except StoreLedgerError as exc:
            log_event(log, logging.WARNING, "reconnect reconciliation failed", platform=name,
                      error=str(exc))  # fmt: skip


class VoucherTillServicer(vouchers_pb2_grpc.VoucherTillServicer):
    def __init__(
        self, new_uow: NewUow, platforms: Mapping[str, VoucherPlatform], reconnects: Reconnects
    ) -> None:
        self._new_uow = new_uow
        self._platforms = platforms
        self._reconnects = reconnects

    async def _call(self, fn: Callable[[], Any]) -> Any:
        try:
            return await asyncio.to_thread(fn)
        finally:
            self._reconnects.check()

    async def ScanVoucher(self, request, context):  # noqa: N802
        store = store_of_caller()
        scanned = await self._call(
            partial(
                vouchers.scan,
                self._new_uow(),
                self._platforms,
                store,
                request.platform,
                request.code,
            )  # fmt: skip
        )
        return voucher_info(scanned)

    async def VerifyVoucher(self, request, context):  # noqa: N802
        store = store_of_caller()
        cashier = check_staff_code(request.cashier) if request.cashier else ""
        ask = vouchers.TillVoucher(
            store, request.platform, request.code, request.count, request.request_id,
            request.till_id[:32], cashier,
        )  # fmt: skip
        done = await self._call(partial(vouchers.verify, self._new_uow, self._platforms, ask))
        return redemption_reply(done.redemption, done.replayed)

    async def CancelVoucher(self, request, context):  # noqa: N802
        store = store_of_caller()
        done = await self._call(
            partial(
                vouchers.cancel,
                self._new_uow,
                self._platforms,
                store,
                request.redemption_id,
                request.request_id,
            )  # fmt: skip
        )
        return redemption_reply(done.redemption, done.replayed)


class VoucherAdminServicer(vouchers_pb2_grpc.VoucherAdminServicer):
    def __init__(
        self, new_uow: NewUow, auth: Authorizer, platforms: Mapping[str, VoucherPlatform],
        offset: int,
    ) -> None:  # fmt: skip
        self._new_uow = new_uow
        self._auth = auth
        self._platforms = platforms
        self._offset = offset

    @authorised(Permission.VOUCHER_WRITE)
    async def SetPackage(self, request, context, staff: Staff):  # noqa: N802
        lines = [(m.sku, m.qty_base) for m in request.per_use]
        package = await asyncio.to_thread(
            voucher_admin.set_package, self._new_uow(), staff, sorted(self._platforms),
            request.platform, request.product_id, request.title, lines,
        )  # fmt: skip
        return package_message(package)

    @authorised(Permission.VOUCHER_READ)
    async def ListPackages(self, request, context, staff: Staff):  # noqa: N802
        found = await asyncio.to_thread(
            voucher_admin.list_packages, self._new_uow(), staff, request.platform
        )
        return vouchers_pb2.ListVoucherPackagesReply(packages=[package_message(p) for p in found])

    @authorised(Permission.VOUCHER_READ)
    async def ListRedemptions(self, request, context, staff: Staff):  # noqa: N802
        found = await asyncio.to_thread(
            voucher_admin.list_redemptions, self._new_uow(), staff, request.platform,
            request.store_code, request.state, request.limit,
        )  # fmt: skip
        return vouchers_pb2.ListVoucherRedemptionsReply(
            redemptions=[redemption_message(r) for r in found]
        )

    @authorised(Permission.VOUCHER_WRITE)
    async def Reconcile(self, request, context, staff: Staff):  # noqa: N802
        runs = await asyncio.to_thread(
            voucher_admin.reconcile_by_staff, self._new_uow, self._platforms, staff,
            request.platform, request.day, self._offset,
        )  # fmt: skip
        # One message per call: the last run holds every run's differences when several ran.
        if not runs:  # no platform configured: nothing to compare
            return vouchers_pb2.VoucherReconciliation(platform=request.platform, day=request.day)
        last = runs[-1]
        merged = reconciliation_message(last)
        if len(runs) > 1:
            merged.ClearField("differences")
            merged.platform = request.platform
            merged.day = request.day
            merged.checked = sum(r.checked for r in runs)
            merged.started_at_ms = runs[0].started_at_ms
            for run in runs:
                merged.differences.extend(reconciliation_message(run).differences)
        return merged

    @authorised(Permission.VOUCHER_READ)
    async def ListDifferences(self, request, context, staff: Staff):  # noqa: N802
        run_id = _run_id(request.run_id)
        found = await asyncio.to_thread(
            voucher_admin.show_differences, self._new_uow(), staff, request.platform, run_id
        )
        if found is None:  # never reconciled: an empty answer (hoctl says so)
            return vouchers_pb2.VoucherReconciliation(platform=request.platform)
        return reconciliation_message(found)


def _run_id(text: str) -> int:
    if not text:
        return 0
    if not text.isdigit():
        raise InvalidInput(_("--run is a reconciliation run number, got {value}").format(
            value=repr(text)))  # fmt: skip
    return int(text)


def add_to_server(
    server: grpc.aio.Server,
    new_uow: NewUow,
    auth: Authorizer,
    config: dict[str, dict[str, Any]],
    clock: Callable[[], int],
) -> Reconnects:
    offset = count_policy(config.get("counts", {})).utc_offset_minutes
    platforms = build_platforms(platform_settings(config), offset)
    enabled = bool(config.get("vouchers", {}).get("reconcile_on_reconnect", True))
    reconnects = Reconnects(new_uow, platforms, offset, enabled, clock)
    vouchers_pb2_grpc.add_VoucherTillServicer_to_server(
        VoucherTillServicer(new_uow, platforms, reconnects), server
    )
    vouchers_pb2_grpc.add_VoucherAdminServicer_to_server(
        VoucherAdminServicer(new_uow, auth, platforms, offset), server
    )
    return reconnects
