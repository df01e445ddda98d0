"""CODE=QTY[@UNIT_COST][:DISPOSITION]: the one item-line grammar of every hoctl and pos command."""

from __future__ import annotations

import pytest

from common.cli import item_lines as shapes
from common.cli.item_lines import ItemLine, Shape, parse_item_line
from common.errors import InvalidInput

LINE = Shape("line", "X=1")


def test_quantity_is_after_the_last_equals_sign_and_cost_after_the_at() -> None:
    assert parse_item_line("A=B=2", LINE) == ItemLine("A=B", 2)
    assert parse_item_line(" COLA-330=240@180", shapes.ORDER) == ItemLine("COLA-330", 240, 180)
    assert parse_item_line("COLA=24", shapes.ORDER_DELIVERY) == ItemLine("COLA", 24)
    assert parse_item_line("COLA=0", shapes.CONFIRMATION).qty_base == 0


@pytest.mark.parametrize(
    ("text", "cost", "words"),
    [
        ("COLA", "none", "'COLA' must be SKU=QTY in base units, e.g. X=1"),
        ("=3", "none", "must be SKU=QTY"),
        ("COLA=", "none", "must be SKU=QTY"),
        ("COLA=3@180", "none", "must be SKU=QTY in base units"),
        ("COLA=3", "required", "must be SKU=QTY@UNIT_COST"),
        ("COLA=0", "none", "positive whole number"),
        ("COLA=-2", "optional", "positive whole number"),
        ("COLA=1.5", "none", "positive whole number"),
        ("COLA=2@1.80", "optional", "unit cost of COLA must be a whole number of minor units"),
    ],
)
def test_a_bad_line_is_one_sentence_naming_it(text: str, cost, words: str) -> None:
    with pytest.raises(InvalidInput, match=words):
        parse_item_line(text, Shape("line", "X=1", cost=cost))


def test_till_lines_may_leave_the_quantity_out() -> None:
    # A sale line without =QTY says "not given" (0): the agent sells one piece, or
    # refuses a weighed product until its weight is given.
    assert parse_item_line("6901234567892", shapes.SALE) == ItemLine("6901234567892", 0)
    assert parse_item_line("6901234567892=2", shapes.SALE) == ItemLine("6901234567892", 2)
    assert parse_item_line("WATER-550", shapes.VOID) == ItemLine("WATER-550", 1)
    assert parse_item_line("COLA=1:write_off", shapes.RETURN) == ItemLine(
        "COLA", 1, None, "write_off"
    )
    assert parse_item_line("COLA:restock", shapes.RETURN) == ItemLine("COLA", 1, None, "restock")
    assert parse_item_line("COLA=24@95", shapes.DELIVERY) == ItemLine("COLA", 24, 95)


def test_till_refusals_name_the_line_and_the_products_unit() -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_item_line("NUTS=2.5", shapes.SALE, unit_of=lambda code: "g")
    assert str(refused.value) == (
        "sale line 'NUTS=2.5': quantity must be a positive whole number of grams, got 2.5"
    )
    with pytest.raises(InvalidInput, match="'damaged' is not one of restock, write_off"):
        parse_item_line("COLA=1:damaged", shapes.RETURN)
    with pytest.raises(
        InvalidInput,
        match=r"delivery line 'COLAx24@180' must be CODE=QTY@UNIT_COST in base units, "
        r"e.g. COLA-330=24@180",
    ):
        parse_item_line("COLAx24@180", shapes.DELIVERY)
    with pytest.raises(InvalidInput, match="must be CODE=QTY@UNIT_COST"):
        parse_item_line("COLA=24", shapes.DELIVERY)


def test_each_shape_shows_its_usage() -> None:
    assert shapes.SALE.usage == "CODE[=QTY]"
    assert shapes.RETURN.usage == "CODE[=QTY][:restock|write_off]"
    assert shapes.DELIVERY.usage == "CODE=QTY@UNIT_COST"
    assert shapes.ORDER_DELIVERY.usage == "SKU=QTY[@UNIT_COST]"
    assert shapes.TRANSFER.usage == "SKU=QTY"
