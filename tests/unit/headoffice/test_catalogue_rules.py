"""Catalogue rules without a database: packs, components, containment, the category tree."""

from __future__ import annotations

from headoffice.domain.catalogue import parse_catalogue
from headoffice.domain.catalogue_rules import (
    Pack,
    category_tree,
    cycle_through,
    format_components,
    format_packs,
    kind_problems,
    parse_components,
    parse_packs,
)


def test_packs_parse_and_format_back() -> None:
    packs, problems = parse_packs("tray=6|case=24:6920000000135")
    assert problems == []
    assert packs == [Pack("tray", 6), Pack("case", 24, "6920000000135")]
    assert format_packs(packs) == "case=24:6920000000135|tray=6"


def test_a_pack_that_is_not_a_positive_whole_number_is_refused() -> None:
    for cell in ("case=2.5", "case=0", "case=-24", "case=twelve", "case=２４"):
        packs, problems = parse_packs(cell)
        assert packs == [] and len(problems) == 1, cell
        assert "positive whole number of base units" in problems[0]
    assert "must read name=quantity" in parse_packs("24")[1][0]
    assert "listed twice" in parse_packs("case=24|case=12")[1][0]


def test_components_parse_format_and_refuse_fractions() -> None:
    parts, problems = parse_components("TOWEL=1|SHAMPOO=50")
    assert problems == [] and format_components(parts) == "SHAMPOO=50|TOWEL=1"
    assert "positive whole number" in parse_components("SHAMPOO=0.5")[1][0]


def test_kinds() -> None:
    assert kind_problems("A", "goods", []) == []
    assert kind_problems("A", "service", []) == []  # a service may use nothing
    assert kind_problems("A", "bundle", []) == ["bundle A lists no components"]
    assert "only a bundle or a service" in kind_problems("A", "goods", [("B", 1)])[0]
    assert "is not one of goods, service, bundle" in kind_problems("A", "kit", [])[0]


def test_containment_is_found_directly_and_through_others() -> None:
    graph = {"A": ["B"], "B": ["C", "D"], "C": ["A"], "X": ["X"], "D": []}
    assert cycle_through("A", graph) == ["A", "B", "C", "A"]
    assert cycle_through("X", graph) == ["X", "X"]
    assert cycle_through("D", graph) is None
    assert cycle_through("B", {"B": ["C"], "C": ["D"], "D": []}) is None


def test_category_tree_counts_every_node() -> None:
    tree = category_tree({"drinks/soft": 2, "drinks/water": 1, "drinks": 1, "snacks": 3})
    assert [(n.path, n.depth, n.product_count) for n in tree] == [
        ("drinks", 0, 4),
        ("drinks/soft", 1, 2),
        ("drinks/water", 1, 1),
        ("snacks", 0, 3),
    ]


def test_the_old_seven_columns_still_parse_as_goods() -> None:
    lines = parse_catalogue(
        "sku,name,barcodes,unit,price_minor,cost_minor,category\nTEA,Tea,,piece,2,1,drinks\n"
    )
    assert (lines[0].kind, lines[0].packs, lines[0].components) == ("goods", (), ())
