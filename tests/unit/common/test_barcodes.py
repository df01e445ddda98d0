"""GTIN check digits: the till refuses a mistyped barcode with the digit it expected."""

from __future__ import annotations

import pytest

from common.domain.barcodes import gtin_check_digit, looks_like_gtin, validate_gtin
from common.errors import InvalidBarcode


@pytest.mark.parametrize(
    "code",
    ["6901234567892", "6920000000012", "96385074", "69200007", "036000291452", "042100005264"],
)
def test_valid_gtins(code: str) -> None:
    assert validate_gtin(code) == code
    assert gtin_check_digit(code[:-1]) == int(code[-1])


def test_surrounding_whitespace_is_dropped() -> None:
    assert validate_gtin(" 6901234567892\n") == "6901234567892"


def test_wrong_check_digit_names_the_expected_digit() -> None:
    with pytest.raises(InvalidBarcode) as exc:
        validate_gtin("6901234567893")
    assert str(exc.value) == (
        "barcode 6901234567893 is not a valid EAN-13: check digit is 3, expected 2"
    )


def test_wrong_check_digit_names_the_kind() -> None:
    with pytest.raises(InvalidBarcode, match="not a valid UPC-A: check digit is 3, expected 2"):
        validate_gtin("036000291453")
    with pytest.raises(InvalidBarcode, match="not a valid EAN-8"):
        validate_gtin("96385075")


@pytest.mark.parametrize(
    "code", ["69012345678A2", "6901-234567892", "", "６９０１２３４５６７８９２"]
)
def test_non_digits_are_refused(code: str) -> None:
    with pytest.raises(InvalidBarcode, match="digits only"):
        validate_gtin(code)


@pytest.mark.parametrize("code", ["123", "1234567", "69012345678921"])
def test_wrong_length_names_the_lengths(code: str) -> None:
    with pytest.raises(InvalidBarcode) as exc:
        validate_gtin(code)
    assert (
        str(exc.value) == f"barcode {code} has {len(code)} digits; EAN-13 has 13, UPC-A 12, EAN-8 8"
    )


def test_looks_like_gtin() -> None:
    assert looks_like_gtin("6901234567892")
    assert not looks_like_gtin("WATER-550")
    assert not looks_like_gtin("12345")
