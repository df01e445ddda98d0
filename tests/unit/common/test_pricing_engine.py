"""The shared pricing engine without I/O: packs, labels, overrides, discounts, cart totals,
cash rounding and what tenders must pay; and that common/domain stays pure."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from common.domain.cash_rounding import CashRounding, amount_due
from common.domain.errors import EmptySale, ProductNotOnSale, UnknownBarcode
from common.domain.labels import LABEL_DEFAULTS, LabelLayout
from common.domain.money import MAX_AMOUNT_MINOR
from common.domain.pricing import ScannedItem, price_lines, quote
from common.domain.product import CatalogueProduct
from common.domain.units import MAX_QTY_BASE
from common.errors import InvalidBarcode, InvalidInput, InvalidQuantity
from edge_agent.config import DEFAULTS as EDGE_DEFAULTS
from headoffice.config import DEFAULTS as HO_DEFAULTS

DOMAIN = Path(__file__).resolve().parents[3] / "common" / "domain"
LAYOUT = LabelLayout.from_config(LABEL_DEFAULTS)
WATER = CatalogueProduct("WATER", "Water 550 ml", "piece", 200, 95, "CNY")
CASE = CatalogueProduct(
    "WATER", "Water 550 ml", "piece", 200, 95, "CNY", pack_name="case", pack_qty=24
)
NUTS = CatalogueProduct("NUTS", "Loose nuts", "g", 8, 4, "CNY")
CAKE = CatalogueProduct("CAKE", "Cake slice", "piece", 1250, 500, "CNY")
OIL = CatalogueProduct("OIL", "Oil on tap", "ml", 3, 1, "CNY")
OLD = CatalogueProduct("OLD", "Discontinued", "piece", 100, 50, "CNY", active=False)
DOLLARS = CatalogueProduct("GUM", "Imported gum", "piece", 99, 50, "USD")
WASH = CatalogueProduct(
    "WASH", "Car wash", "piece", 3000, 0, "CNY", kind="service", components=(("SOAP", 50),)
)
CATALOGUE = {
    "6901234567892": WATER,
    "WATER": WATER,
    "6901234567908": CASE,
    "NUTS": NUTS,
    "2800001000003": NUTS,  # NUTS' weight label code (prefix 28, item 00001)
    "2000456000003": CAKE,  # CAKE's price label code (prefix 20, item 00456)
    "2100001000004": NUTS,  # NUTS' price label code
    "OIL": OIL,
    "OLD": OLD,
    "GUM": DOLLARS,
    "WASH": WASH,
}


def lookup(code: str) -> CatalogueProduct | None:
    return CATALOGUE.get(code)


def lines(*items: ScannedItem):
    return price_lines("S001", "CNY", list(items), lookup, LAYOUT)


def test_packs_scan_as_pack_qty_base_units_at_the_unit_price() -> None:
    two_cases, one_case, bottles = lines(
        ScannedItem("6901234567908", 2),
        ScannedItem("6901234567908", 0),
        ScannedItem("6901234567892", 3, discount_minor=50),
    )
    assert (two_cases.qty_base, two_cases.unit_price_minor, two_cases.amount_minor) == (
        48,
        200,
        9600,
    )
    assert (one_case.qty_base, one_case.amount_minor) == (24, 4800)
    assert (bottles.qty_base, bottles.discount_minor, bottles.amount_minor) == (3, 50, 550)
    assert [line.line_no for line in (two_cases, one_case, bottles)] == [1, 2, 3]


def test_weighed_and_measured_items_need_a_quantity_pieces_default_to_one() -> None:
    (water,) = lines(ScannedItem("WATER", 0))
    assert (water.qty_base, water.amount_minor) == (1, 200)
    with pytest.raises(InvalidQuantity, match="NUTS is sold by g: give its weight in g"):
        lines(ScannedItem("NUTS", 0))
    with pytest.raises(InvalidQuantity, match="OIL is sold by ml: give its quantity in ml"):
        lines(ScannedItem("OIL", 0))
    with pytest.raises(InvalidQuantity, match="positive whole number of grams, got -5"):
        lines(ScannedItem("NUTS", -5))


def test_weight_label_carries_the_quantity_and_price_label_the_amount() -> None:
    nuts, cake, nuts_by_price = lines(
        ScannedItem("2800001002502", 0),  # 250 g
        ScannedItem("2000456009006", 0),  # a 9.00 markdown sticker on a piece item
        ScannedItem("2100001001001", 0),  # 1.00 of nuts at 0.08/g: 12.5 g -> 13 g
    )
    assert (nuts.sku, nuts.qty_base, nuts.amount_minor, nuts.label_code) == (
        "NUTS", 250, 2000, "2800001002502"
    )  # fmt: skip
    assert (cake.qty_base, cake.unit_price_minor, cake.amount_minor) == (1, 900, 900)
    assert cake.list_price_minor == 1250
    assert (nuts_by_price.qty_base, nuts_by_price.amount_minor) == (13, 100)
    with pytest.raises(InvalidInput, match="weighs 250 g; its quantity cannot be changed"):
        lines(ScannedItem("2800001002502", 300))
    with pytest.raises(InvalidInput, match="carries its own price; it takes no override"):
        lines(ScannedItem("2000456009006", 0, discount_minor=10))
    with pytest.raises(UnknownBarcode, match="no product has label code 2800999000009"):
        lines(ScannedItem("2800999012347", 0))
    with pytest.raises(InvalidBarcode, match="check digit is 3, expected 2"):
        lines(ScannedItem("2800001002503", 0))


def test_without_a_layout_a_label_code_is_an_ordinary_barcode() -> None:
    (nuts,) = price_lines("S001", "CNY", [ScannedItem("2800001000003", 40)], lookup, None)
    assert (nuts.qty_base, nuts.amount_minor, nuts.label_code) == (40, 320, "")


def test_override_and_discount_on_one_line() -> None:
    (line,) = lines(ScannedItem("WATER", 3, price_override_minor=150, discount_minor=25))
    assert (line.unit_price_minor, line.list_price_minor, line.amount_minor) == (150, 200, 425)
    with pytest.raises(InvalidInput, match="override price of WATER must be zero or more"):
        lines(ScannedItem("WATER", 1, price_override_minor=-1))
    with pytest.raises(InvalidInput, match="discount on WATER must be zero or more, got -1"):
        lines(ScannedItem("WATER", 1, discount_minor=-1))
    with pytest.raises(InvalidInput, match="discount ¥2.01 on WATER is more than the line's ¥2.00"):
        lines(ScannedItem("WATER", 1, discount_minor=201))


def test_refusals_name_the_product_or_code() -> None:
    with pytest.raises(EmptySale, match="at least one item"):
        lines()
    with pytest.raises(
        ProductNotOnSale, match="OLD \\(Discontinued\\) is not on sale in store S001"
    ):
        lines(ScannedItem("OLD", 1))
    with pytest.raises(InvalidInput, match="GUM is priced in USD, but store S001 sells in CNY"):
        lines(ScannedItem("GUM", 1))
    with pytest.raises(UnknownBarcode, match="no product has barcode 6920000000012 in store S001"):
        lines(ScannedItem("6920000000012", 1))
    with pytest.raises(UnknownBarcode, match="barcode or SKU 'TEA' in store S001's catalogue"):
        lines(ScannedItem("TEA", 1))


def test_oversized_lines_are_a_sentence_not_an_overflow() -> None:
    with pytest.raises(InvalidQuantity, match=f"too large; at most {MAX_QTY_BASE} in one line"):
        lines(ScannedItem("6901234567908", MAX_QTY_BASE))
    with pytest.raises(InvalidInput, match="the line of WATER comes to .* more than one line may"):
        lines(ScannedItem("WATER", MAX_QTY_BASE, price_override_minor=MAX_AMOUNT_MINOR))


def test_a_service_line_carries_what_it_takes_off_the_shelf() -> None:
    wash, water = lines(ScannedItem("WASH", 1), ScannedItem("WATER", 1))
    assert (wash.moves, water.moves) == ((("SOAP", 50),), None)


def test_quote_totals_the_lines_and_rounds_the_cash_total() -> None:
    items = [ScannedItem("WATER", 1), ScannedItem("NUTS", 3)]  # 200 + 24 = 224
    up = quote("S001", "CNY", items, lookup, LAYOUT, CashRounding(10, "half_up"))
    assert (up.total_minor, up.cash_total_minor, up.rounding_minor) == (224, 220, -4)
    down = quote("S001", "CNY", items, lookup, LAYOUT, CashRounding(50, "down"))
    assert (down.total_minor, down.cash_total_minor, down.rounding_minor) == (224, 200, -24)
    exact = quote("S001", "CNY", items, lookup, LAYOUT, CashRounding())
    assert (exact.cash_total_minor, exact.rounding_minor) == (224, 0)
    assert [line.amount_minor for line in up.lines] == [200, 24]


def test_amount_due_rounds_only_the_cash_part() -> None:
    tens = CashRounding(10, "half_up")
    all_cash = amount_due(1235, 0, True, tens)
    assert (all_cash.total_minor, all_cash.cash_minor, all_cash.rounding_minor) == (1240, 1240, 5)
    split = amount_due(1235, 1000, True, CashRounding(10, "down"))
    assert (split.total_minor, split.cash_minor, split.rounding_minor) == (1230, 230, -5)
    card = amount_due(1235, 1235, False, tens)
    assert (card.total_minor, card.cash_minor, card.rounding_minor) == (1235, 0, 0)
    over = amount_due(1235, 1500, True, tens)  # card over the total: nothing due in cash
    assert (over.total_minor, over.cash_minor, over.rounding_minor) == (1500, 0, 0)


def test_head_office_and_the_till_read_the_same_label_defaults() -> None:
    assert HO_DEFAULTS["labels"] == EDGE_DEFAULTS["labels"] == LABEL_DEFAULTS
    assert LabelLayout.from_config(HO_DEFAULTS["labels"]) == LAYOUT


def test_the_shared_domain_imports_only_the_standard_library_and_common() -> None:
    outside = []
    for path in sorted(DOMAIN.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top not in {"common", "__future__"} and top not in _STDLIB:
                    outside.append(f"{path.name}: {name}")
                if name.startswith("common.") and name.split(".")[1] in {"pb", "rpc", "tls"}:
                    outside.append(f"{path.name}: {name}")
    assert outside == []


# The standard library's pure parts: no files, sockets, processes, threads or clocks.
_STDLIB = {
    "ast", "bisect", "calendar", "collections", "dataclasses", "datetime", "enum",
    "fractions", "functools", "hashlib", "heapq", "itertools", "math", "operator", "re",
    "typing",
}  # fmt: skip
