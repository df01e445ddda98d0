"""Domain rules of a sale: pricing, tenders and change, masking, short payment, quantities."""

from __future__ import annotations

import pytest

from common.domain.pricing import ScannedItem
from common.domain.product import CatalogueProduct
from common.errors import InvalidBarcode, InvalidQuantity
from edge_agent.domain.errors import (
    EmptySale,
    InvalidInput,
    InvalidTender,
    PaymentShort,
    ProductNotOnSale,
    UnknownBarcode,
)
from edge_agent.domain.receiving import DeliveryItem, build_delivery
from edge_agent.domain.sale import build_sale
from edge_agent.domain.tender import TenderOffer, mask_card_numbers, settle

COLA = CatalogueProduct("COLA", "Cola 330ml", "piece", 350, 200, "CNY")
RICE = CatalogueProduct("RICE", "Loose rice", "g", 2, 1, "CNY")
OLD = CatalogueProduct("OLD", "Discontinued", "piece", 100, 50, "CNY", active=False)
CATALOGUE = {"6901234567892": COLA, "COLA": COLA, "RICE": RICE, "OLD": OLD}


def lookup(code: str) -> CatalogueProduct | None:
    return CATALOGUE.get(code)


def sale(items: list[ScannedItem], offers: list[TenderOffer]):
    return build_sale("S001", "T1", "ann", "CNY", items, offers, lookup)


def test_lines_are_priced_per_scan_without_merging() -> None:
    s = sale(
        [ScannedItem("6901234567892", 2), ScannedItem("COLA", 1), ScannedItem("RICE", 500)],
        [TenderOffer("cash", 5000)],
    )
    assert [(line.sku, line.qty_base, line.amount_minor) for line in s.lines] == [
        ("COLA", 2, 700),
        ("COLA", 1, 350),
        ("RICE", 500, 1000),
    ]
    assert s.total_minor == 2050
    assert s.change_minor == 2950
    assert s.stock_out() == [("COLA", -2), ("COLA", -1), ("RICE", -500)]


def test_change_comes_from_cash_only() -> None:
    tenders = settle(1000, [TenderOffer("card", 600, "ref-1"), TenderOffer("cash", 500)], "CNY")
    assert [(t.method, t.amount_minor, t.tendered_minor, t.change_minor) for t in tenders] == [
        ("card", 600, 600, 0),
        ("cash", 400, 500, 100),
    ]


def test_card_paying_more_than_the_total_is_refused() -> None:
    with pytest.raises(InvalidTender, match="change is given from cash only"):
        settle(1000, [TenderOffer("card", 1200, "x")], "CNY")


def test_short_payment_names_the_amounts() -> None:
    with pytest.raises(PaymentShort) as err:
        settle(5100, [TenderOffer("cash", 4500)], "CNY")
    assert str(err.value) == "payment ¥45.00 is short of the total ¥51.00 by ¥6.00"


def test_unknown_method_is_refused() -> None:
    with pytest.raises(InvalidTender, match="'cheque' is not accepted"):
        settle(100, [TenderOffer("cheque", 100)], "CNY")


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("4111111111111111", "411111******1111"),
        ("auth 4111 1111 1111 1111 ok", "auth 411111******1111 ok"),
        ("5500-0000-0000-0004", "550000******0004"),
        ("qr-7781234", "qr-7781234"),
        ("123456789012", "123456789012"),
    ],
)
def test_card_numbers_are_masked(text: str, masked: str) -> None:
    assert mask_card_numbers(text) == masked


def test_a_tender_reference_never_keeps_a_card_number() -> None:
    s = sale([ScannedItem("COLA", 1)], [TenderOffer("card", 350, "4111111111111111")])
    assert s.tenders[0].reference == "411111******1111"


@pytest.mark.parametrize("qty", [-1, -3])
def test_quantity_must_be_positive_and_names_the_unit(qty: int) -> None:
    with pytest.raises(InvalidQuantity, match=f"positive whole number of grams, got {qty}"):
        sale([ScannedItem("RICE", qty)], [TenderOffer("cash", 100)])


def test_unknown_barcode_names_the_store() -> None:
    with pytest.raises(UnknownBarcode) as err:
        sale([ScannedItem("6901234567885", 1)], [TenderOffer("cash", 100)])
    assert str(err.value) == "no product has barcode 6901234567885 in store S001's catalogue"


def test_malformed_barcode_says_which_check_digit() -> None:
    with pytest.raises(InvalidBarcode, match="check digit is 9, expected 2"):
        sale([ScannedItem("6901234567899", 1)], [TenderOffer("cash", 100)])


def test_inactive_product_and_empty_sale_are_refused() -> None:
    with pytest.raises(ProductNotOnSale, match="OLD"):
        sale([ScannedItem("OLD", 1)], [TenderOffer("cash", 100)])
    with pytest.raises(EmptySale):
        sale([], [TenderOffer("cash", 100)])


def test_delivery_validates_items() -> None:
    d = build_delivery("S001", "DN-1", "bob", [DeliveryItem("6901234567892", 24, 180)], lookup)
    assert d.stock_in() == [("COLA", 24, 180)]
    with pytest.raises(InvalidQuantity):
        build_delivery("S001", "DN-1", "bob", [DeliveryItem("COLA", 0, 180)], lookup)
    with pytest.raises(EmptySale):
        build_delivery("S001", "DN-1", "bob", [], lookup)


def test_a_delivery_line_may_carry_its_lots_best_before_day() -> None:
    items = [DeliveryItem("COLA", 24, 180, " 2026-12-31 "), DeliveryItem("RICE", 500, 1)]
    d = build_delivery("S001", "DN-1", "bob", items, lookup)
    assert [(x.sku, x.expiry_date) for x in d.delivered()] == [
        ("COLA", "2026-12-31"), ("RICE", ""),
    ]  # fmt: skip
    for bad in ("31/12/2026", "2026-12-32", "20261231", "tomorrow"):
        with pytest.raises(InvalidInput, match="expiry date of COLA must be a day as YYYY-MM-DD"):
            build_delivery("S001", "DN-1", "bob", [DeliveryItem("COLA", 1, 1, bad)], lookup)


def test_no_quantity_means_one_piece_but_a_weighed_item_needs_its_weight() -> None:
    s = sale([ScannedItem("COLA", 0)], [TenderOffer("cash", 500)])
    assert [(line.sku, line.qty_base) for line in s.lines] == [("COLA", 1)]
    with pytest.raises(InvalidQuantity, match=r"RICE is sold by g: give its weight in g, e\.g\."):
        sale([ScannedItem("RICE", 0)], [TenderOffer("cash", 500)])
