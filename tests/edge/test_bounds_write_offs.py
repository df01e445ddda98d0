"""Issue 12 failure 12 and deliver 11 at the store, on a real SQLite ledger: a write-off is
valued at the moving-average cost of the moment (the cost head office's stock card uses)
and the approval threshold is checked on that value; one larger than the store's stock
needs a second confirmation and says the negative level it would leave."""

from __future__ import annotations

import pytest

from common.domain.costing import position_after
from common.errors import InvalidQuantity
from edge_agent.cli.pos import build_parser
from edge_agent.domain.receiving import DeliveryItem
from edge_agent.domain.write_offs import WriteOffLeavesNegative
from edge_agent.services.context import StoreContext
from edge_agent.services.receiving import receive
from edge_agent.services.write_offs import write_off_stock
from tests.edge.conftest import levels, newest_seq


def test_failure_12_write_off_valued_at_moving_average_and_threshold_checked_on_it(
    store: StoreContext,
) -> None:
    # COLA's catalogue cost is 200; it arrives at 600, then at 700: average 650.
    receive(store, "DN-1", [DeliveryItem("COLA", 100, 600)], "ann")
    receive(store, "DN-2", [DeliveryItem("COLA", 100, 700)], "ann")
    assert position_after(200, [(100, 600), (100, 700)]).avg_cost_minor == 650
    small = write_off_stock(store, [("COLA", 70)], "damaged", actor="sam").row
    # 70 x 650 = 45,500 at or below the 50,000 threshold: done at once.
    assert (small.state, small.value_minor, small.lines[0].unit_cost_minor) == (
        "done", 45_500, 650,
    )  # fmt: skip
    # 80 x 200 (catalogue) = 16,000 would pass unasked; 80 x 650 = 52,000 must wait.
    big = write_off_stock(store, [("COLA", 80)], "expired", actor="sam").row
    assert (big.state, big.value_minor) == ("pending", 52_000)
    assert levels(store)["COLA"] == 130


def test_deliver_11_write_off_larger_than_the_stock_needs_a_second_confirmation(
    store: StoreContext,
) -> None:
    receive(store, "DN-1", [DeliveryItem("COLA", 58, 100)], "ann")
    before = (newest_seq(store), levels(store))
    # The 1,000,000,000 at a store holding 58: beyond one line's limit.
    with pytest.raises(InvalidQuantity, match="quantity written off of COLA is 1000000000"):
        write_off_stock(store, [("COLA", 1_000_000_000)], "theft", confirm_negative=True)
    with pytest.raises(WriteOffLeavesNegative) as refused:
        write_off_stock(store, [("COLA", 60), ("CHIPS", 1)], "damaged", actor="sam")
    assert "COLA: the store holds 58, writing off 60 leaves -2" in str(refused.value)
    assert "CHIPS: the store holds 0, writing off 1 leaves -1" in str(refused.value)
    assert "pos writeoff --confirm-negative" in str(refused.value)
    assert (newest_seq(store), levels(store)) == before
    done = write_off_stock(store, [("COLA", 60)], "damaged", actor="sam", confirm_negative=True).row
    assert (done.state, done.value_minor) == ("done", 6_000)
    assert levels(store)["COLA"] == -2
    # Exactly the stock held needs no confirmation.
    receive(store, "DN-2", [DeliveryItem("COLA", 12, 100)], "ann")
    assert write_off_stock(store, [("COLA", 10)], "damaged").row.state == "done"


def test_pos_writeoff_takes_the_second_confirmation() -> None:
    args = build_parser().parse_args(
        ["writeoff", "COLA=60", "--reason", "damaged", "--confirm-negative"]
    )
    assert args.confirm_negative is True
    assert (
        build_parser().parse_args(["writeoff", "COLA=1", "--reason", "x"]).confirm_negative is False
    )
