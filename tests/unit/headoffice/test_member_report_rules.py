"""The rules behind the issue-15 reports, without a database: the uplift windows and ratio,
points lots by expiry month and the movements' check, the points rule from [points], and
the stored-value expiry rule of the prepaid-card rules (named never, anonymous >= 3 years)."""

from __future__ import annotations

import datetime as dt

import pytest

from common.domain.points_ledger import ADJUST, EARN, EXPIRE, REDEEM, REVERSE, PointsEntry
from common.domain.promotions import Offer
from common.errors import ConfigError, InvalidInput
from headoffice.domain.members import Member
from headoffice.domain.points_config import points_rule
from headoffice.domain.points_report import (
    expires_month,
    month_text,
    movements_of,
    outstanding_lots,
)
from headoffice.domain.promotions import Promotion
from headoffice.domain.report_period import DAY_MS, day_text
from headoffice.domain.stored_value import (
    MIN_EXPIRY_DAYS,
    POLICY_DEFAULTS,
    Balance,
    policy_from_config,
)
from headoffice.domain.stored_value_expiry import expires_at_ms, expiry_entry, expiry_key
from headoffice.domain.uplift import before_window, offer_window, ratio_bp, uplift_rows

EPOCH = dt.date(1970, 1, 1)


def day(text: str) -> int:
    return (dt.date.fromisoformat(text) - EPOCH).days


def promo(starts: str = "", ends: str = "", created: str = "2026-11-01",
          ended_ms: int | None = None) -> Promotion:  # fmt: skip
    offer = Offer(
        "P1", "percent_off", skus=("TEA",), percent_bp=1000,
        starts=dt.datetime.fromisoformat(starts) if starts else None,
        ends=dt.datetime.fromisoformat(ends) if ends else None,
    )  # fmt: skip
    return Promotion(offer, "admin", day(created) * DAY_MS, "admin" if ended_ms else "", ended_ms)


def window(p: Promotion, today: str, offset: int = 0) -> tuple[str, str]:
    w = offer_window(p, day(today), offset)
    return day_text(w.first_day), day_text(w.end_day - 1)


def test_the_offer_window_is_whole_shop_days_up_to_today() -> None:
    # An end at 00:00 is exclusive; an end during a day counts that day.
    assert window(promo("2026-12-01 00:00", "2026-12-11 00:00"), "2027-01-01") == (
        "2026-12-01", "2026-12-10"
    )  # fmt: skip
    assert window(promo("2026-12-01 10:00", "2026-12-10 18:00"), "2027-01-01") == (
        "2026-12-01", "2026-12-10"
    )  # fmt: skip
    # Still running: up to today; no start: from the day it was created.
    assert window(promo(ends="2027-02-01 00:00"), "2026-11-05") == ("2026-11-01", "2026-11-05")
    # Ended early by hand: up to the day it was ended (in the shops' time zone: +8 h).
    ended = promo("2026-12-01 00:00", ended_ms=day("2026-12-03") * DAY_MS + 17 * 3_600_000)
    assert window(ended, "2027-01-01", 480) == ("2026-12-01", "2026-12-04")
    assert window(ended, "2027-01-01", 0) == ("2026-12-01", "2026-12-03")
    with pytest.raises(InvalidInput, match="has not run a whole day yet"):
        offer_window(promo("2026-12-01 00:00"), day("2026-11-30"), 0)


def test_the_window_before_has_as_many_days_and_ends_where_the_offer_starts() -> None:
    w = offer_window(promo("2026-12-01 00:00", "2026-12-11 00:00"), day("2027-01-01"), 480)
    b = before_window(w)
    assert (b.days, b.end_day, day_text(b.first_day)) == (10, w.first_day, "2026-11-21")
    assert b.utc_offset_minutes == 480


def test_ratio_in_basis_points_rounds_down_and_is_null_without_sales_before() -> None:
    assert ratio_bp(9_000, 5_000) == 18_000
    assert ratio_bp(1, 3) == 3_333
    assert ratio_bp(0, 500) == 0
    assert ratio_bp(500, 0) is None
    rows = uplift_rows(["TEA", "COLA"], {"TEA": (5, 5_000)}, {"TEA": (10, 9_000)})
    assert [r.sku for r in rows] == ["TEA", "COLA"]
    assert rows[1].document()["uplift_bp"] is None


def test_points_lots_add_up_by_month_and_expire_the_month_after_n() -> None:
    assert (expires_month(202601, 12), expires_month(202611, 1), expires_month(202601, 0)) == (
        202702, 202701, 0
    )  # fmt: skip
    assert (month_text(202601), month_text(0)) == ("2026-01", "")
    a = [
        PointsEntry("a1", "M1", EARN, 100, 202601),
        PointsEntry("a2", "M1", EARN, 50, 202603),
        PointsEntry("a3", "M1", REDEEM, -120),  # the oldest lot first: 100 of Jan, 20 of Mar
    ]
    b = [PointsEntry("b1", "M2", EARN, 70, 202603), PointsEntry("b2", "M2", REVERSE, -70, 202603)]
    c = [PointsEntry("c1", "M3", EARN, 5, 202603)]
    lots = outstanding_lots([a, b, c], 12)
    assert [(x.lot_month, x.expires_month, x.points, x.member_count) for x in lots] == [
        (202603, 202704, 35, 2)
    ]


def test_movements_and_the_check_opening_plus_movements_is_closing() -> None:
    moved = movements_of({EARN: 500, REVERSE: -20, REDEEM: -100, "reward": -30,
                          "refund_redeem": 10, EXPIRE: -40, ADJUST: -5,
                          "merge_in": 60, "merge_out": -60})  # fmt: skip
    assert moved.document() == {
        "earned_points": 500, "reversed_points": 20, "redeemed_points": 120,
        "expired_points": 40, "adjusted_points": -5,
    }  # fmt: skip
    assert moved.net == 500 - 20 - 100 - 30 + 10 - 40 - 5


def test_the_points_rule_comes_from_points_section() -> None:
    assert points_rule({}).expiry_months == 12
    assert points_rule({"expiry_months": 0, "unknown": 1}).expiry_months == 0
    with pytest.raises(ConfigError, match=r"\[points\] points expire after 0 to 1200 months"):
        points_rule({"expiry_months": -1})


def _member(phone: str = "", name: str = "", erased: int = 0) -> Member:
    card = "" if phone else "ANON1"
    return Member("M000001", phone, name, card, "", "", False, "", "member", 0, "admin", 0, erased)


def test_only_active_anonymous_cards_expire_and_never_within_three_years() -> None:
    assert MIN_EXPIRY_DAYS == 1096  # three years with a leap day in them
    assert policy_from_config(POLICY_DEFAULTS).anonymous_expiry_days == 0
    for bad in (1, 365, 1095, -1, True, "1096", 36_601):
        with pytest.raises(ConfigError, match="may not expire within three years"):
            policy_from_config({**POLICY_DEFAULTS, "anonymous_expiry_days": bad})
    assert policy_from_config({**POLICY_DEFAULTS, "anonymous_expiry_days": 1096})
    anon, named = _member(), _member("13812345678", "张三")
    assert expires_at_ms(anon, 1_000, 1096) == 1_000 + 1096 * DAY_MS
    assert expires_at_ms(named, 1_000, 1096) is None  # 记名卡不得设有效期
    assert expires_at_ms(_member(erased=5), 1_000, 1096) is None  # owed a cash-out
    assert expires_at_ms(anon, 1_000, 0) is None  # no rule
    assert expires_at_ms(anon, 0, 1096) is None  # never topped up


def test_the_expiry_entry_forfeits_both_buckets_under_a_key_of_the_top_up() -> None:
    entry = expiry_entry("M000001", Balance(45_000, 3_000), 17, 99)
    assert (entry.kind, entry.amount_minor, entry.principal_minor, entry.bonus_minor) == (
        "expire", 48_000, -45_000, -3_000
    )  # fmt: skip
    assert entry.idem_key == expiry_key("M000001", 17) == "sv-expire:M000001:17"
    assert (entry.store_code, entry.payout_minor, entry.ref_entry_id) == ("", 0, 17)
