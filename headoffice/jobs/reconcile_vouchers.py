"""Job reconcile_vouchers: compare yesterday's and today's redemptions of every configured
platform with the platform's list (headoffice.services.voucher_admin.reconcile); the runs and
their differences are stored, the metric storeledger_voucher_differences shows the latest."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from common.i18n import _
from headoffice.domain.counts import count_policy
from headoffice.domain.jobs import JobResult
from headoffice.platforms.http_platform import build_platforms
from headoffice.platforms.settings import platform_settings
from headoffice.services.voucher_admin import reconcile
from headoffice.services.voucher_ports import VouchersUnitOfWorkPort

if TYPE_CHECKING:
    from headoffice.jobs.registry import JobContext


def run(ctx: JobContext) -> JobResult:
    offset = count_policy(dict(ctx.config["counts"])).utc_offset_minutes
    platforms = build_platforms(platform_settings(ctx.config), offset)
    new_uow = cast("Callable[[], VouchersUnitOfWorkPort]", ctx.new_uow)
    runs = reconcile(new_uow, platforms, "", "", "job", offset, ctx.clock)
    found = sum(len(r.differences) for r in runs)
    return JobResult(
        _("{runs} voucher reconciliations, {found} differences").format(
            runs=len(runs), found=found
        ),
        {"runs": len(runs), "differences": found},
    )
