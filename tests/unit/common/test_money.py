"""Money in integer minor units: formatting, parsing, and the one rounding rule."""

from __future__ import annotations

import pytest

from common.domain.money import div_round_half_up, format_minor, minor_digits, parse_minor
from common.errors import InvalidInput


@pytest.mark.parametrize(
    "amount, currency, text",
    [
        (12345, "CNY", "123.45"),
        (5, "CNY", "0.05"),
        (0, "USD", "0.00"),
        (-250, "CNY", "-2.50"),
        (-5, "EUR", "-0.05"),
        (1500, "JPY", "1500"),
        (-7, "KRW", "-7"),
    ],
)
def test_format_minor(amount: int, currency: str, text: str) -> None:
    assert format_minor(amount, currency) == text


def test_unknown_currency_has_two_decimals() -> None:
    assert minor_digits("GBP") == 2
    assert format_minor(199, "GBP") == "1.99"


def test_parse_minor() -> None:
    assert parse_minor("5000") == 5000
    assert parse_minor(" 0 ") == 0


@pytest.mark.parametrize("text", ["50.00", "-1", "1e3", "", "五"])
def test_parse_minor_refuses_anything_but_digits(text: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        parse_minor(text, "price")
    assert str(exc.value).startswith("price must be a whole number of minor units")
    assert repr(text.strip()) in str(exc.value)


@pytest.mark.parametrize(
    "num, den, result",
    [(10, 4, 3), (9, 4, 2), (11, 4, 3), (-10, 4, -3), (-9, 4, -2), (7, 7, 1), (0, 3, 0), (1, 3, 0)],
)
def test_div_round_half_up_rounds_halves_away_from_zero(num: int, den: int, result: int) -> None:
    assert div_round_half_up(num, den) == result


def test_div_round_half_up_needs_a_positive_denominator() -> None:
    with pytest.raises(ValueError):
        div_round_half_up(1, 0)
    with pytest.raises(ValueError):
        div_round_half_up(1, -2)
