"""Voucher codes: digits ending in a Luhn check digit, so one mistyped digit or two swapped
neighbours are caught before the code is looked up."""

from __future__ import annotations

import secrets


def luhn_digit(body: str) -> str:
    """The check digit that makes `body + digit` pass the Luhn test."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def well_formed(code: str, length: int) -> bool:
    """`length` digits whose last is the Luhn digit of the others."""
    return (
        len(code) == length
        and code.isascii()
        and code.isdigit()
        and luhn_digit(code[:-1]) == code[-1]
    )


def new_code(length: int) -> str:
    body = str(1 + secrets.randbelow(9)) + "".join(
        str(secrets.randbelow(10)) for _n in range(length - 2)
    )
    return body + luhn_digit(body)
