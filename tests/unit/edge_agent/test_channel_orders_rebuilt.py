"""The orders of a ledger rebuilt from head office's journal (domain.channel_orders
.rebuilt_orders): head office's open orders, picked as the journal says; the journal's
hand-overs; a bad order from head office refused."""

from __future__ import annotations

import pytest

from common.errors import InvalidInput
from edge_agent.domain.channel_orders import (
    JournalHandOver,
    JournalPick,
    OrderLine,
    SentOrder,
    rebuilt_orders,
)

LINES = (OrderLine("COLA", 2),)


def _sent(rid: str) -> SentOrder:
    return SentOrder(rid, "mall", f"M-{rid}", "confirmed", LINES, 1_000)


def test_open_orders_picked_as_the_journal_says_and_hand_overs_kept() -> None:
    picks = [JournalPick("CR000001", 4, 2_000, "ann"), JournalPick("CR000003", 5, 2_500, "max")]
    handed = [JournalHandOver("CR000003", 6, 3_000, "max", "mall", "M-3", LINES)]
    orders = {o.reservation_id: o for o in rebuilt_orders(
        [_sent("CR000001"), _sent("CR000002")], picks, handed
    )}  # fmt: skip
    assert {rid: o.state for rid, o in orders.items()} == {
        "CR000001": "picked", "CR000002": "confirmed", "CR000003": "handed_over",
    }  # fmt: skip
    assert (orders["CR000001"].picked_seq, orders["CR000001"].picked_by) == (4, "ann")
    assert orders["CR000001"].confirmed_at_ms == 1_000
    done = orders["CR000003"]
    assert (done.picked_seq, done.handed_over_seq, done.handed_over_by) == (5, 6, "max")
    assert (done.lines, done.confirmed_at_ms) == (LINES, 0)  # not in the journal


def test_a_hand_over_in_the_journal_stands_over_an_open_order() -> None:
    handed = [JournalHandOver("CR000001", 6, 3_000, "max", "mall", "M-1", LINES)]
    [order] = rebuilt_orders([_sent("CR000001")], [], handed)
    assert order.state == "handed_over"


def test_a_bad_order_from_head_office_is_refused() -> None:
    bad = SentOrder("CR000001", "mall", "M-1", "confirmed", (), 1_000)
    with pytest.raises(InvalidInput, match="confirmed with no lines"):
        rebuilt_orders([bad], [], [])
