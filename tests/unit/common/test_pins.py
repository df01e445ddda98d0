"""PINs: 6 to 12 ASCII digits, nothing trivial, refused with a sentence that never repeats them."""

from __future__ import annotations

from dataclasses import asdict

import pytest
from hypothesis import given
from hypothesis import strategies as st

from common.domain.pins import (
    ARGON2,
    COMMON_PINS,
    MIN_DISTINCT_DIGITS,
    RFC_9106_LOW_MEMORY,
    check_pin,
    pin_problem,
)
from common.errors import InvalidInput

# One sentence per rule, whatever the PIN: a refusal says nothing about which PIN it was.
SENTENCES = {pin_problem(pin) for pin in ("999999", "232323", "234567", "456456", "258369")}


@pytest.mark.parametrize("pin", ["482915", "4829150", "123457", "100200", "250731", "902711540063"])
def test_a_good_pin_is_accepted_unchanged(pin: str) -> None:
    assert pin_problem(pin) is None
    assert check_pin(pin) == pin


@pytest.mark.parametrize(
    ("pin", "reason"),
    [
        ("", "a PIN must be 6 to 12 digits 0-9, got nothing"),
        ("0000", "a PIN must be 6 to 12 digits 0-9, got 4 characters"),
        ("48291", "got 5 characters"),
        ("4829153017264", "got 13 characters"),
        ("４８２９１５", "got 6 characters"),  # full-width digits
        ("48291a", "6 to 12 digits 0-9"),
        (" 482915", "6 to 12 digits 0-9"),
        ("482915\n", "6 to 12 digits 0-9"),
        ("111111", "at least 3 different digits"),
        ("888888", "at least 3 different digits"),
        ("000000000000", "at least 3 different digits"),
        ("121212", "at least 3 different digits"),
        ("666888", "at least 3 different digits"),
        ("100100", "at least 3 different digits"),
        ("123456", "a run of digits"),
        ("654321", "a run of digits"),
        ("345678", "a run of digits"),
        ("890123", "a run of digits"),  # wraps 9 -> 0
        ("0123456789", "a run of digits"),
        ("210987", "a run of digits"),
        ("123123", "repeat a group of digits"),
        ("520520", "repeat a group of digits"),
        ("12341234", "repeat a group of digits"),
        ("147258", "one of the first that anyone would try"),
        ("5201314", "one of the first that anyone would try"),
        ("112233", "one of the first that anyone would try"),
        ("123321", "one of the first that anyone would try"),
    ],
)
def test_a_weak_pin_is_refused_with_a_sentence(pin: str, reason: str) -> None:
    problem = pin_problem(pin)
    assert problem is not None and reason in problem
    with pytest.raises(InvalidInput) as refused:
        check_pin(pin)
    assert str(refused.value) == problem
    assert problem in SENTENCES or problem == pin_problem("x" * len(pin))  # never the PIN


def test_every_common_pin_is_refused() -> None:
    for pin in COMMON_PINS:
        assert pin_problem(pin) is not None, pin


def test_the_recommended_hash_is_at_least_rfc_9106s() -> None:
    assert ARGON2.memory_cost >= RFC_9106_LOW_MEMORY.memory_cost == 64 * 1024
    assert ARGON2.time_cost >= RFC_9106_LOW_MEMORY.time_cost
    assert ARGON2.salt_len >= 16 and ARGON2.hash_len >= 32
    assert set(asdict(ARGON2)) == {
        "time_cost",
        "memory_cost",
        "parallelism",
        "hash_len",
        "salt_len",
    }


@given(st.text(st.sampled_from("0123456789"), min_size=6, max_size=12))
def test_any_accepted_pin_is_not_trivial(pin: str) -> None:
    problem = pin_problem(pin)
    if problem is None:
        assert len(set(pin)) >= MIN_DISTINCT_DIGITS
        assert pin not in "01234567890123456789" and pin not in "98765432109876543210"
        assert pin not in (pin + pin)[1:-1]  # not a repeated group
    else:
        assert problem in SENTENCES


@given(st.text(max_size=14))
def test_anything_else_is_refused_without_echo(text: str) -> None:
    problem = pin_problem(text)
    if not (text.isascii() and text.isdigit() and 6 <= len(text) <= 12):
        assert problem is not None and problem.startswith("a PIN must be 6 to 12 digits 0-9")
