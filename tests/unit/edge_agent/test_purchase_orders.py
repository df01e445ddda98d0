"""What a delivery against an order may book at the store, without a ledger."""

from __future__ import annotations

import pytest

from common.errors import InvalidInput
from edge_agent.domain.purchase_orders import (
    ExpectedLine,
    ExpectedOrder,
    ReceiveItem,
    check_supplier_return,
    plan_delivery,
)
from edge_agent.domain.purchasing_errors import OverDelivery, PurchaseOrderFinished


def order(received: tuple[int, int] = (0, 0), state: str = "sent", pct: int = 10) -> ExpectedOrder:
    return ExpectedOrder(
        "PO-3", "BEV", "Beverage Co", state, "CNY", pct,
        (
            ExpectedLine(1, "COLA", "Cola", 24, 180, received[0]),
            ExpectedLine(2, "TEA", "Tea", 5, 230, received[1]),
        ),
    )  # fmt: skip


def test_states_as_the_store_sees_them() -> None:
    assert order().state == "sent"
    assert order((1, 0)).state == "partly_received"
    assert order((24, 5)).state == "closed"
    assert order((3, 0), "closed").state == "closed"
    assert order((0, 0), "cancelled").state == "cancelled"


def test_default_is_the_remaining_quantities_at_the_orders_cost() -> None:
    plan = plan_delivery(order((20, 5)), [])
    assert plan.lines == [("COLA", 4, 180)] and plan.warnings == []


def test_tolerance_rounds_down_and_allow_over_warns() -> None:
    # 24 + 10% = 26.4 -> 26; 5 + 10% = 5.5 -> 5
    assert plan_delivery(order(), [ReceiveItem("COLA", 26)]).lines == [("COLA", 26, 180)]
    with pytest.raises(
        OverDelivery,
        match=r"makes 27 received against 24 ordered on PO-3, beyond its 10% tolerance \(26\)",
    ):
        plan_delivery(order(), [ReceiveItem("COLA", 27)])
    with pytest.raises(OverDelivery, match=r"tolerance \(5\)"):
        plan_delivery(order(), [ReceiveItem("TEA", 6)])
    plan = plan_delivery(order(), [ReceiveItem("TEA", 6, 200)], allow_over=True)
    assert plan.lines == [("TEA", 6, 200)] and "beyond its 10% tolerance (5)" in plan.warnings[0]


def test_refusals() -> None:
    with pytest.raises(PurchaseOrderFinished, match="is closed"):
        plan_delivery(order((24, 5)), [])
    with pytest.raises(PurchaseOrderFinished, match="was cancelled"):
        plan_delivery(order(state="cancelled"), [])
    with pytest.raises(InvalidInput, match="given twice"):
        plan_delivery(order(), [ReceiveItem("COLA", 1), ReceiveItem("COLA", 1)])
    with pytest.raises(InvalidInput, match="not on purchase order PO-3"):
        plan_delivery(order(), [ReceiveItem("MILK", 1)])
    with pytest.raises(InvalidInput, match="zero or more"):
        plan_delivery(order(), [ReceiveItem("COLA", 1, -5)])
    assert check_supplier_return(" BEV ", " dented ", [("COLA", 1)]) == ("BEV", "dented")
    with pytest.raises(InvalidInput, match="at least one"):
        check_supplier_return("BEV", "dented", [])
