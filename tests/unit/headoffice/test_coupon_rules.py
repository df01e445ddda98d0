"""Whether a store may redeem, give back or sell with a coupon (headoffice.domain.coupons):
each refusal a sentence, checked before anything is written."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from common.domain.coupons import make_code
from common.domain.promotions import AMOUNT_OFF, Offer
from headoffice.domain.coupons import (
    ISSUED,
    REDEEMED,
    USED,
    Coupon,
    CouponRefused,
    check_redeemable,
    check_release,
    check_sale_coupon,
)
from headoffice.domain.promotions import Promotion

CODE = make_code("WELCOME", "7K3MQ9XD2HP").text
NOW = int(datetime(2026, 12, 5, 9, 0, tzinfo=UTC).timestamp() * 1000)  # 17:00 at UTC+8
OFFSET = 480
OFFER = Offer("W", AMOUNT_OFF, amount_minor=300, coupon_code="WELCOME")
PROMO = Promotion(OFFER, "admin", NOW - 1000)
FREE = Coupon(CODE, "W", "WELCOME", 0, NOW - 1000, "admin")
TAKEN = replace(FREE, redeemed_store="S001", redeemed_key="K1:coupon", redeemed_at_ms=NOW,
                redeemed_by="ann@S001")  # fmt: skip


def test_a_free_coupon_of_a_running_promotion_is_redeemable() -> None:
    assert check_redeemable(FREE, PROMO, "S002", NOW, OFFSET) is PROMO
    assert (FREE.state, TAKEN.state, replace(TAKEN, used_seq=7).state) == (ISSUED, REDEEMED, USED)


def _at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M")


@pytest.mark.parametrize(
    ("coupon", "promotion", "store", "sentence"),
    [
        (TAKEN, PROMO, "S002", "already used at S001 on 2026-12-05 17:00"),
        (replace(FREE, valid_until_ms=NOW), PROMO, "S001", "expired on 2026-12-05 17:00"),
        (FREE, None, "S001", "which head office does not have"),
        (FREE, replace(PROMO, ended_at_ms=NOW - 1), "S001", "which has ended"),
        (FREE, replace(PROMO, offer=replace(OFFER, ends=_at("2026-12-05 17:00"))), "S001",
         "which has ended"),
        (FREE, replace(PROMO, offer=replace(OFFER, starts=_at("2026-12-06 00:00"))), "S001",
         "which starts on 2026-12-06 00:00"),
        (FREE, replace(PROMO, offer=replace(OFFER, stores=frozenset({"S001"}))), "S002",
         "store S002 does not run"),
        (FREE, replace(PROMO, offer=replace(OFFER, coupon_code="SPRING")), "S001",
         "no longer takes coupon code WELCOME"),
    ],
)  # fmt: skip
def test_a_coupon_that_may_not_be_redeemed_is_refused_with_the_reason(
    coupon: Coupon, promotion: Promotion | None, store: str, sentence: str
) -> None:
    with pytest.raises(CouponRefused, match=sentence) as refused:
        check_redeemable(coupon, promotion, store, NOW, OFFSET)
    assert "7K3M" not in str(refused.value)  # the code is masked in every sentence


def test_only_the_redeeming_sale_gives_a_coupon_back_and_not_once_applied() -> None:
    assert check_release(TAKEN, "S001", "K1:coupon", OFFSET) is True
    assert check_release(FREE, "S001", "K1:coupon", OFFSET) is False  # a retry: free already
    with pytest.raises(CouponRefused, match="redeemed by another sale"):
        check_release(TAKEN, "S001", "K2:coupon", OFFSET)
    with pytest.raises(CouponRefused, match="redeemed by another sale"):
        check_release(TAKEN, "S002", "K1:coupon", OFFSET)
    with pytest.raises(CouponRefused, match="cannot be given back"):
        check_release(replace(TAKEN, used_seq=4), "S001", "K1:coupon", OFFSET)


def test_a_sale_may_name_a_coupon_only_its_store_redeemed_under_its_key() -> None:
    check_sale_coupon(TAKEN, "x", "S001", "K1:coupon", 4)
    check_sale_coupon(replace(TAKEN, used_seq=4), "x", "S001", "K1:coupon", 4)
    with pytest.raises(CouponRefused, match="never issued"):
        check_sale_coupon(None, "WELCOME-****", "S001", "K1:coupon", 4)
    for store, key in (("S002", "K1:coupon"), ("S001", "K2:coupon"), ("S001", "")):
        with pytest.raises(CouponRefused, match="did not redeem for it"):
            check_sale_coupon(TAKEN, "x", store, key, 4)
    with pytest.raises(CouponRefused, match="did not redeem for it"):
        check_sale_coupon(FREE, "x", "S001", "K1:coupon", 4)
    with pytest.raises(CouponRefused, match="used already, by entry 3"):
        check_sale_coupon(replace(TAKEN, used_seq=3), "x", "S001", "K1:coupon", 4)
