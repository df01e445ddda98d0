"""One range policy: each limit accepted at, just below, refused just above, with a sentence."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from common.domain import limits, money, units
from common.domain.limits import (
    BUDGET,
    INT64_MAX,
    MAX_AMOUNT_MINOR,
    MAX_CASH_MINOR,
    MAX_EXPANDED_QTY_BASE,
    MAX_LEVEL_VALUE_MINOR,
    MAX_QTY_BASE,
    MAX_SEQUENCE,
    MAX_SKUS,
    MAX_STOCK_QTY_BASE,
    MAX_STORES,
    MAX_UNIT_COST_MINOR,
    MAX_UNIT_PRICE_MINOR,
    check_amount,
    check_cash,
    check_expanded_qty,
    check_movement_qty,
    check_product,
    check_qty,
    check_sequence,
    check_stock_level,
    check_sum,
    check_unit_cost,
    check_unit_price,
    check_valuation,
)
from common.errors import InvalidInput, InvalidQuantity

ONE_VALUE_CHECKS: list[tuple[Callable[[str, object], int], int, type[InvalidInput]]] = [
    (check_qty, MAX_QTY_BASE, InvalidQuantity),
    (check_movement_qty, MAX_EXPANDED_QTY_BASE, InvalidQuantity),
    (check_stock_level, MAX_STOCK_QTY_BASE, InvalidQuantity),
    (check_amount, MAX_AMOUNT_MINOR, InvalidInput),
    (check_unit_price, MAX_UNIT_PRICE_MINOR, InvalidInput),
    (check_unit_cost, MAX_UNIT_COST_MINOR, InvalidInput),
    (check_cash, MAX_CASH_MINOR, InvalidInput),
    (check_sequence, MAX_SEQUENCE, InvalidInput),
]
IDS = [check.__name__ for check, _, _ in ONE_VALUE_CHECKS]


@pytest.mark.parametrize(("check", "limit", "error"), ONE_VALUE_CHECKS, ids=IDS)
def test_each_limit_is_accepted_at_and_just_below(check, limit, error) -> None:
    assert check("the field", limit) == limit
    assert check("the field", limit - 1) == limit - 1


@pytest.mark.parametrize(("check", "limit", "error"), ONE_VALUE_CHECKS, ids=IDS)
def test_just_above_each_limit_is_a_sentence_naming_field_value_and_limit(
    check, limit, error
) -> None:
    with pytest.raises(error) as refused:
        check("quantity of COLA on line 3", limit + 1)
    sentence = str(refused.value)
    assert sentence.startswith("quantity of COLA on line 3 is ")
    assert str(limit + 1) in sentence and f"more than the limit of {limit}" in sentence


@pytest.mark.parametrize(("check", "limit", "error"), ONE_VALUE_CHECKS, ids=IDS)
@pytest.mark.parametrize("value", [1.0, 2.5, "5", None, True, 10**30 * 1.0])
def test_only_whole_numbers_pass(check, limit, error, value) -> None:
    with pytest.raises(error, match="the field must be a .*whole number"):
        check("the field", value)


def test_the_issue_wire_values_are_refused_not_overflowed() -> None:
    with pytest.raises(InvalidInput, match="after_cursor is 18446744073709551615, more than"):
        check_sequence("after_cursor", 2**64 - 1)
    with pytest.raises(InvalidInput, match="opening float is 9223372036854775807 minor units"):
        check_cash("opening float", INT64_MAX)
    with pytest.raises(InvalidInput, match="price of WATER is 100000000000000 minor units"):
        check_unit_price("price of WATER", 10**14)
    with pytest.raises(InvalidInput, match="must be zero or more, got -1"):
        check_sequence("after_cursor", -1)


def test_quantities_are_positive_and_name_the_unit() -> None:
    assert check_qty("weight of RICE", 1, unit="grams") == 1
    with pytest.raises(
        InvalidQuantity, match="weight of RICE must be a positive whole number of grams, got 0"
    ):
        check_qty("weight of RICE", 0, unit="grams")
    with pytest.raises(InvalidQuantity, match="got -3"):
        check_qty("component quantity of bundle CARWASH", -3)
    with pytest.raises(
        InvalidQuantity,
        match="component quantity of bundle CARWASH is 1000000000 base units, "
        "more than the limit of 100000000 base units",
    ):
        check_qty("component quantity of bundle CARWASH", 10**9)
    assert check_qty("pack size of COLA24", 24, limit=1000) == 24


def test_signed_values_are_bounded_both_ways() -> None:
    assert check_movement_qty("movement", -MAX_EXPANDED_QTY_BASE) == -MAX_EXPANDED_QTY_BASE
    with pytest.raises(InvalidQuantity, match="less than the limit of -100000000 base units"):
        check_movement_qty("movement", -MAX_EXPANDED_QTY_BASE - 1)
    with pytest.raises(InvalidQuantity, match="movement must not be zero"):
        check_movement_qty("movement", 0)
    assert check_stock_level("stock of COLA at S001", 0) == 0
    assert check_stock_level("stock of COLA at S001", -MAX_STOCK_QTY_BASE) == -MAX_STOCK_QTY_BASE
    with pytest.raises(InvalidQuantity, match="less than the limit"):
        check_stock_level("stock of COLA at S001", -MAX_STOCK_QTY_BASE - 1)
    assert check_amount("refund", -MAX_AMOUNT_MINOR, signed=True) == -MAX_AMOUNT_MINOR
    with pytest.raises(InvalidInput, match="refund must be zero or more minor units, got -1"):
        check_amount("refund", -1)
    with pytest.raises(InvalidInput, match="less than the limit of -100000000000 minor units"):
        check_amount("refund", -MAX_AMOUNT_MINOR - 1, signed=True)


def test_derived_products_at_below_and_above_their_limit() -> None:
    assert check_product("the line of WATER", 10**3, 10**8) == MAX_AMOUNT_MINOR
    assert check_product("the line of WATER", 10**3, 10**8 - 1) == MAX_AMOUNT_MINOR - 1000
    with pytest.raises(
        InvalidInput,
        match="the line of WATER is 100000000001 minor units, more than the limit of "
        "100000000000 minor units",
    ):
        check_product("the line of WATER", 100000000001, 1)
    # The issue's first failure: a component of 1e9 sold 1e9 x 11 times, now refused.
    with pytest.raises(InvalidQuantity, match="COLA after expanding bundle CARWASH is 11000"):
        check_expanded_qty("COLA after expanding bundle CARWASH", 10**9 * 11, 10**9)
    assert check_expanded_qty("SOAP in WASH", 10**6, 100) == MAX_EXPANDED_QTY_BASE
    with pytest.raises(InvalidQuantity, match="more than the limit of 100000000 base units"):
        check_expanded_qty("SOAP in WASH", 10**6 + 1, 100)
    with pytest.raises(InvalidQuantity, match="must be a whole number"):
        check_expanded_qty("SOAP in WASH", 1.5, 100)


def test_a_level_is_valued_within_its_share_of_the_chain() -> None:
    assert check_valuation("value of COLA at S001", 10**4, 10**4) == MAX_LEVEL_VALUE_MINOR
    assert check_valuation("value of COLA at S001", -(10**4), 10**4) == -MAX_LEVEL_VALUE_MINOR
    assert check_valuation("value of COLA at S001", 10**4 - 1, 10**4) < MAX_LEVEL_VALUE_MINOR
    with pytest.raises(InvalidInput, match="value of COLA at S001 is 100010000 minor units"):
        check_valuation("value of COLA at S001", 10**4 + 1, 10**4)
    # The issue's receipt of 1e9 at 1e13 is refused three times over.
    with pytest.raises(InvalidInput):
        check_valuation("value of COLA at S001", 10**9, 10**13)


def test_sums_at_below_and_above_their_limit() -> None:
    assert check_sum("total of sale 7", [MAX_AMOUNT_MINOR - 5, 5]) == MAX_AMOUNT_MINOR
    assert check_sum("total of sale 7", [MAX_AMOUNT_MINOR - 5, 4]) == MAX_AMOUNT_MINOR - 1
    assert check_sum("total of sale 7", []) == 0
    with pytest.raises(InvalidInput, match="total of sale 7 is 100000000001 minor units"):
        check_sum("total of sale 7", [MAX_AMOUNT_MINOR, 1])
    with pytest.raises(InvalidInput, match="must be a whole number, got 0.5"):
        check_sum("total of sale 7", [1, 0.5])
    assert check_sum("stock of COLA in the chain", [10**12], limit=10**12, unit="base units")


def test_the_arithmetic_in_the_docstring_holds() -> None:
    levels = MAX_STORES * MAX_SKUS
    assert levels == 10**10
    assert BUDGET * 9 < INT64_MAX  # a margin of more than 9x
    # Chain-wide valuation and chain-wide stock, every level at its limit.
    assert levels * MAX_LEVEL_VALUE_MINOR <= BUDGET
    assert levels * MAX_STOCK_QTY_BASE <= BUDGET
    # Row-by-row products in SQL never overflow.
    assert MAX_STOCK_QTY_BASE * MAX_UNIT_COST_MINOR <= BUDGET
    assert MAX_QTY_BASE * MAX_UNIT_PRICE_MINOR <= BUDGET
    assert MAX_QTY_BASE * MAX_QTY_BASE <= BUDGET  # a line x a component, before its check
    # A chain's day of sales at the limit; a shift's float and cash movements.
    assert 10**7 * MAX_AMOUNT_MINOR <= BUDGET
    assert MAX_CASH_MINOR <= MAX_AMOUNT_MINOR
    # A single unit at the top price or cost still fits a line and a level.
    assert MAX_UNIT_PRICE_MINOR <= MAX_AMOUNT_MINOR
    assert MAX_UNIT_COST_MINOR <= MAX_LEVEL_VALUE_MINOR
    assert MAX_EXPANDED_QTY_BASE <= MAX_STOCK_QTY_BASE
    assert MAX_SEQUENCE + 1 <= INT64_MAX


def test_the_old_names_are_the_policys() -> None:
    assert units.MAX_QTY_BASE is limits.MAX_QTY_BASE
    assert money.MAX_AMOUNT_MINOR is limits.MAX_AMOUNT_MINOR


@given(st.integers(), st.integers())
def test_a_product_is_returned_exactly_or_refused(left: int, right: int) -> None:
    try:
        assert check_product("x", left, right) == left * right
    except InvalidInput:
        assert abs(left * right) > MAX_AMOUNT_MINOR


@given(st.lists(st.integers(min_value=-(10**12), max_value=10**12), max_size=20))
def test_a_sum_is_returned_exactly_or_refused(values: list[int]) -> None:
    try:
        assert check_sum("x", values) == sum(values)
    except InvalidInput:
        assert abs(sum(values)) > MAX_AMOUNT_MINOR
