"""docs/promotions.md's examples, priced: each figure the document quotes."""

from __future__ import annotations

from pathlib import Path

from common.domain.promotions import (
    AMOUNT_OFF,
    BUY_X_GET_Y,
    COMBO,
    PERCENT_OFF,
    SPEND_SAVE,
    Offer,
    price_cart,
)
from tests.unit.common.promotions_fixtures import GOLD, cart, ctx

DOC = (Path(__file__).resolve().parents[3] / "docs" / "promotions.md").read_text()


def test_the_stages_example() -> None:
    offers = [
        Offer("GOLD5", PERCENT_OFF, percent_bp=500, levels=frozenset({"gold"})),
        Offer("M80", SPEND_SAVE, threshold_minor=8000, amount_minor=1000),
        Offer("TEA10", PERCENT_OFF, skus=("TEA",), percent_bp=1000),
    ]
    assert price_cart(cart(("TEA", 1, 10000)), offers, ctx(GOLD)).total_minor == 7600
    assert "- 400 = **7600**" in DOC


def test_the_priority_example() -> None:
    lines = cart(("TEA", 1, 1000))
    cut = Offer("CUT", AMOUNT_OFF, skus=("TEA",), amount_minor=100, priority=5)
    low = Offer("PCT", PERCENT_OFF, skus=("TEA",), percent_bp=5000)
    high = Offer("PCT", PERCENT_OFF, skus=("TEA",), percent_bp=5000, priority=9)
    assert price_cart(lines, [cut, low], ctx()).total_minor == 450
    assert price_cart(lines, [cut, high], ctx()).total_minor == 400
    assert "half: **450**" in DOC and "- 100: **400**" in DOC


def test_the_not_greedy_example() -> None:
    offers = [
        Offer("WINE30", PERCENT_OFF, skus=("WINE",), percent_bp=3000, group="wine"),
        Offer("WINE10", PERCENT_OFF, skus=("WINE",), percent_bp=1000, group="wine"),
        Offer("M100", SPEND_SAVE, threshold_minor=9900, amount_minor=3000),
    ]
    result = price_cart(cart(("WINE", 1, 11000)), offers, ctx())
    assert (result.total_minor, result.discount_minor) == (6900, 4100)
    (note,) = result.lines[0].not_applied
    assert note.text == "does not combine with WINE10 (group wine), which saves more"
    assert "**6900**: 4100 saved" in DOC


def test_the_rounding_and_sharing_examples() -> None:
    tea15 = Offer("TEA15", PERCENT_OFF, skus=("TEA",), percent_bp=1500)
    assert price_cart(cart(("TEA", 1, 333)), [tea15], ctx()).discount_minor == 50
    b2g1 = Offer("B2G1", BUY_X_GET_Y, skus=("TEA", "BUN", "JAM"), buy_qty=2, get_qty=1)
    three = cart(("TEA", 2, 500), ("BUN", 1, 300), ("JAM", 3, 800))
    assert price_cart(three, [b2g1], ctx()).discount_minor == 800
    combo = Offer("BRUNCH", COMBO, components=(("COFFEE", 1), ("CAKE", 1)), price_minor=2500)
    brunch = cart(("COFFEE", 2, 1800), ("CAKE", 1, 1200))
    assert price_cart(brunch, [combo], ctx()).discount_minor == 500
    bill = Offer("OFF", AMOUNT_OFF, amount_minor=1000)
    shared = price_cart(cart(("A", 1, 999), ("B", 1, 1), ("C", 1, 1000)), [bill], ctx())
    assert [line.discount_minor for line in shared.lines] == [500, 0, 500]
    assert [line.net_minor for line in shared.lines] == [499, 1, 500]
    for quoted in ("49.95: **50**", "**800** off", "**500** off", "**500, 0, 500**"):
        assert quoted in DOC


def test_the_csv_example_reads_and_validates_row_by_row() -> None:
    from common.domain.promotions import validate_offer
    from common.domain.promotions.records import from_record
    from common.spreadsheets import csv_rows

    block = DOC.split("```csv\n", 1)[1].split("```", 1)[0]
    rows = list(csv_rows(block))
    header = rows[0][1]
    prices = {"TEA": 500, "COFFEE": 1800, "CAKE": 1200}
    offers = [
        validate_offer(from_record(dict(zip(header, cells, strict=True))), prices)
        for _line, cells in rows[1:]
    ]
    assert [o.offer_id for o in offers] == ["TEA10", "M100", "BRUNCH", "GOLDTEA", "BDAY", "WELCOME"]
    assert [o.stage_name for o in offers] == ["item", "cart", "item", "item", "member", "cart"]
