"""GTIN barcodes (EAN-13, EAN-8, UPC-A): check-digit validation."""

from __future__ import annotations

from common.errors import InvalidBarcode
from common.i18n import _

GTIN_LENGTHS = {8: "EAN-8", 12: "UPC-A", 13: "EAN-13"}


def gtin_check_digit(body: str) -> int:
    """Check digit for the digits before it (GS1 mod-10, weights 3,1 from the right)."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        total += int(ch) * (3 if i % 2 == 0 else 1)
    return (10 - total % 10) % 10


def validate_gtin(code: str) -> str:
    """Return the code if it is a valid EAN-13, EAN-8 or UPC-A; raise InvalidBarcode otherwise."""
    code = code.strip()
    if not code.isdigit() or not code.isascii():
        raise InvalidBarcode(_("barcode {code} must contain digits only").format(code=repr(code)))
    kind = GTIN_LENGTHS.get(len(code))
    if kind is None:
        raise InvalidBarcode(
            _("barcode {code} has {digits} digits; EAN-13 has 13, UPC-A 12, EAN-8 8").format(
                code=code, digits=len(code)
            )
        )
    expected = gtin_check_digit(code[:-1])
    if int(code[-1]) != expected:
        raise InvalidBarcode(
            _(
                "barcode {code} is not a valid {kind}: check digit is {digit}, expected {expected}"
            ).format(code=code, kind=kind, digit=code[-1], expected=expected)
        )
    return code


def looks_like_gtin(code: str) -> bool:
    return code.isdigit() and len(code) in GTIN_LENGTHS
