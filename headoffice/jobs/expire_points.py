"""Job expire_points: post the points expiries due this month ([points] expiry_months), once
a month (headoffice.services.points.expire_points).

A lot earned in month M is gone when month M + N + 1 begins in the shops' time zone
([counts] utc_offset_minutes); the run on the 1st of a month expires the lots that ran
out with the month before. Each expiry's key names the member and the lot, so a second
run in the same month (a retry, a second head-office process) posts nothing new.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

from common.i18n import _
from headoffice.domain.counts import count_policy
from headoffice.domain.jobs import JobResult
from headoffice.domain.points_config import points_rule
from headoffice.domain.report_period import today_of
from headoffice.services.loyalty_ports import LoyaltyUnitOfWorkPort
from headoffice.services.points import expire_points

if TYPE_CHECKING:
    from headoffice.jobs.registry import JobContext


def month_of(now_ms: int, utc_offset_minutes: int) -> int:
    """YYYYMM of the shops' day at `now_ms`."""
    day = dt.date(1970, 1, 1) + dt.timedelta(days=today_of(now_ms, utc_offset_minutes))
    return day.year * 100 + day.month


def run(ctx: JobContext) -> JobResult:
    rule = points_rule(dict(ctx.config.get("points", {})))
    offset = count_policy(dict(ctx.config["counts"])).utc_offset_minutes
    now = ctx.clock()
    month = month_of(now, offset)
    uow = cast(LoyaltyUnitOfWorkPort, ctx.new_uow())
    members, points = expire_points(uow, rule, month, now)
    return JobResult(
        _("{points} points of {members} members expired ({month})").format(
            points=points, members=members, month=f"{month // 100}-{month % 100:02d}"
        ),
        {"members": members, "points": points},
    )
