"""Where an accuracy report starts (since_of) and the [counts] settings it reads."""

from __future__ import annotations

import datetime as dt

import pytest

from common.errors import ConfigError, InvalidInput
from headoffice.domain.counts import count_policy
from headoffice.services.counts_reports import since_of


def ms(*args: int) -> int:
    return int(dt.datetime(*args, tzinfo=dt.UTC).timestamp()) * 1000


def test_since_is_the_shops_midnight() -> None:
    china = count_policy({"utc_offset_minutes": 480})
    assert since_of("2026-12-01", china, 0) == ms(2026, 11, 30, 16)
    assert since_of("2026-12-01", count_policy({}), 0) == ms(2026, 12, 1)
    # Left out: accuracy_days before today's midnight, in the shops' time.
    now = ms(2026, 12, 5, 20)  # 04:00 on the 6th in China
    assert since_of("", china, now) == ms(2026, 12, 6) - 90 * 86_400_000 - 480 * 60_000
    week = count_policy({"accuracy_days": 7})
    assert since_of("", week, now) == ms(2026, 11, 28)
    with pytest.raises(InvalidInput, match="YYYY-MM-DD"):
        since_of("12/01/2026", china, now)


@pytest.mark.parametrize(
    "section",
    [{"accuracy_days": 0}, {"utc_offset_minutes": 900}, {"utc_offset_minutes": "8h"}],
)
def test_bad_accuracy_settings_are_refused(section: dict[str, object]) -> None:
    with pytest.raises(ConfigError):
        count_policy(section)
