"""The store's transfer rules without a ledger."""

from __future__ import annotations

import pytest

from common.errors import InvalidInput
from edge_agent.domain.transfers import (
    TransferNotAllowed,
    confirmations,
    local_state,
    plan_shipment,
    plan_transfer_receipt,
)


def test_confirmations_are_whole_non_negative_and_once_each() -> None:
    assert confirmations([("COLA", 0), ("CHIPS", 3)]) == {"COLA": 0, "CHIPS": 3}
    with pytest.raises(InvalidInput, match="given twice"):
        confirmations([("COLA", 1), ("COLA", 2)])
    with pytest.raises(InvalidInput, match="got -2"):
        confirmations([("COLA", -2)])


def test_shipping_defaults_to_the_order_and_never_exceeds_it() -> None:
    lines = plan_shipment("S1", "TR1", "S1", "S2", "open", 0, {"A": 5, "B": 2}, {"A": 3})
    assert [(b.sku, b.expected_qty_base, b.qty_base) for b in lines] == [("A", 5, 3), ("B", 2, 2)]
    with pytest.raises(InvalidInput, match="ship at most that"):
        plan_shipment("S1", "TR1", "S1", "S2", "open", 0, {"A": 5}, {"A": 6})
    with pytest.raises(TransferNotAllowed, match="already shipped"):
        plan_shipment("S1", "TR1", "S1", "S2", "open", 7, {"A": 5}, {})
    with pytest.raises(TransferNotAllowed, match="S1 ships it"):
        plan_shipment("S2", "TR1", "S1", "S2", "open", 0, {"A": 5}, {})


def test_receiving_needs_the_shipment_and_this_store() -> None:
    shipped = {"A": (3, 120)}
    lines = plan_transfer_receipt("S2", "TR1", "S1", "S2", "shipped", 0, shipped, {"A": 4})
    assert [(b.sku, b.expected_qty_base, b.qty_base, b.unit_cost_minor) for b in lines] == [
        ("A", 3, 4, 120)
    ]
    with pytest.raises(TransferNotAllowed, match="not been shipped"):
        plan_transfer_receipt("S2", "TR1", "S1", "S2", "open", 0, shipped, {})
    with pytest.raises(TransferNotAllowed, match="only S2 can receive it"):
        plan_transfer_receipt("S1", "TR1", "S1", "S2", "shipped", 0, shipped, {})
    with pytest.raises(TransferNotAllowed, match="already received"):
        plan_transfer_receipt("S2", "TR1", "S1", "S2", "shipped", 9, shipped, {})


def test_the_store_shows_what_it_did_before_head_office_heard() -> None:
    assert local_state("open", 5, 0) == "shipped"
    assert local_state("shipped", 0, 6) == "received"
    assert local_state("discrepancy", 0, 6) == "discrepancy"
