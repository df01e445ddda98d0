"""The rules head office applies a member's sale by (headoffice.domain.member_sales), on plain
values: who is credited, which level and birthday a till may have priced with, how an offline
debit past the balance is split, the shops' day."""

from __future__ import annotations

import pytest

from headoffice.domain.member_levels import level_rules
from headoffice.domain.member_sales import (
    MEMBER_MISMATCH,
    MemberSaleRefused,
    birthday_parts,
    check_member,
    local_day,
    month_of,
    needs_members,
    offline_booking,
)
from headoffice.domain.members import Member
from tests.journal_entries import customer_return, sale
from tests.member_entries import member_sale, tender

RULES = level_rules({"levels": "silver:100000:0:365,gold:500000:0:365"})


def member(member_id: str = "M000001", level: str = "silver", **changes: object) -> Member:
    base = Member(
        member_id, "13800000001", "Ann", "", "", "1990-07-15", False, "", level, 1, "a", 1
    )
    return base.with_(**changes)


def test_the_member_is_credited_or_the_survivor_of_a_merge() -> None:
    assert check_member("M000001", member(), None, "", "", RULES).member_id == "M000001"
    merged = member(merged_into="M000002")
    survivor = member("M000002", level="gold")
    assert check_member("M000001", merged, survivor, "gold", "", RULES) is survivor


@pytest.mark.parametrize(
    "found, level, birthday",
    [(None, "", ""), (member(erased_at_ms=5), "", ""), (member(merged_into="M000009"), "", ""),
     (member(), "gold", ""), (member(), "diamond", ""), (member(), "", "07-16")],
)  # fmt: skip
def test_what_the_member_does_not_hold_is_refused(
    found: Member | None, level: str, birthday: str
) -> None:
    with pytest.raises(MemberSaleRefused) as refused:
        check_member("M000001", found, None, level, birthday, RULES)
    assert refused.value.code == MEMBER_MISMATCH


def test_a_level_held_below_the_current_one_and_the_birthday_are_accepted() -> None:
    gold = member(level="gold")
    for level in ("", "member", "silver", "gold"):
        check_member("M000001", gold, None, level, "07-15", RULES)
    assert birthday_parts("07-15") == (7, 15) and birthday_parts("") == (0, 0)


def test_an_offline_debit_takes_what_the_balance_holds() -> None:
    assert offline_booking(300, 500, 1_000) == offline_booking(300, 500, 300)
    booked = offline_booking(1_200, 500, 1_000)
    assert (booked.taken_minor, booked.shortfall_minor, booked.over_allowance) == (500, 700, True)
    assert offline_booking(100, -5, 1_000).taken_minor == 0


def test_the_shops_day_and_month() -> None:
    at = 1_780_000_000_000  # 2026-05-28 20:26 UTC
    assert local_day(at, 0) == "2026-05-28" and local_day(at, 480) == "2026-05-29"
    assert month_of("2026-05-29") == 202605


def test_only_member_documents_need_the_member_pass() -> None:
    assert not needs_members(sale(1))
    assert not needs_members(customer_return(2, "COLA", 1))
    assert needs_members(member_sale(3, "M000001"))
    assert needs_members(member_sale(4, "", tenders=[tender("stored_value", 1, "k")]))


def test_the_settings_come_from_the_configuration_and_a_bad_allowance_stops_the_start() -> None:
    from common.errors import ConfigError
    from headoffice.config import DEFAULTS
    from headoffice.services.member_sales import member_settings

    settings = member_settings(DEFAULTS)
    assert settings.offline_allowance_minor == 10_000 and settings.spend_order == "bonus_first"
    assert [rule.name for rule in settings.rules] == ["silver", "gold"]
    for bad in ("100", -1, True):
        with pytest.raises(ConfigError, match="offline_allowance_minor"):
            member_settings({"stored_value": {"offline_allowance_minor": bad}})
