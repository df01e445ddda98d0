"""Issue 12 deliver 1: the range policy where the remaining documents enter, on the pure
rules (each refusal names the field, the value and the limit)."""

from __future__ import annotations

import pytest

from common.cli.bounds import bounded
from common.domain.limits import check_cash
from common.errors import InvalidInput, InvalidQuantity
from edge_agent.domain.tender import TenderOffer, check_methods
from edge_agent.domain.transfers import confirmations
from headoffice.domain.transfers import check_request
from headoffice.domain.write_offs import Line, merge_items, total_value

LIMIT = "more than the limit of 100000000 base units"


def test_a_transfer_line_beyond_the_limit_is_refused_at_head_office_and_at_the_store() -> None:
    with pytest.raises(
        InvalidQuantity, match=f"quantity of COLA is 1000000000 base units, {LIMIT}"
    ):
        check_request("S001", "S002", [("COLA", 1_000_000_000)])
    with pytest.raises(InvalidQuantity, match=f"quantity of COLA is 100000001 base units, {LIMIT}"):
        confirmations([("COLA", 100_000_001)])
    assert confirmations([("COLA", 0), ("TEA", 100_000_000)]) == {"COLA": 0, "TEA": 100_000_000}


def test_a_head_office_write_off_beyond_the_limits_is_refused() -> None:
    with pytest.raises(InvalidQuantity, match="the quantity written off of COLA is 100000001"):
        merge_items([("COLA", 100_000_000), ("COLA", 1)])
    with pytest.raises(InvalidInput, match="the value written off of COLA is 10000000000000000"):
        total_value([Line("COLA", 10**8, 10**8)])
    assert total_value([Line("COLA", 10, 650)]) == 6_500


def test_a_payment_beyond_one_amount_is_refused_at_the_till() -> None:
    with pytest.raises(InvalidInput, match="the cash payment is 1000000000000 minor units"):
        check_methods([TenderOffer("cash", 10**12)])


def test_a_cli_argument_beyond_its_limit_is_a_usage_sentence() -> None:
    import argparse

    parse = bounded(check_cash, "the opening float")
    assert parse("20000") == 20_000
    with pytest.raises(argparse.ArgumentTypeError, match="the opening float is 100000001"):
        parse("100000001")
    with pytest.raises(argparse.ArgumentTypeError, match="must be a whole number, got '1e9'"):
        parse("1e9")


def test_receiving_against_an_order_and_a_supplier_return_beyond_the_limits_are_refused() -> None:
    from edge_agent.domain.purchase_orders import (
        ExpectedLine,
        ExpectedOrder,
        ReceiveItem,
        check_supplier_return,
        plan_delivery,
    )

    order = ExpectedOrder(
        "PO-3", "BEV", "Beverage Co", "sent", "CNY", 10,
        (ExpectedLine(1, "COLA", "Cola", 24, 180, 0),),
    )  # fmt: skip
    with pytest.raises(InvalidInput, match="unit cost of COLA is 10000000000000 minor units"):
        plan_delivery(order, [ReceiveItem("COLA", 10, 10**13)])
    with pytest.raises(InvalidQuantity, match="quantity returned of COLA is 1000000000"):
        check_supplier_return("BEV", "damaged", [("COLA", 1_000_000_000)])
