"""Vouchers for staff: packages (what one use of a platform product deducts), the
redemptions, and reconciliation with the platforms' lists of redeemed codes.

Reconciliation runs daily (job reconcile_vouchers), when a platform answers again after it
was unreachable (trigger "reconnect"), and by hand (hoctl voucher reconcile). Each run
compares one platform's day and is stored with its differences; the platform is asked
outside any transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import replace

from common.clock import now_ms as clock_now_ms
from common.errors import InvalidInput, NotFound
from common.i18n import _
from common.logs import log_event
from headoffice.domain.errors import UnknownProduct
from headoffice.domain.report_period import DAY_MS, day_of, day_text, today_of
from headoffice.domain.roles import Permission, Staff
from headoffice.domain.vouchers import (
    STATES,
    Package,
    Reconciliation,
    Redemption,
    check_package_lines,
    check_platform,
    check_product,
    differences,
)
from headoffice.services import audit
from headoffice.services.voucher_ports import VoucherPlatform, VouchersUnitOfWorkPort

log = logging.getLogger(__name__)
MAX_LIST = 10_000
TRIGGERS = ("job", "reconnect", "hoctl")


def set_package(
    uow: VouchersUnitOfWorkPort,
    staff: Staff,
    platforms: list[str],
    platform: str,
    product_id: str,
    title: str,
    lines: list[tuple[str, int]],
    now_ms: int | None = None,
) -> Package:
    staff.require(Permission.VOUCHER_WRITE)
    check_platform(platform, platforms)
    check_product(product_id)
    title = title.strip()
    if not 1 <= len(title) <= 200:
        raise InvalidInput(_("--title is 1 to 200 characters"))
    checked = check_package_lines(lines)
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        missing = sorted({line.sku for line in checked} - uow.catalogue.existing_skus(
            [line.sku for line in checked]))  # fmt: skip
        if missing:
            raise UnknownProduct(missing[0])
        before = uow.vouchers.package(platform, product_id)
        package = Package(platform, product_id, title, checked, now, staff.username)
        uow.vouchers.set_package(package)
        audit.record(
            uow, staff.username, "voucher.package", "voucher_package", f"{platform}:{product_id}",
            None if before is None else _package_dict(before), _package_dict(package), now_ms=now,
        )  # fmt: skip
        uow.commit()
    return package


def _package_dict(p: Package) -> dict[str, object]:
    return {"title": p.title, "lines": [[line.sku, line.qty_base] for line in p.lines]}


def list_packages(uow: VouchersUnitOfWorkPort, staff: Staff, platform: str) -> list[Package]:
    staff.require(Permission.VOUCHER_READ)
    with uow:
        return uow.vouchers.packages(platform)


def list_redemptions(
    uow: VouchersUnitOfWorkPort, staff: Staff, platform: str, store_code: str, state: str,
    limit: int,
) -> list[Redemption]:  # fmt: skip
    staff.require(Permission.VOUCHER_READ)
    if state and state not in STATES:
        raise InvalidInput(
            _("--state is one of {states}, got {value}").format(
                states=", ".join(STATES), value=repr(state)
            )
        )
    if store_code:
        staff.check_store(store_code)
    with uow:
        rows = uow.vouchers.redemptions(
            platform, store_code, state, max(1, min(limit or 500, MAX_LIST))
        )
    return [r for r in rows if staff.sees_store(r.store_code)]


def reconcile(
    new_uow: Callable[[], VouchersUnitOfWorkPort],
    platforms: Mapping[str, VoucherPlatform],
    platform: str,
    day: str,
    trigger: str,
    utc_offset_minutes: int = 0,
    clock: Callable[[], int] = clock_now_ms,
) -> list[Reconciliation]:
    """Compare our redemptions of `day` (""; yesterday and today) on `platform` (""; every
    configured one) with the platform's list; store each run and its differences."""
    names = [check_platform(platform, sorted(platforms))] if platform else sorted(platforms)
    now = clock()
    if day:
        days = [day_of(day, "--day")]
    else:
        today = today_of(now, utc_offset_minutes)
        days = [today - 1, today]
    runs = []
    for name in names:
        for d in days:
            started = clock()
            theirs = platforms[name].redeemed_on(day_text(d))
            since = d * DAY_MS - utc_offset_minutes * 60_000
            uow = new_uow()
            with uow:
                ours = uow.vouchers.verified_between(name, since, since + DAY_MS)
                found = differences(name, ours, theirs)
                checked = {p.platform_ref for p in theirs} | {
                    r.platform_ref or f"#{r.id}" for r in ours
                }
                run = Reconciliation(
                    0, name, day_text(d), started, clock(), len(checked), tuple(found), trigger
                )
                run = replace(run, run_id=uow.vouchers.add_reconciliation(run))
                uow.commit()
            log_event(
                log, logging.INFO if not found else logging.WARNING, "vouchers reconciled",
                platform=name, day=run.day, checked=run.checked, differences=len(found),
                trigger=trigger, run_id=run.run_id,
            )  # fmt: skip
            runs.append(run)
    return runs


def reconcile_by_staff(
    new_uow: Callable[[], VouchersUnitOfWorkPort],
    platforms: Mapping[str, VoucherPlatform],
    staff: Staff,
    platform: str,
    day: str,
    utc_offset_minutes: int = 0,
) -> list[Reconciliation]:
    staff.require(Permission.VOUCHER_WRITE)
    return reconcile(new_uow, platforms, platform, day, "hoctl", utc_offset_minutes)


def show_differences(
    uow: VouchersUnitOfWorkPort, staff: Staff, platform: str, run_id: int
) -> Reconciliation | None:
    """A run and its differences (run_id 0: the latest; None when there has been none)."""
    staff.require(Permission.VOUCHER_READ)
    if run_id < 0:
        raise InvalidInput(_("--run is a reconciliation run number, got {value}").format(
            value=run_id))  # fmt: skip
    with uow:
        found = uow.vouchers.reconciliation(platform, run_id)
    if found is None and run_id:
        raise NotFound(_("there is no voucher reconciliation run {run}").format(run=run_id))
    return found
