"""Quantities are positive whole numbers of a base unit; refusals name the unit."""

from __future__ import annotations

import pytest

from common.domain.units import check_unit, parse_quantity, require_positive
from common.errors import InvalidQuantity


def test_whole_positive_quantities() -> None:
    assert parse_quantity("3") == 3
    assert parse_quantity(" 250 ", "g") == 250
    assert parse_quantity("+2", "ml") == 2


@pytest.mark.parametrize(
    "text, unit, sentence",
    [
        ("0", "piece", "quantity must be a positive whole number of pieces, got 0"),
        ("-3", "piece", "quantity must be a positive whole number of pieces, got -3"),
        ("1.5", "g", "quantity must be a positive whole number of grams, got 1.5"),
        ("abc", "ml", "quantity must be a positive whole number of millilitres, got abc"),
        ("", "piece", "quantity must be a positive whole number of pieces, got "),
    ],
)
def test_refusals_name_the_unit(text: str, unit: str, sentence: str) -> None:
    with pytest.raises(InvalidQuantity) as exc:
        parse_quantity(text, unit)
    assert str(exc.value) == sentence


def test_require_positive_refuses_bools_and_non_ints() -> None:
    for value in (True, 0, -1, 1.0):
        with pytest.raises(InvalidQuantity):
            require_positive(value)  # type: ignore[arg-type]
    assert require_positive(7, "g") == 7


def test_check_unit() -> None:
    assert check_unit("ml") == "ml"
    with pytest.raises(
        InvalidQuantity, match="unit 'kg' is not a base unit; use one of g, ml, piece"
    ):
        check_unit("kg")
