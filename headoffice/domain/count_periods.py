"""Periods and shares of the accuracy figures: the day, ISO week or month a count falls in,
in the shops' local time, and basis-point shares rounded down (headoffice.domain.accuracy).

Plain Python, no I/O. Labels of one bucket sort in time order, so reports can order
periods by label alone.
"""

from __future__ import annotations

import datetime as dt

from common.errors import InvalidInput
from common.i18n import _

DAY, WEEK, MONTH = "day", "week", "month"
BUCKETS = (DAY, WEEK, MONTH)
MAX_UTC_OFFSET_MINUTES = 14 * 60


def share_bp(part: int, whole: int) -> int | None:
    """part / whole in basis points, rounded down; None when whole is zero."""
    return part * 10_000 // whole if whole > 0 else None


def period_of(posted_at_ms: int, bucket: str = WEEK, utc_offset_minutes: int = 0) -> str:
    """The period label a moment falls in, in the shops' local time: '2026-W49' (ISO week),
    '2026-12-05' (day) or '2026-12' (month). Labels of one bucket sort in time order."""
    check_bucket(bucket)
    moment = dt.datetime.fromtimestamp(posted_at_ms // 1000, tz=dt.UTC) + dt.timedelta(
        minutes=utc_offset_minutes
    )
    if bucket == DAY:
        return moment.strftime("%Y-%m-%d")
    if bucket == MONTH:
        return moment.strftime("%Y-%m")
    year, week, _day = moment.isocalendar()
    return f"{year:04d}-W{week:02d}"


def check_bucket(bucket: str) -> str:
    if bucket not in BUCKETS:
        raise InvalidInput(
            _("the period {bucket} is not one of {valid}").format(
                bucket=repr(bucket), valid=", ".join(BUCKETS)
            )
        )
    return bucket


def bp_text(bp: int | None) -> str:
    """Basis points as a percentage with two decimals, in integers: 9753 -> '97.53%'."""
    if bp is None:
        return "-"
    sign = "-" if bp < 0 else ""
    whole, frac = divmod(abs(bp), 100)
    return f"{sign}{whole}.{frac:02d}%"
