"""Members and stored value as plain rules: phone numbers, lookups, masks, levels, the
spend orders, refunds in parts, the refund rule and the configuration's refusals."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from common.errors import ConfigError, InvalidInput
from headoffice.domain.member_levels import LEVEL_DEFAULTS, Qualifying, level_rules, new_level
from headoffice.domain.members import (
    check_phone,
    masked_name,
    masked_phone,
    parse_lookup,
)
from headoffice.domain.stored_value import (
    DEBIT,
    POLICY_DEFAULTS,
    Balance,
    Entry,
    StoredValueRefused,
    cash_out,
    policy_from_config,
    split_debit,
    split_refund,
)


@pytest.mark.parametrize(
    ("text", "phone"),
    [("13812345678", "13812345678"), ("+86 138 1234 5678", "13812345678"),
     ("0086-199-0000-0000", "19900000000"), ("8613812345678", "13812345678")],
)  # fmt: skip
def test_mainland_mobile_numbers(text: str, phone: str) -> None:
    assert check_phone(text) == phone


@pytest.mark.parametrize(
    "text", ["1381234567", "12812345678", "23812345678", "138123456789", "abc"]
)
def test_not_mobile_numbers(text: str) -> None:
    with pytest.raises(InvalidInput, match="is not a mainland China mobile number"):
        check_phone(text)


def test_lookups_and_masks() -> None:
    assert [(x.kind, x.value) for x in map(parse_lookup, [
        "138 1234 5678", "ab-1234-5678", "SLM:qr_code-1", "M000042",
    ])] == [("phone", "13812345678"), ("card", "AB12345678"), ("qr", "SLM:qr_code-1"),
            ("member_id", "M000042")]  # fmt: skip
    for text in ("12345", "12012345678", "hello!world", ""):
        with pytest.raises(InvalidInput, match="is neither a mainland China mobile number"):
            parse_lookup(text)
    assert masked_phone("13812345678") == "138****5678"
    assert (masked_name("张三丰"), masked_name("Ann"), masked_name("")) == ("张**", "A**", "")


def test_levels_rise_to_the_highest_reached() -> None:
    rules = level_rules(LEVEL_DEFAULTS)
    figures = {"silver": Qualifying(600_000, 0), "gold": Qualifying(600_000, 0)}
    assert new_level(rules, "member", figures) == "gold"
    low = {"silver": Qualifying(100_000, 0), "gold": Qualifying(100_000, 0)}
    assert new_level(rules, "member", low) == "silver"
    assert new_level(rules, "gold", low) == "gold"
    assert level_rules({"levels": ""}) == ()
    for bad in ("x", "x:1.5:0:365", "member:1:0:365", ":1:0:365", "x:1:0:0", "x:0:0:365",
                "x:1:0:365,x:2:0:365"):  # fmt: skip
        with pytest.raises(ConfigError, match=r"\[members\] levels entry [12] "):
            level_rules({"levels": bad})  # type: ignore[dict-item]


def test_policy_refusals() -> None:
    for changes, sentence in [
        ({"spend_order": "oldest"}, "spend_order must be one of"),
        ({"refund_rule": "all"}, "refund_rule must be one of"),
        ({"topup_rules": "100:100"}, r"topup_rules entry 1 \('100:100'\) must be PAY:BONUS"),
        ({"topup_rules": "50000:8000,100.0:1"}, "topup_rules entry 2"),
        ({"topup_rules": "500"}, "topup_rules entry 1"),
        ({"named_cap_minor": 0}, "named_cap_minor must be"),
    ]:
        with pytest.raises(ConfigError, match=sentence):
            policy_from_config({**POLICY_DEFAULTS, **changes})
    assert policy_from_config(POLICY_DEFAULTS).bonus_for(50_000) == 8_000
    assert policy_from_config(POLICY_DEFAULTS).bonus_for(49_999) == 0
    tiers = policy_from_config({"topup_rules": "50000:8000, 100000:20000"})
    assert (tiers.bonus_for(99_999), tiers.bonus_for(100_000)) == (8_000, 20_000)
    assert policy_from_config({"topup_rules": ""}).bonus_for(10**9) == 0


@given(
    st.integers(0, 10**7), st.integers(0, 10**7), st.data(),
    st.sampled_from(("bonus_first", "principal_first", "pro_rata")),
)  # fmt: skip
def test_a_debit_and_its_refund_in_parts_give_back_each_bucket(
    principal: int, bonus: int, data: st.DataObject, order: str
) -> None:
    balance = Balance(principal, bonus)
    if balance.total_minor == 0:
        with pytest.raises(StoredValueRefused):
            split_debit(balance, 1, order)
        return
    amount = data.draw(st.integers(1, balance.total_minor))
    p, b = split_debit(balance, amount, order)
    assert p + b == amount and 0 <= p <= principal and 0 <= b <= bonus
    debit = Entry(1, "M000001", DEBIT, "S001", "k", amount, -p, -b, 0, 0, 0, "ann@S001")
    refunded, back_p, back_b = 0, 0, 0
    while refunded < amount:
        part = data.draw(st.integers(1, amount - refunded))
        rp, rb = split_refund(debit, refunded, part)
        assert rp >= 0 and rb >= 0 and rp + rb == part
        refunded, back_p, back_b = refunded + part, back_p + rp, back_b + rb
        assert back_p <= p and back_b <= b
    assert (back_p, back_b) == (p, b)


def test_cash_out_rules() -> None:
    left, topped = Balance(40_000, 8_000), Balance(50_000, 8_000)
    assert cash_out(left, topped, "principal_only") == 40_000
    assert cash_out(left, topped, "pro_rata") == 48_000 * 50_000 // 58_000 == 41_379
    assert cash_out(Balance(0, 5), Balance(0, 0), "pro_rata") == 0
