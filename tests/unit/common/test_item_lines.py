"""CODE=QTY[@UNIT_COST] lines as every hoctl and pos command reads them."""

from __future__ import annotations

import pytest

from common.errors import InvalidInput
from common.item_lines import ItemLine, parse_item_line


def test_quantity_is_after_the_last_equals_sign_and_cost_after_the_at() -> None:
    assert parse_item_line("A=B=2", "line", "X=1") == ItemLine("A=B", 2)
    assert parse_item_line(" COLA-330=240@180", "order line", "X=1@2", cost="required") == (
        ItemLine("COLA-330", 240, 180)
    )
    assert parse_item_line("COLA=24", "item", "X=1", cost="optional") == ItemLine("COLA", 24)
    assert parse_item_line("COLA=0", "confirmation", "X=1", allow_zero=True).qty_base == 0


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
        parse_item_line(text, "line", "X=1", cost=cost)
