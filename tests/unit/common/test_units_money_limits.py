"""Typed numbers are ASCII whole numbers within sane bounds, refused with a sentence otherwise."""

import pytest

from common.domain.money import MAX_AMOUNT_MINOR, parse_minor
from common.domain.units import MAX_QTY_BASE, parse_quantity
from common.errors import InvalidInput, InvalidQuantity


def test_full_width_digits_are_not_a_quantity():
    with pytest.raises(InvalidQuantity, match="positive whole number of pieces"):
        parse_quantity("０２")


def test_oversized_quantity_is_a_sentence_not_an_overflow():
    with pytest.raises(InvalidQuantity, match="too large"):
        parse_quantity("99999999999999999999")
    assert parse_quantity(str(MAX_QTY_BASE), "g") == MAX_QTY_BASE


def test_oversized_amount_is_a_sentence_not_an_overflow():
    with pytest.raises(InvalidInput, match="payment 99999999999999999999999 is too large"):
        parse_minor("99999999999999999999999", "payment")
    assert parse_minor(str(MAX_AMOUNT_MINOR)) == MAX_AMOUNT_MINOR
    with pytest.raises(InvalidInput):
        parse_minor("５００")
