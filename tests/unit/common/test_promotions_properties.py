"""Properties of the promotions engine over random carts and offers (hypothesis).

- a cart discount is shared exactly: line discounts sum to it, no line goes below zero;
- returning any subset of lines refunds exactly their shares, and all of them the total;
- the best combination is never worse than any single offer or any greedy order, and
  equals the brute force over every allowed subset;
- the same cart scanned in any order prices the same (to the fen, line by line).
"""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as hs

from common.domain.promotions import (
    AMOUNT_OFF,
    BUY_X_GET_Y,
    COMBO,
    PERCENT_OFF,
    PRICE,
    SPEND_SAVE,
    CartLine,
    Member,
    Offer,
    PricingContext,
    price_cart,
)
from tests.unit.common.promotions_fixtures import (
    SATURDAY_10AM,
    brute_force,
    greedy,
    single_best,
)

SKUS = ("A", "B", "C", "D")
GROUPS = ("", "", "g1", "g2")
CTX = PricingContext("S001", SATURDAY_10AM, Member("M1", "gold", 12, 5))


@hs.composite
def lines(draw: hs.DrawFn) -> list[CartLine]:
    count = draw(hs.integers(1, 6))
    out = []
    for n in range(1, count + 1):
        qty = draw(hs.integers(1, 4))
        price = draw(hs.integers(0, 3000))
        piece = draw(hs.booleans()) or draw(hs.booleans())
        out.append(CartLine(n, draw(hs.sampled_from(SKUS)), qty, qty * price, piece))
    return out


@hs.composite
def offer(draw: hs.DrawFn, index: int) -> Offer:
    kind = draw(hs.sampled_from((PERCENT_OFF, AMOUNT_OFF, PRICE, SPEND_SAVE, BUY_X_GET_Y, COMBO)))
    skus = tuple(sorted(draw(hs.sets(hs.sampled_from(SKUS), min_size=1, max_size=3))))
    common = {
        "offer_id": f"O{index}",
        "kind": kind,
        "group": draw(hs.sampled_from(GROUPS)),
        "priority": draw(hs.integers(0, 2)),
    }
    whole = draw(hs.booleans())
    if kind == PERCENT_OFF:
        return Offer(**common, skus=() if whole else skus, percent_bp=draw(hs.integers(1, 10000)))
    if kind == AMOUNT_OFF:
        return Offer(**common, skus=() if whole else skus, amount_minor=draw(hs.integers(1, 2000)))
    if kind == PRICE:
        return Offer(**common, skus=skus, price_minor=draw(hs.integers(0, 2000)))
    if kind == SPEND_SAVE:
        threshold = draw(hs.integers(1, 8000))
        return Offer(
            **common,
            skus=() if whole else skus,
            threshold_minor=threshold,
            amount_minor=draw(hs.integers(1, threshold)),
            repeat=draw(hs.booleans()),
            members_only=draw(hs.booleans()),
        )
    if kind == BUY_X_GET_Y:
        gift = draw(hs.sampled_from(("",) + SKUS))
        return Offer(
            **common,
            skus=tuple(s for s in skus if s != gift) or skus,
            buy_qty=draw(hs.integers(1, 3)),
            get_qty=draw(hs.integers(1, 2)),
            gift_sku=gift,
        )
    components = tuple((sku, draw(hs.integers(1, 2))) for sku in skus)
    if sum(q for _s, q in components) < 2:
        components = ((skus[0], 2),)
    return Offer(**common, components=components, price_minor=draw(hs.integers(0, 4000)))


@hs.composite
def offers(draw: hs.DrawFn, most: int = 6) -> list[Offer]:
    return [draw(offer(i)) for i in range(draw(hs.integers(0, most)))]


@settings(max_examples=300, deadline=None)
@given(lines(), offers())
def test_a_cart_discount_is_shared_exactly_and_no_line_goes_negative(
    cart: list[CartLine], given_offers: list[Offer]
) -> None:
    result = price_cart(cart, given_offers, CTX)
    assert sum(line.discount_minor for line in result.lines) == result.discount_minor
    assert result.total_minor == result.subtotal_minor - result.discount_minor
    for line in result.lines:
        assert 0 <= line.net_minor <= line.amount_minor
        assert line.net_minor == line.amount_minor - line.discount_minor
        assert sum(a.discount_minor for a in line.applied) == line.discount_minor
    assert sum(a.discount_minor for a in result.applied) == result.discount_minor


@settings(max_examples=200, deadline=None)
@given(lines(), offers(), hs.data())
def test_returns_of_any_lines_refund_exactly_their_shares(
    cart: list[CartLine], given_offers: list[Offer], data: hs.DataObject
) -> None:
    result = price_cart(cart, given_offers, CTX)
    returned = data.draw(hs.sets(hs.sampled_from([line.line_no for line in cart])))
    kept = {line.line_no for line in cart} - returned
    assert result.refund_minor(returned) == sum(
        line.net_minor for line in result.lines if line.line_no in returned
    )
    assert result.refund_minor(returned) + result.refund_minor(kept) == result.total_minor


@settings(max_examples=300, deadline=None)
@given(lines(), offers(), hs.randoms(use_true_random=False))
def test_the_best_combination_equals_brute_force_and_beats_greedy(
    cart: list[CartLine], given_offers: list[Offer], random: object
) -> None:
    result = price_cart(cart, given_offers, CTX)
    assert result.discount_minor == brute_force(cart, given_offers, CTX)
    assert result.discount_minor >= single_best(cart, given_offers, CTX)
    assert result.discount_minor >= greedy(cart, given_offers, CTX)
    order = list(range(len(given_offers)))
    random.shuffle(order)  # type: ignore[attr-defined]
    assert result.discount_minor >= greedy(cart, given_offers, CTX, order)


@settings(max_examples=300, deadline=None)
@given(lines(), offers(), hs.permutations(range(6)))
def test_the_same_cart_in_any_scan_order_prices_the_same(
    cart: list[CartLine], given_offers: list[Offer], order: list[int]
) -> None:
    positions = [i for i in order if i < len(cart)]
    rescanned = [
        CartLine(n, cart[i].sku, cart[i].qty_base, cart[i].amount_minor, cart[i].piece)
        for n, i in enumerate(positions, start=1)
    ]
    first = price_cart(cart, given_offers, CTX)
    again = price_cart(rescanned, given_offers, CTX)
    assert (first.discount_minor, first.total_minor) == (again.discount_minor, again.total_minor)

    def shape(result: object) -> Counter[tuple[str, int, int, int]]:
        return Counter(
            (line.sku, line.amount_minor, line.net_minor, len(line.applied))
            for line in result.lines  # type: ignore[attr-defined]
        )

    assert shape(first) == shape(again)
    assert [a.offer_id for a in first.applied] == [a.offer_id for a in again.applied]
