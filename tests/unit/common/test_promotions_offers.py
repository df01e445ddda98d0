"""The promotions engine per offer kind and per stacking rule, to the fen (docs/promotions.md)."""

from __future__ import annotations

from datetime import datetime

import pytest

from common.domain.promotions import (
    AMOUNT_OFF,
    BUY_X_GET_Y,
    COMBO,
    MEMBER,
    PERCENT_OFF,
    PRICE,
    SPEND_SAVE,
    CartLine,
    Member,
    Offer,
    largest_remainder,
    price_cart,
)
from common.errors import InvalidInput
from tests.unit.common.promotions_fixtures import GOLD, brute_force, cart, ctx


def notes(result, code: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.offer_id for n in result.not_applied if n.code == code]


def test_percent_off_a_line_rounds_half_up_per_line() -> None:
    # 15 % of 333 fen is 49.95: 50 fen
    result = price_cart(
        cart(("TEA", 1, 333), ("BUN", 1, 200)),
        [Offer("TEA15", PERCENT_OFF, skus=("TEA",), percent_bp=1500)],
        ctx(),
    )
    assert [line.discount_minor for line in result.lines] == [50, 0]
    assert result.total_minor == 483
    assert result.lines[0].applied[0].text == "15% off"


def test_amount_off_each_piece_never_below_zero() -> None:
    result = price_cart(
        cart(("TEA", 3, 250)), [Offer("T1", AMOUNT_OFF, skus=("TEA",), amount_minor=100)], ctx()
    )
    assert result.discount_minor == 300
    free = price_cart(
        cart(("TEA", 2, 50)), [Offer("T1", AMOUNT_OFF, skus=("TEA",), amount_minor=100)], ctx()
    )
    assert free.total_minor == 0


def test_member_level_price_needs_the_level() -> None:
    offer = Offer("GOLDTEA", PRICE, skus=("TEA",), price_minor=200, levels=frozenset({"gold"}))
    lines = cart(("TEA", 2, 250))
    assert price_cart(lines, [offer], ctx(GOLD)).discount_minor == 100
    silver = price_cart(lines, [offer], ctx(Member("M2", "silver")))
    assert silver.discount_minor == 0
    assert silver.lines[0].not_applied[0].code == "wrong_level"
    anonymous = price_cart(lines, [offer], ctx())
    assert anonymous.not_applied[0].code == "members_only"


def test_spend_x_save_y_once_and_every_time() -> None:
    lines = cart(("TEA", 1, 6000), ("BUN", 1, 4000), ("JAM", 1, 10001))
    once = Offer("M100", SPEND_SAVE, threshold_minor=10000, amount_minor=2000)
    assert price_cart(lines, [once], ctx()).discount_minor == 2000
    every = Offer("E100", SPEND_SAVE, threshold_minor=10000, amount_minor=2000, repeat=True)
    result = price_cart(lines, [every], ctx())
    assert result.discount_minor == 4000
    # shared by largest remainder over 6000 : 4000 : 10001
    assert [line.discount_minor for line in result.lines] == [1200, 800, 2000]
    below = price_cart(cart(("TEA", 1, 9999)), [once], ctx())
    assert below.not_applied[0].code == "below_threshold"
    assert "¥99.99" in below.not_applied[0].text


def test_buy_two_get_the_cheapest_free() -> None:
    lines = cart(("TEA", 2, 500), ("BUN", 1, 300), ("JAM", 3, 800))
    offer = Offer("B2G1", BUY_X_GET_Y, skus=("TEA", "BUN", "JAM"), buy_qty=2, get_qty=1)
    result = price_cart(lines, [offer], ctx())
    # 6 pieces: two sets; the two cheapest pieces (BUN 300, TEA 500) are free
    assert result.discount_minor == 800
    assert [line.discount_minor for line in result.lines] == [500, 300, 0]


def test_buy_x_get_a_named_item_free_takes_the_dearest_gift() -> None:
    lines = cart(("NAPPY", 3, 9900), ("WIPES", 1, 1500), ("WIPES", 1, 1200))
    offer = Offer("NAPPY3", BUY_X_GET_Y, skus=("NAPPY",), buy_qty=3, get_qty=1, gift_sku="WIPES")
    result = price_cart(lines, [offer], ctx())
    assert [line.discount_minor for line in result.lines] == [0, 1500, 0]
    too_few = price_cart(cart(("NAPPY", 2, 9900), ("WIPES", 1, 1500)), [offer], ctx())
    assert too_few.not_applied[0].code == "too_few"


def test_buy_x_get_y_counts_whole_pieces_only() -> None:
    weighed = [CartLine(1, "NUTS", 900, 7200, piece=False)]
    offer = Offer("B1G1", BUY_X_GET_Y, skus=("NUTS",), buy_qty=1, get_qty=1)
    assert price_cart(weighed, [offer], ctx()).discount_minor == 0


def test_combo_a_plus_b_for_a_price_shared_by_value() -> None:
    lines = cart(("COFFEE", 2, 1800), ("CAKE", 1, 1200))
    offer = Offer("BRUNCH", COMBO, components=(("COFFEE", 1), ("CAKE", 1)), price_minor=2500)
    result = price_cart(lines, [offer], ctx())
    # one set (one cake): 3000 -> 2500; 500 shared 1800 : 1200 = 300 : 200
    assert result.discount_minor == 500
    assert [line.discount_minor for line in result.lines] == [300, 200]


def test_a_piece_counts_toward_one_unit_offer_only() -> None:
    lines = cart(("COFFEE", 1, 1800), ("CAKE", 1, 1200))
    combo = Offer("BRUNCH", COMBO, components=(("COFFEE", 1), ("CAKE", 1)), price_minor=2500)
    bogo = Offer("B1G1", BUY_X_GET_Y, skus=("COFFEE", "CAKE"), buy_qty=1, get_qty=1)
    result = price_cart(lines, [combo, bogo], ctx())
    # both want the same two pieces: the cake free (1200) beats the combo (500)
    assert result.discount_minor == 1200
    assert notes(result, "not_best") == ["BRUNCH"]
    assert brute_force(lines, [combo, bogo], ctx()) == 1200


def test_time_limited_by_days_and_hours() -> None:
    happy = Offer(
        "HAPPY", PERCENT_OFF, skus=("TEA",), percent_bp=2000, days=frozenset({6, 7}),
        from_minute=14 * 60, until_minute=17 * 60,
    )  # fmt: skip
    lines = cart(("TEA", 1, 1000))
    morning = price_cart(lines, [happy], ctx())
    assert morning.discount_minor == 0
    assert morning.not_applied[0].text == "only from 14:00 to 17:00"
    afternoon = price_cart(lines, [happy], ctx(when=datetime(2026, 12, 5, 15, 30)))
    assert afternoon.discount_minor == 200
    monday = price_cart(lines, [happy], ctx(when=datetime(2026, 12, 7, 15, 30)))
    assert monday.not_applied[0].text == "only on Sat, Sun"


def test_a_validity_window_includes_its_start_and_excludes_its_end() -> None:
    start, end = datetime(2026, 12, 5, 10, 0), datetime(2026, 12, 6)
    offer = Offer("WEEKEND", PERCENT_OFF, skus=("TEA",), percent_bp=1000, starts=start, ends=end)
    lines = cart(("TEA", 1, 1000))
    assert price_cart(lines, [offer], ctx(when=start)).discount_minor == 100
    assert price_cart(lines, [offer], ctx(when=end)).not_applied[0].code == "ended"
    early = price_cart(lines, [offer], ctx(when=datetime(2026, 12, 5, 9, 59)))
    assert early.not_applied[0].code == "not_started"


def test_birthday_offers_on_the_day_and_in_the_month() -> None:
    day = Offer("BDAY", AMOUNT_OFF, amount_minor=1000, birthday="day")
    month = Offer("BMONTH", PERCENT_OFF, percent_bp=500, birthday="month", stage=MEMBER)
    lines = cart(("CAKE", 1, 5000))
    on_the_day = price_cart(lines, [day, month], ctx(GOLD))
    assert on_the_day.discount_minor == 1000 + 200  # 5 % of what the birthday gift left
    later = price_cart(lines, [day, month], ctx(Member("M1", "gold", 12, 24)))
    assert later.discount_minor == 250
    assert notes(later, "not_birthday") == ["BDAY"]
    leap = Member("M3", "", 2, 29)
    assert price_cart(lines, [day], ctx(leap, when=datetime(2027, 2, 28))).discount_minor == 1000


def test_coupons_are_code_gated() -> None:
    offer = Offer("C20", AMOUNT_OFF, amount_minor=2000, coupon_code="WELCOME20")
    lines = cart(("TEA", 2, 1500))
    assert price_cart(lines, [offer], ctx()).not_applied[0].text == "needs coupon WELCOME20"
    assert price_cart(lines, [offer], ctx(coupons=["WELCOME20"])).discount_minor == 2000


def test_stages_apply_item_then_cart_then_member() -> None:
    lines = cart(("TEA", 1, 10000))
    member = Offer("GOLD5", PERCENT_OFF, percent_bp=500, levels=frozenset({"gold"}))
    spend = Offer("M80", SPEND_SAVE, threshold_minor=8000, amount_minor=1000)
    item = Offer("TEA10", PERCENT_OFF, skus=("TEA",), percent_bp=1000)
    result = price_cart(lines, [member, spend, item], ctx(GOLD))
    # 10000 -10 % = 9000, spend 80 save 10 = 8000, -5 % = 7600, whatever order they are given in
    assert result.total_minor == 7600
    assert [a.offer_id for a in result.applied] == ["TEA10", "M80", "GOLD5"]
    assert [a.discount_minor for a in result.applied] == [1000, 1000, 400]


def test_priority_orders_offers_within_a_stage() -> None:
    lines = cart(("TEA", 1, 1000))
    cut = Offer("CUT", AMOUNT_OFF, skus=("TEA",), amount_minor=100, priority=5)
    pct = Offer("PCT", PERCENT_OFF, skus=("TEA",), percent_bp=5000)
    assert price_cart(lines, [pct, cut], ctx()).total_minor == 450  # 1000-100 then half
    first = Offer("PCT", PERCENT_OFF, skus=("TEA",), percent_bp=5000, priority=9)
    assert price_cart(lines, [first, cut], ctx()).total_minor == 400  # half, then -100


def test_an_exclusivity_group_keeps_the_offer_that_saves_most() -> None:
    lines = cart(("TEA", 2, 1000), ("BUN", 1, 500))
    small = Offer("TEA10", PERCENT_OFF, skus=("TEA",), percent_bp=1000, group="weekly")
    big = Offer("BUN30", PERCENT_OFF, skus=("BUN",), percent_bp=3000, group="weekly")
    free = Offer("ALL5", AMOUNT_OFF, amount_minor=100)
    result = price_cart(lines, [small, big, free], ctx())
    assert [a.offer_id for a in result.applied] == ["TEA10", "ALL5"]
    assert result.discount_minor == 200 + 100
    (note,) = result.lines[1].not_applied
    assert note.text == "does not combine with TEA10 (group weekly), which saves more"


def test_best_combination_is_not_greedy() -> None:
    # Greedy takes the 30 % item offer first; it drops the bill under the 100 yuan spend
    # offer, which would have saved more together with the 10 % offer of the same group.
    lines = cart(("WINE", 1, 11000))
    big = Offer("WINE30", PERCENT_OFF, skus=("WINE",), percent_bp=3000, group="wine")
    small = Offer("WINE10", PERCENT_OFF, skus=("WINE",), percent_bp=1000, group="wine")
    spend = Offer("M100", SPEND_SAVE, threshold_minor=9900, amount_minor=3000)
    result = price_cart(lines, [big, small, spend], ctx())
    assert [a.offer_id for a in result.applied] == ["WINE10", "M100"]
    assert result.discount_minor == 1100 + 3000
    assert brute_force(lines, [big, small, spend], ctx()) == result.discount_minor


def test_every_line_says_which_offers_applied_and_why_others_did_not() -> None:
    lines = cart(("TEA", 1, 1000), ("BUN", 1, 300))
    offers = [
        Offer("TEA10", PERCENT_OFF, skus=("TEA",), percent_bp=1000),
        Offer("GOLDTEA", PRICE, skus=("TEA",), price_minor=800, levels=frozenset({"gold"})),
        Offer("JAM", AMOUNT_OFF, skus=("JAM",), amount_minor=50),
    ]
    result = price_cart(lines, offers, ctx())
    tea, bun = result.lines
    assert [(a.offer_id, a.discount_minor) for a in tea.applied] == [("TEA10", 100)]
    assert [(n.offer_id, n.code) for n in tea.not_applied] == [("GOLDTEA", "members_only")]
    assert bun.applied == () and bun.not_applied == ()
    assert [n.code for n in result.not_applied] == ["members_only", "no_line"]


def test_a_return_refunds_the_lines_net_amounts() -> None:
    lines = cart(("TEA", 1, 999), ("BUN", 1, 1), ("JAM", 1, 1000))
    result = price_cart(lines, [Offer("OFF", AMOUNT_OFF, amount_minor=1000)], ctx())
    # 1000 shared 999 : 1 : 1000 is 499.5 : 0.5 : 500; the spare fen goes to the larger weight
    assert [line.net_minor for line in result.lines] == [499, 1, 500]
    assert result.refund_minor([1, 3]) + result.refund_minor([2]) == result.total_minor


def test_largest_remainder_ties_go_to_the_larger_weight_then_the_earlier_line() -> None:
    assert largest_remainder(1, [1, 1, 1]) == [1, 0, 0]
    assert largest_remainder(2, [1, 2, 1]) == [1, 1, 0]
    assert largest_remainder(1, [1, 3]) == [0, 1]
    assert largest_remainder(3, [2, 2, 3]) == [1, 1, 1]
    assert largest_remainder(10, [10, 0]) == [10, 0]
    with pytest.raises(ValueError):
        largest_remainder(5, [1, 1])


def test_a_cart_with_one_line_twice_or_an_offer_twice_is_refused() -> None:
    offer = Offer("A", AMOUNT_OFF, amount_minor=1)
    with pytest.raises(InvalidInput, match="line 1 is given twice"):
        price_cart([CartLine(1, "T", 1, 1), CartLine(1, "T", 1, 1)], [offer], ctx())
    with pytest.raises(InvalidInput, match="offer A is given twice"):
        price_cart(cart(("T", 1, 100)), [offer, offer], ctx())


def test_a_spare_fen_goes_to_the_same_line_whatever_the_scan_order() -> None:
    offer = Offer("ONE", AMOUNT_OFF, amount_minor=1)
    tea_first = price_cart(cart(("TEA", 1, 100), ("BUN", 1, 100)), [offer], ctx())
    bun_first = price_cart(cart(("BUN", 1, 100), ("TEA", 1, 100)), [offer], ctx())
    # ties go by SKU, quantity and amount before the position in the cart: BUN < TEA
    assert [(x.sku, x.discount_minor) for x in tea_first.lines] == [("TEA", 0), ("BUN", 1)]
    assert [(x.sku, x.discount_minor) for x in bun_first.lines] == [("BUN", 1), ("TEA", 0)]


def test_the_scanned_cart_quotes_with_offers_through_the_pricing_engine() -> None:
    from common.domain.cash_rounding import CashRounding
    from common.domain.pricing import ScannedItem, quote
    from common.domain.product import CatalogueProduct

    tea = CatalogueProduct("TEA", "Green tea", "piece", 333, 100, "CNY")
    offer = Offer("TEA15", PERCENT_OFF, skus=("TEA",), percent_bp=1500)
    items = [ScannedItem("TEA", 3)]
    tens = CashRounding(10, "half_up")
    plain = quote("S001", "CNY", items, {"TEA": tea}.get, None, tens)
    assert (plain.total_minor, plain.offers) == (999, None)
    offered = quote("S001", "CNY", items, {"TEA": tea}.get, None, tens, [offer], ctx())
    # 15 % of 999 = 149.85 -> 150; 849 paid by card, 850 in cash
    assert (offered.total_minor, offered.cash_total_minor) == (849, 850)
    assert offered.offers is not None and offered.offers.lines[0].net_minor == 849
