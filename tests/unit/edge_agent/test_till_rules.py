"""Till rules without I/O: labels, overrides and discounts, rounding, split tender, returns,
shift cash, approvals and lockout, business dates."""

from __future__ import annotations

import pytest

from common.domain.labels import LabelLayout, decode_label
from common.domain.pricing import CashRounding, ScannedItem, quote
from common.domain.product import CatalogueProduct
from common.errors import ConfigError, InvalidBarcode, InvalidInput
from edge_agent.config import DEFAULTS
from edge_agent.domain.approvals import (
    ApprovalPolicy,
    ApprovalRecord,
    PinState,
    after_wrong_pin,
    check_not_locked,
    require_approval,
    wrong_pin_sentence,
)
from edge_agent.domain.errors import (
    ApprovalNeeded,
    ApprovalRefused,
    InvalidTender,
    ManagerLockedOut,
    PaymentShort,
    UnknownBarcode,
)
from edge_agent.domain.journal import Movement, Reason
from edge_agent.domain.reports import business_date, day_bounds_ms, zone
from edge_agent.domain.returns import (
    ReturnRequestItem,
    SoldLine,
    against_sale,
    movements,
    settle_refunds,
    without_receipt,
)
from edge_agent.domain.sale import approvals_needed, build_sale
from edge_agent.domain.shift import ShiftCash, count_cash, parse_denominations
from edge_agent.domain.tender import TenderOffer, settle

LAYOUT = LabelLayout.from_config(DEFAULTS["labels"])
COLA = CatalogueProduct("COLA", "Cola 330ml", "piece", 350, 200, "CNY")
CHEESE = CatalogueProduct("CHEESE", "Cheese by weight", "g", 9, 5, "CNY")  # 0.09 per gram
CAKE = CatalogueProduct("CAKE", "Cake slice", "piece", 1250, 500, "CNY")
CATALOGUE = {"COLA": COLA, "CHEESE": CHEESE, "2800123000004": CHEESE, "2000456000003": CAKE}


def lookup(code: str) -> CatalogueProduct | None:
    return CATALOGUE.get(code)


def sell(items, offers, rounding=None):
    return build_sale("S001", "T1", "ann", "CNY", items, offers, lookup, LAYOUT, rounding)


def test_weight_and_price_labels_decode_to_their_product() -> None:
    weight = decode_label("2800123012342", LAYOUT)
    assert weight is not None and (weight.kind, weight.item_code, weight.value) == (
        "weight_label",
        "00123",
        1234,
    )
    assert weight.label_code == "2800123000004"
    assert decode_label("6901234567892", LAYOUT) is None  # an ordinary EAN-13
    with pytest.raises(InvalidBarcode, match="check digit is 3, expected 2"):
        decode_label("2800123012343", LAYOUT)
    s = sell(
        [ScannedItem("2800123012342", 0), ScannedItem("2000456012501", 0)],
        [TenderOffer("cash", 20000)],
    )
    cheese, cake = s.lines
    assert (cheese.sku, cheese.qty_base, cheese.amount_minor) == ("CHEESE", 1234, 1234 * 9)
    assert (cake.sku, cake.qty_base, cake.amount_minor, cake.label_code) == (
        "CAKE",
        1,
        1250,
        "2000456012501",
    )
    # A markdown sticker on a piece item: one piece at the sticker's price, and the
    # receipt line adds up (1 x 9.00 = 9.00, not 1 x 12.50 = 9.00).
    marked = sell([ScannedItem("2000456009006", 0)], [TenderOffer("cash", 900)]).lines[0]
    assert (marked.qty_base, marked.unit_price_minor, marked.amount_minor) == (1, 900, 900)
    with pytest.raises(UnknownBarcode, match="no product has label code 2800999000009"):
        sell([ScannedItem("2800999012347", 0)], [TenderOffer("cash", 100)])


def test_label_layout_must_fill_thirteen_digits() -> None:
    with pytest.raises(ConfigError, match="must be 10"):
        LabelLayout.from_config({**DEFAULTS["labels"], "item_digits": 6})


def test_override_and_discount_name_the_approvals_they_need() -> None:
    s = sell(
        [
            ScannedItem("COLA", 2, price_override_minor=300, approval_id="a1"),
            ScannedItem("COLA", 3, discount_minor=50, approval_id="a2"),
            ScannedItem("COLA", 1),
        ],
        [TenderOffer("cash", 2000)],
    )
    assert [line.amount_minor for line in s.lines] == [600, 1000, 350]
    assert s.discounts_minor == 50
    assert [(n.action, n.details, n.approval_id) for n in approvals_needed(s.lines)] == [
        ("price_override", "SKU COLA price 300", "a1"),
        ("line_discount", "SKU COLA discount 50", "a2"),
    ]
    with pytest.raises(InvalidInput, match="discount ¥7.01 on COLA is more than the line's ¥7.00"):
        sell([ScannedItem("COLA", 2, discount_minor=701)], [TenderOffer("cash", 2000)])


def test_cash_rounding_applies_to_the_cash_part_only() -> None:
    tens = CashRounding(10, "half_up")
    assert [tens.round(v) for v in (1234, 1235, 1239, 1230)] == [1230, 1240, 1240, 1230]
    assert CashRounding(10, "down").round(1239) == 1230
    cash = sell(
        [ScannedItem("COLA", 1), ScannedItem("CHEESE", 1)], [TenderOffer("cash", 500)], tens
    )  # 359 due -> 360
    assert (cash.total_minor, cash.rounding_minor, cash.change_minor) == (359, 1, 140)
    card = sell(
        [ScannedItem("COLA", 1), ScannedItem("CHEESE", 1)], [TenderOffer("card", 359)], tens
    )
    assert card.rounding_minor == 0
    split = sell(
        [ScannedItem("COLA", 1), ScannedItem("CHEESE", 1)],
        [TenderOffer("card", 200), TenderOffer("cash", 200)],
        CashRounding(10, "down"),
    )
    assert (split.rounding_minor, [t.amount_minor for t in split.tenders]) == (-9, [200, 150])
    q = quote(
        "S001", "CNY", [ScannedItem("COLA", 1), ScannedItem("CHEESE", 1)], lookup, LAYOUT, tens
    )
    assert (q.total_minor, q.cash_total_minor, q.rounding_minor) == (359, 360, 1)
    with pytest.raises(ConfigError):
        CashRounding(10, "bankers")


def test_split_tender_member_refused_and_short_refused() -> None:
    tenders = settle(
        1000,
        [
            TenderOffer("card", 400, "4111 1111 1111 1111"),
            TenderOffer("qr", 100, "WX-9"),
            TenderOffer("cash", 1000),
        ],
        "CNY",
    )
    assert [(t.method, t.amount_minor, t.change_minor) for t in tenders] == [
        ("card", 400, 0),
        ("qr", 100, 0),
        ("cash", 500, 500),
    ]
    assert tenders[0].reference == "411111******1111"
    with pytest.raises(InvalidTender, match="payment method .member. is now stored_value"):
        settle(1000, [TenderOffer("member", 1000)], "CNY")
    with pytest.raises(PaymentShort, match="payment ¥9.00 is short of the total ¥10.00 by ¥1.00"):
        settle(1000, [TenderOffer("card", 400), TenderOffer("cash", 500)], "CNY")


SOLD = [
    SoldLine(1, "COLA", "Cola 330ml", 3, 350, 1000, 0),  # 3 colas with a 0.50 discount
    SoldLine(2, "COLA", "Cola 330ml", 1, 350, 350, 0),
]


def test_returns_refund_the_paid_share_and_never_more_than_sold() -> None:
    lines = against_sale(7, SOLD, [ReturnRequestItem(COLA, 1), ReturnRequestItem(COLA, 2)])
    assert [(r.original_line_no, r.qty_base, r.amount_minor) for r in lines] == [
        (1, 1, 333),
        (1, 2, 667),
    ]
    assert sum(r.amount_minor for r in lines) == 1000  # the whole line, discount included
    with pytest.raises(
        InvalidInput,
        match="sold 4 piece of COLA and 1 came back already; at most 3 can be returned, not 4",
    ):
        against_sale(
            7,
            [SoldLine(1, "COLA", "Cola 330ml", 3, 350, 1000, 1), SOLD[1]],
            [ReturnRequestItem(COLA, 4)],
        )
    w = against_sale(7, SOLD, [ReturnRequestItem(COLA, 1, "write_off")])
    assert movements(w) == [
        Movement("COLA", 1, Reason.RETURN),
        Movement("COLA", -1, Reason.WRITE_OFF),
    ]
    assert movements(lines) == [
        Movement("COLA", 1, Reason.RETURN),
        Movement("COLA", 2, Reason.RETURN),
    ]


def test_return_without_receipt_is_limited_and_refunds_add_up() -> None:
    assert without_receipt([ReturnRequestItem(COLA, 2)], 5000, "CNY")[0].amount_minor == 700
    with pytest.raises(InvalidInput, match="at most ¥50.00; this one comes to ¥52.50"):
        without_receipt([ReturnRequestItem(COLA, 15)], 5000, "CNY")
    assert [t.method for t in settle_refunds(700, [], "CNY")] == ["cash"]
    with pytest.raises(PaymentShort, match="refunds ¥6.00 must add up to the return's ¥7.00"):
        settle_refunds(700, [TenderOffer("card", 600)], "CNY")


def test_shift_cash_and_counts() -> None:
    denoms = parse_denominations(DEFAULTS["till"]["denominations_minor"])
    assert count_cash([(10000, 2), (100, 13)], denoms, "CNY") == 21300
    with pytest.raises(InvalidInput, match="3.00 is not a denomination"):
        count_cash([(300, 1)], denoms, "CNY")
    with pytest.raises(InvalidInput, match="must be zero or more, got -1"):
        count_cash([(100, -1)], denoms, "CNY")
    cash = ShiftCash(20000, 1500, 350, 1000, 5000)
    assert cash.expected_minor == 20000 + 1500 - 350 + 1000 - 5000


POLICY = ApprovalPolicy(frozenset({"price_override"}), 3, 15, 120)
RECORD = ApprovalRecord("ap1", "price_override", "SKU COLA price 300", "T1", "meg", 10_000, False)


def test_approval_is_bound_single_use_and_expires() -> None:
    assert require_approval(RECORD, "ap1", "price_override", "SKU COLA price 300", "T1", 5_000)
    with pytest.raises(ApprovalNeeded, match="a price override .* needs a manager's approval"):
        require_approval(None, "", "price_override", "SKU COLA price 300", "T1", 5_000)
    with pytest.raises(
        ApprovalRefused,
        match="was given for price_override \\(SKU COLA price "
        "300\\), not for price_override \\(SKU COLA price 200\\)",
    ):
        require_approval(RECORD, "ap1", "price_override", "SKU COLA price 200", "T1", 5_000)
    with pytest.raises(ApprovalRefused, match="not for no_sale"):
        require_approval(RECORD, "ap1", "no_sale", "no sale", "T1", 5_000)
    with pytest.raises(ApprovalRefused, match="at till T1, not at till T2"):
        require_approval(RECORD, "ap1", "price_override", "SKU COLA price 300", "T2", 5_000)
    with pytest.raises(ApprovalRefused, match="already been used"):
        require_approval(
            RECORD.__class__(**{**RECORD.__dict__, "used": True}),
            "ap1",
            "price_override",
            "SKU COLA price 300",
            "T1",
            5_000,
        )
    with pytest.raises(ApprovalRefused, match="expired at"):
        require_approval(RECORD, "ap1", "price_override", "SKU COLA price 300", "T1", 10_000)


def test_three_wrong_pins_lock_the_manager_out() -> None:
    state = PinState()
    state = after_wrong_pin(state, POLICY, 0)
    assert "2 more wrong" in wrong_pin_sentence("meg", state, POLICY)
    state = after_wrong_pin(after_wrong_pin(state, POLICY, 1), POLICY, 2)
    assert state.locked_until_ms == 2 + 15 * 60_000
    assert "locked out until 1970-01-01 00:15:00 UTC" in wrong_pin_sentence("meg", state, POLICY)
    with pytest.raises(ManagerLockedOut, match="manager meg is locked out .* until"):
        check_not_locked("meg", state, 60_000)
    check_not_locked("meg", state, 15 * 60_000 + 2)  # over
    assert after_wrong_pin(state, POLICY, 15 * 60_000 + 3) == PinState(1, 0)


def test_business_dates_in_the_store_time_zone() -> None:
    tz = zone("Asia/Shanghai")
    start, end = day_bounds_ms("2024-03-01", tz)
    assert end - start == 86_400_000
    assert business_date(start, tz) == "2024-03-01" and business_date(start - 1, tz) == "2024-02-29"
    with pytest.raises(InvalidInput, match="YYYY-MM-DD"):
        day_bounds_ms("1 March", tz)


def test_a_refund_goes_back_the_way_the_sale_was_paid() -> None:
    from edge_agent.domain.returns import settle_refunds

    paid_with = [("card", 600, "411111******1111"), ("cash", 500, "")]
    refunds = settle_refunds(800, [], "CNY", paid_with)
    assert [(t.method, t.amount_minor, t.reference) for t in refunds] == [
        ("card", 600, "411111******1111"),
        ("cash", 200, ""),
    ]
    assert [t.method for t in settle_refunds(300, [], "CNY", paid_with)] == ["card"]
    assert [t.method for t in settle_refunds(300, [], "CNY")] == ["cash"]  # no receipt
