"""A report's period: whole days in the shops' time zone, from --since/--until or --days.

Days are numbered since 1970-01-01 in the shops' time ([counts] utc_offset_minutes);
the period is [first_day, end_day), at least one day and at most MAX_DAYS.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from common.errors import InvalidInput
from common.i18n import _

DAY_MS = 24 * 3600 * 1000
DEFAULT_DAYS = 30
MAX_DAYS = 731  # two years: longer reports are a data export, not a report


@dataclass(frozen=True)
class Period:
    first_day: int  # the first day in the report (days since 1970-01-01, shops' time)
    end_day: int  # the first day after it
    utc_offset_minutes: int = 0

    @property
    def days(self) -> int:
        return self.end_day - self.first_day

    @property
    def since_ms(self) -> int:
        return self.first_day * DAY_MS - self.utc_offset_minutes * 60_000

    @property
    def until_ms(self) -> int:
        return self.end_day * DAY_MS - self.utc_offset_minutes * 60_000

    def label(self, day: int) -> str:
        return day_text(day)

    @property
    def first_text(self) -> str:
        return day_text(self.first_day)

    @property
    def last_text(self) -> str:
        return day_text(self.end_day - 1)


def day_text(day: int) -> str:
    return (dt.date(1970, 1, 1) + dt.timedelta(days=day)).isoformat()


def day_of(text: str, option: str) -> int:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            _("{option} {value} is not a date; say it as YYYY-MM-DD").format(
                option=option, value=repr(text)
            )
        ) from None
    return (day - dt.date(1970, 1, 1)).days


def today_of(now_ms: int, utc_offset_minutes: int) -> int:
    return (now_ms + utc_offset_minutes * 60_000) // DAY_MS


def period_of(
    since: str, until: str, days: int, now_ms: int, utc_offset_minutes: int = 0
) -> Period:
    """The period the options name: --since to --until (both days included; --until defaults
    to today), or the --days days up to --until (default DEFAULT_DAYS). Refused with one
    sentence: a date that is not one, both --since and --days, an empty or inverted range,
    more than MAX_DAYS days."""
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        raise InvalidInput(_("--days must be a whole number of days, 1 or more"))
    last = day_of(until, "--until") if until else today_of(now_ms, utc_offset_minutes)
    if since and days:
        raise InvalidInput(_("give either --since or --days, not both"))
    if since:
        first = day_of(since, "--since")
        if first > last:
            raise InvalidInput(
                _("the period is empty: --since {since} is after --until {until}").format(
                    since=day_text(first), until=day_text(last)
                )
            )
    else:
        days = days or DEFAULT_DAYS
        first = last - days + 1
    if last - first + 1 > MAX_DAYS:
        raise InvalidInput(
            _("a report covers at most {most} days, not {days}").format(
                most=MAX_DAYS, days=last - first + 1
            )
        )
    return Period(first, last + 1, utc_offset_minutes)
