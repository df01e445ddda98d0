"""The balance checksum both sides compare: order-independent, zero levels ignored."""

from __future__ import annotations

import hashlib

from common.domain.checksum import balance_checksum


def test_known_value() -> None:
    expected = hashlib.sha256(b"A\t2\nB\t-1\n").hexdigest()
    assert balance_checksum([("B", -1), ("A", 2)]) == (expected, 2)


def test_order_does_not_matter() -> None:
    levels = [("WATER-550", 24), ("COLA-330", -3), ("NUTS-LOOSE", 1500)]
    assert balance_checksum(levels) == balance_checksum(list(reversed(levels)))


def test_zero_levels_are_ignored() -> None:
    assert balance_checksum([("A", 2), ("Z", 0)]) == balance_checksum([("A", 2)])
    assert balance_checksum([("Z", 0)]) == balance_checksum([])
    assert balance_checksum([])[1] == 0


def test_a_different_quantity_changes_the_checksum() -> None:
    assert balance_checksum([("A", 2)])[0] != balance_checksum([("A", 3)])[0]
    assert balance_checksum([("A", 2)])[0] != balance_checksum([("B", 2)])[0]
