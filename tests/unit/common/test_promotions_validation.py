"""An offer that cannot be right is refused with one sentence naming the offer and the fault."""

from __future__ import annotations

from datetime import datetime

import pytest

from common.domain.promotions import (
    AMOUNT_OFF,
    BUY_X_GET_Y,
    CART,
    COMBO,
    MEMBER,
    PERCENT_OFF,
    PRICE,
    SPEND_SAVE,
    Offer,
    validate_offer,
)
from common.errors import InvalidInput

PRICES = {"TEA": 500, "BUN": 300, "JAM": 1200}


@pytest.mark.parametrize(
    ("offer", "sentence"),
    [
        (
            Offer("W", PERCENT_OFF, percent_bp=1000, starts=datetime(2026, 12, 6),
                  ends=datetime(2026, 12, 5)),
            "offer W ends (2026-12-05 00:00) before it starts (2026-12-06 00:00)",
        ),
        (
            Offer("H", PERCENT_OFF, percent_bp=1000, from_minute=900, until_minute=600),
            "offer H: its hours end (10:00) before they start (15:00), or lie outside the day",
        ),
        (
            Offer("P", PERCENT_OFF, percent_bp=10050),
            "offer P takes 100.5% off; it must be more than 0% and at most 100%",
        ),
        (Offer("Z", PERCENT_OFF), "offer Z takes 0% off; it must be more than 0% and at most 100%"),
        (
            Offer("A", AMOUNT_OFF, skus=("TEA",), amount_minor=501),
            "offer A takes ¥5.01 off TEA, which costs only ¥5.00",
        ),
        (
            Offer("L", PRICE, skus=("BUN",), price_minor=300, levels=frozenset({"gold"})),
            "offer L prices BUN at ¥3.00, not below its price ¥3.00",
        ),
        (
            Offer("C", COMBO, components=(("TEA", 1), ("SCONE", 1)), price_minor=600),
            "offer C names SKU SCONE, which is not in the catalogue",
        ),
        (
            Offer("C2", COMBO, components=(("TEA", 1), ("BUN", 1)), price_minor=800),
            "offer C2: the combo costs ¥8.00, not less than its items' ¥8.00",
        ),
        (Offer("C3", COMBO, components=(("TEA", 1),), price_minor=100),
         "offer C3: a combo needs at least two pieces"),
        (
            Offer("S", SPEND_SAVE, threshold_minor=5000, amount_minor=6000),
            "offer S saves ¥60.00, more than the spend of ¥50.00",
        ),
        (Offer("B", BUY_X_GET_Y, skus=("TEA",), buy_qty=2),
         "offer B: buy and get counts must be 1 or more"),
        (Offer("B2", BUY_X_GET_Y, skus=("TEA",), buy_qty=10**8 + 1, get_qty=1),
         "offer B2: piece counts are at most 100000000"),
        (Offer("K", "bogus"), "offer K: unknown kind bogus"),
        (Offer("X", COMBO, stage=CART, components=(("TEA", 1), ("BUN", 1))),
         "offer X: a combo offer cannot apply at the cart stage"),
        (Offer("M", PERCENT_OFF, stage=MEMBER, percent_bp=500),
         "offer M applies at the member stage, so it must be for members"),
        (Offer("D", PERCENT_OFF, percent_bp=500, days=frozenset({0})),
         "offer D: days are 1 (Monday) to 7 (Sunday)"),
        (Offer(" ", PERCENT_OFF, percent_bp=500), "an offer needs an id"),
    ],
)  # fmt: skip
def test_a_wrong_offer_is_refused_with_a_sentence(offer: Offer, sentence: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_offer(offer, PRICES)
    assert str(caught.value).startswith(sentence)


def test_a_sound_offer_of_each_kind_passes() -> None:
    offers = [
        Offer("P", PERCENT_OFF, skus=("TEA",), percent_bp=10000),
        Offer("A", AMOUNT_OFF, skus=("TEA",), amount_minor=500),
        Offer("L", PRICE, skus=("BUN",), price_minor=250, levels=frozenset({"gold"})),
        Offer("S", SPEND_SAVE, threshold_minor=5000, amount_minor=5000, repeat=True),
        Offer("B", BUY_X_GET_Y, skus=("TEA",), buy_qty=2, get_qty=1, gift_sku="BUN"),
        Offer("C", COMBO, components=(("TEA", 2), ("BUN", 1)), price_minor=1200),
        Offer("G", AMOUNT_OFF, amount_minor=1000, birthday="day"),
        Offer("Q", AMOUNT_OFF, amount_minor=1000, coupon_code="WELCOME"),
    ]
    for offer in offers:
        assert validate_offer(offer, PRICES) is offer
