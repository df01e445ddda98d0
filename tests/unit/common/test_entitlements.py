"""Punch cards and packages without I/O: each refusal of a use, the value of uses, the refund
formula and its bounds, and what a redeemed service takes from stock."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from common.domain.consumables import REDEMPTION, bill, bill_of, goods_bill, redemption_moves
from common.domain.entitlements import (
    MAX_USES,
    PACKAGE,
    PUNCH_CARD,
    Entitlement,
    check_use,
    new_entitlement,
    redeem,
    refund,
    refund_minor,
    use_value,
)
from common.domain.loyalty_errors import EntitlementRefused, InvalidLoyaltyInput
from common.domain.product import CatalogueProduct
from common.errors import InvalidInput, InvalidQuantity

NOW = 1_700_000_000_000
WASH = frozenset({"WASH"})


def card(**overrides: object) -> Entitlement:
    fields: dict[str, object] = {
        "card_id": "C1",
        "member_id": "M1",
        "kind": PUNCH_CARD,
        "covers": WASH,
        "uses_bought": 10,
        "paid_minor": 30_000,
    }
    fields.update(overrides)
    return new_entitlement(**fields)  # type: ignore[arg-type]


def test_a_card_sold_has_every_use_left_and_the_price_split_per_use() -> None:
    sold = card()
    assert (sold.uses_left, sold.uses_taken, sold.value_per_use_minor) == (10, 0, 3_000)


def test_a_use_takes_one_and_is_worth_the_value_per_use() -> None:
    sold = card()
    use = check_use(sold, "WASH", "S001", "M1", NOW)
    assert (use.uses, use.value_minor, use.uses_left) == (1, 3_000, 9)
    assert redeem(sold, use).uses_left == 9


@pytest.mark.parametrize(
    ("overrides", "sku", "store", "member", "uses", "sentence"),
    [
        ({"expires_ms": NOW}, "WASH", "S001", "M1", 1, "card C1 has expired"),
        (
            {"store_scope": frozenset({"S002", "S003"})},
            "WASH",
            "S001",
            "M1",
            1,
            "card C1 cannot be used at store S001; it is for S002, S003",
        ),
        (
            {},
            "WASH",
            "S001",
            "M2",
            1,
            "card C1 belongs to another member and is not shareable",
        ),
        ({}, "WAX", "S001", "M1", 1, "card C1 does not cover WAX; it covers WASH"),
        (
            {"uses_bought": 2},
            "WASH",
            "S001",
            "M1",
            3,
            "card C1 has 2 uses left, fewer than the 3 asked for",
        ),
    ],
)
def test_a_use_is_refused_with_a_sentence(
    overrides: dict[str, object], sku: str, store: str, member: str, uses: int, sentence: str
) -> None:
    with pytest.raises(EntitlementRefused) as refused:
        check_use(card(**overrides), sku, store, member, NOW, uses)
    assert str(refused.value) == sentence


def test_an_exhausted_card_says_so() -> None:
    sold = card(uses_bought=1)
    used = redeem(sold, check_use(sold, "WASH", "S001", "M1", NOW))
    with pytest.raises(EntitlementRefused, match="card C1 has no uses left"):
        check_use(used, "WASH", "S001", "M1", NOW)


def test_a_shareable_card_serves_another_member_in_its_scope_before_expiry() -> None:
    sold = card(shareable=True, store_scope=frozenset({"S001"}), expires_ms=NOW + 1)
    assert check_use(sold, "WASH", "S001", "M9", NOW).uses_left == 9


def test_a_refunded_card_takes_no_use_and_no_second_refund() -> None:
    refunded, paid_back = refund(card())
    assert paid_back == 30_000
    with pytest.raises(EntitlementRefused, match="was refunded and cannot be used"):
        check_use(refunded, "WASH", "S001", "M1", NOW)
    with pytest.raises(EntitlementRefused, match="refunded already"):
        refund(refunded)


@pytest.mark.parametrize(
    ("overrides", "sentence"),
    [
        ({"kind": "voucher"}, "a card is a punch_card or a package, got 'voucher'"),
        ({"covers": frozenset()}, "card C1 must cover from 1 to 100 SKUs, got 0"),
        (
            {"uses_bought": 0},
            "uses bought on card C1 must be a whole number from 1 to 10000, got 0",
        ),
        (
            {"uses_bought": 2.5},
            "uses bought on card C1 must be a whole number from 1 to 10000, got 2.5",
        ),
        ({"paid_minor": -1}, "price paid for card C1 must be zero or more minor units, got -1"),
        ({"expires_ms": 0}, "card C1 expires at 0, which is not a time"),
        (
            {"uses_bought": 10_000, "value_per_use_minor": 10**8},
            "value of every use of card C1 is 1000000000000 minor units, more than the limit of "
            "100000000000 minor units",
        ),
    ],
)
def test_a_card_that_cannot_be_sold_is_refused(overrides: dict[str, object], sentence: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        card(**overrides)
    assert str(refused.value) == sentence


def test_the_remainder_of_an_uneven_price_rides_with_the_last_use() -> None:
    sold = card(uses_bought=3, paid_minor=10_000)  # 3,333 a use, 1 fen left over
    values = []
    for _ in range(3):
        use = check_use(sold, "WASH", "S001", "M1", NOW)
        values.append(use.value_minor)
        sold = redeem(sold, use)
    assert values == [3_333, 3_333, 3_334]
    assert refund_minor(sold) == 0


def test_refund_is_paid_less_uses_taken_times_value_and_never_negative() -> None:
    sold = card(uses_bought=3, paid_minor=10_000)
    sold = redeem(sold, check_use(sold, "WASH", "S001", "M1", NOW))
    assert refund_minor(sold) == 10_000 - 3_333
    discounted = card(kind=PACKAGE, uses_bought=10, paid_minor=20_000, value_per_use_minor=5_000)
    for _ in range(5):
        discounted = redeem(discounted, check_use(discounted, "WASH", "S001", "M1", NOW))
    assert refund_minor(discounted) == 0  # 5 x 50.00 taken is more than the 200.00 paid


@given(
    uses_bought=st.integers(1, MAX_USES),
    paid=st.integers(0, 10**9),
    value=st.none() | st.integers(0, 10**7),  # x MAX_USES stays within MAX_AMOUNT_MINOR
    taken=st.integers(0, MAX_USES),
)
def test_refund_lies_between_zero_and_the_price(
    uses_bought: int, paid: int, value: int | None, taken: int
) -> None:
    sold = card(uses_bought=uses_bought, paid_minor=paid, value_per_use_minor=value)
    taken = min(taken, uses_bought)
    if taken:
        sold = redeem(sold, check_use(sold, "WASH", "S001", "M1", NOW, taken))
    back = refund_minor(sold)
    assert 0 <= back <= paid
    if value is None:
        # Uses recognised plus the refund add up to exactly the price paid.
        assert use_value(card(uses_bought=uses_bought, paid_minor=paid), taken) + back == paid
    if taken == 0:
        assert back == paid


def test_a_service_use_takes_its_consumables_and_goods_take_themselves() -> None:
    bills = {
        "WASH": bill("WASH", {"SHAMPOO": 300, "SPONGE": 1}),
        "COFFEE": goods_bill("COFFEE"),
    }
    moves = redemption_moves("WASH", 2, bills)
    assert [(m.sku, m.qty_base, m.reason) for m in moves] == [
        ("SHAMPOO", -600, REDEMPTION),
        ("SPONGE", -2, REDEMPTION),
    ]
    assert [(m.sku, m.qty_base) for m in redemption_moves("COFFEE", 1, bills)] == [("COFFEE", -1)]


def test_a_service_without_a_bill_or_a_bill_out_of_range_is_refused() -> None:
    with pytest.raises(InvalidLoyaltyInput, match="WAX has no bill of consumables"):
        redemption_moves("WAX", 1, {})
    with pytest.raises(InvalidQuantity, match="SHAMPOO used per WASH"):
        bill("WASH", {"SHAMPOO": 0})
    with pytest.raises(InvalidQuantity, match="SHAMPOO used by 10000 uses of WASH"):
        redemption_moves("WASH", MAX_USES, {"WASH": bill("WASH", {"SHAMPOO": 10**5})})


def test_the_catalogue_gives_the_bill_a_service_without_components_moves_nothing() -> None:
    wash = CatalogueProduct(
        "WASH", "Car wash", "piece", 3_000, 0, "CNY", kind="service",
        components=(("SPONGE", 1), ("SHAMPOO", 300)),
    )  # fmt: skip
    massage = CatalogueProduct("MASSAGE", "Massage", "piece", 9_000, 0, "CNY", kind="service")
    coffee = CatalogueProduct("COFFEE", "Coffee", "piece", 1_500, 300, "CNY")
    bills = {p.sku: bill_of(p) for p in (wash, massage, coffee)}
    assert [(m.sku, m.qty_base) for m in redemption_moves("WASH", 3, bills)] == [
        ("SHAMPOO", -900),
        ("SPONGE", -3),
    ]
    assert redemption_moves("MASSAGE", 1, bills) == ()
    assert [(m.sku, m.qty_base) for m in redemption_moves("COFFEE", 2, bills)] == [("COFFEE", -2)]
    with pytest.raises(InvalidLoyaltyInput, match="uses to redeem must be a whole number"):
        redemption_moves("WASH", 0, bills)
