"""Transfer rules without a database: requests, stock checks, states, resolutions."""

from __future__ import annotations

import pytest

from common.errors import ConfigError, InvalidInput
from headoffice.domain.transfers import (
    DISCREPANCY,
    RECEIVED,
    SHIPPED,
    InsufficientStock,
    LineState,
    TransferRefused,
    check_negative_stock_policy,
    check_request,
    check_resolution,
    format_transfer_id,
    in_transit_qty,
    negative_stock_warnings,
    parse_transfer_id,
    require_state,
    state_after_transfer_receipt,
)


def test_transfer_ids_read_with_or_without_the_prefix() -> None:
    assert format_transfer_id(12) == "TR000012"
    assert parse_transfer_id("TR000012") == parse_transfer_id("tr12") == parse_transfer_id("12")
    for bad in ("", "TR", "TR0", "X12", "12a", "-1"):
        with pytest.raises(InvalidInput, match="must look like TR000012"):
            parse_transfer_id(bad)


@pytest.mark.parametrize(
    ("from_store", "to_store", "items", "sentence"),
    [
        ("S001", "S001", [("COLA", 1)], "S001 cannot send to itself"),
        ("", "S002", [("COLA", 1)], "needs a sending store"),
        ("S001", "S002", [], "at least one line"),
        (
            "S001",
            "S002",
            [("COLA", 0)],
            "quantity of COLA must be a positive whole number of base units, got 0",
        ),
        ("S001", "S002", [("COLA", -3)], "got -3"),
        ("S001", "S002", [("COLA", True)], "got True"),
        ("S001", "S002", [("COLA", 1), ("COLA", 2)], "SKU COLA appears twice"),
        ("S001", "S002", [(" ", 1)], "needs a SKU"),
    ],
)
def test_bad_requests_get_one_sentence(from_store, to_store, items, sentence) -> None:
    with pytest.raises(InvalidInput, match=sentence):
        check_request(from_store, to_store, items)


def test_more_than_the_sender_has_is_refused_or_warned_per_policy() -> None:
    lines = (("COLA", 5), ("CHIPS", 2), ("RICE", 1))
    on_hand = {"COLA": 4, "CHIPS": 2}
    with pytest.raises(InsufficientStock) as refused:
        negative_stock_warnings("S001", lines, on_hand, "refuse")
    assert refused.value.shortages == ["COLA: 5 asked, 4 on hand", "RICE: 1 asked, 0 on hand"]
    assert "nothing was created" in str(refused.value)
    warnings = negative_stock_warnings("S001", lines, on_hand, "allow")
    assert warnings == [
        "store S001 will go below zero on COLA: 5 asked, 4 on hand",
        "store S001 will go below zero on RICE: 1 asked, 0 on hand",
    ]
    assert negative_stock_warnings("S001", (("CHIPS", 2),), on_hand, "refuse") == []
    with pytest.raises(ConfigError, match="negative_stock"):
        check_negative_stock_policy("maybe")


def test_in_transit_and_the_state_after_receipt() -> None:
    line = LineState("COLA", 10, shipped_qty_base=8, received_qty_base=7, unit_cost_minor=100)
    assert in_transit_qty("open", line) == 0
    assert in_transit_qty(SHIPPED, line) == 8
    assert in_transit_qty(DISCREPANCY, line) == 1
    assert in_transit_qty("resolved", line) == 0
    assert state_after_transfer_receipt([line]) == DISCREPANCY
    exact = LineState("COLA", 10, shipped_qty_base=8, received_qty_base=8)
    assert state_after_transfer_receipt([exact]) == RECEIVED


def test_resolutions() -> None:
    short = [LineState("COLA", 10, 8, 7, 100)]
    over = [LineState("COLA", 10, 8, 9, 100)]
    assert check_resolution("TR000001", "transit-loss", short) == "transit_loss"
    assert check_resolution("TR000001", "correction", over) == "correction"
    with pytest.raises(TransferRefused, match=r"received more than was shipped of COLA \(\+1\)"):
        check_resolution("TR000001", "transit-loss", over)
    with pytest.raises(InvalidInput, match="must be transit-loss or correction"):
        check_resolution("TR000001", "shrug", short)
    with pytest.raises(TransferRefused, match="TR000001 is shipped; it can be cancelled only"):
        require_state("TR000001", SHIPPED, ("open",), "cancelled")
