"""Online orders on a real store ledger (SQLite): head office's ChannelOrder applied through
the downstream handler once, picked and handed over as journal entries head office reads
(channel_pick with the lines, channel_fulfilment with the movements out), the order's
state committed with its entry; a refusal leaves the ledger as it was; a cancel after the
hand-over is a note."""

from __future__ import annotations

import sqlite3

import pytest

from common.errors import NotFound, Refused
from common.pb.storeledger.v1 import channels_pb2, ledger_pb2, sync_pb2
from edge_agent.services import channel_orders
from edge_agent.services.context import StoreContext
from edge_agent.sync.downstream_handlers import HANDLERS
from tests.edge.conftest import journal_entries, levels, newest_seq

FULFILMENT = ledger_pb2.MOVEMENT_REASON_CHANNEL_FULFILMENT


def event(cursor: int, state: str = "confirmed", reason: str = "") -> sync_pb2.DownstreamEvent:
    return sync_pb2.DownstreamEvent(
        cursor=cursor,
        channel_order=channels_pb2.ChannelOrder(
            reservation_id="CR000007", channel="mall", order_ref="M-1", state=state,
            lines=[channels_pb2.ReservationLine(sku="COLA", qty_base=3),
                   channels_pb2.ReservationLine(sku="CHIPS", qty_base=1)],
            confirmed_at_ms=1_700_000_000_000, close_reason=reason,
        ),
    )  # fmt: skip


def apply(ctx: StoreContext, e: sync_pb2.DownstreamEvent) -> bool:
    return HANDLERS["channel_order"](ctx, e)


def test_received_picked_handed_over_on_the_ledger(store: StoreContext) -> None:
    assert apply(store, event(10)) and not apply(store, event(10))
    [order] = channel_orders.list_orders(store)
    assert (order.reservation_id, order.state, [(x.sku, x.qty_base) for x in order.lines]) == (
        "CR000007", "confirmed", [("COLA", 3), ("CHIPS", 1)],
    )  # fmt: skip
    picked = channel_orders.pick_order(store, "T1", "ann", "CR000007")
    handed = channel_orders.hand_over_order(store, "T1", "ann", "CR000007")
    pick, fulfilment = journal_entries(store)
    assert (pick.seq, pick.document_type, pick.document_id) == (
        picked.seq, "channel_pick", "CR000007",
    )  # fmt: skip
    assert [(x.sku, x.qty_base) for x in pick.channel_pick.lines] == [("COLA", 3), ("CHIPS", 1)]
    assert not pick.movements
    assert fulfilment.seq == handed.seq and fulfilment.document_type == "channel_fulfilment"
    assert fulfilment.channel_fulfilment.reservation_id == "CR000007"
    assert [(m.sku, m.qty_base, m.reason) for m in fulfilment.movements] == [
        ("COLA", -3, FULFILMENT), ("CHIPS", -1, FULFILMENT),
    ]  # fmt: skip
    assert levels(store) == {"COLA": -3, "CHIPS": -1}  # no stock: never refused
    kept = channel_orders.show_order(store, "CR000007")
    assert (kept.state, kept.picked_seq, kept.handed_over_seq) == (
        "handed_over", picked.seq, handed.seq,
    )  # fmt: skip
    # A cancel that arrives after the goods left: kept handed over, with a note.
    assert apply(store, event(11, "cancelled", "customer gave up"))
    kept = channel_orders.show_order(store, "CR000007")
    assert kept.state == "handed_over" and "customer gave up" in kept.note
    assert newest_seq(store) == handed.seq


def test_a_refusal_writes_nothing(store: StoreContext) -> None:
    apply(store, event(10))
    with pytest.raises(Refused, match="not picked yet"):
        channel_orders.hand_over_order(store, "T1", "ann", "CR000007")
    with pytest.raises(NotFound):
        channel_orders.pick_order(store, "T1", "ann", "CR000008")
    apply(store, event(11, "cancelled", "out of stock"))
    with pytest.raises(Refused, match="cancelled by head office"):
        channel_orders.pick_order(store, "T1", "ann", "CR000007")
    assert newest_seq(store) == 0 and levels(store) == {}


def test_the_tables_refuse_a_state_or_quantity_no_order_has(store: StoreContext) -> None:
    apply(store, event(10))
    path = store.db.path  # type: ignore[attr-defined]
    conn = sqlite3.connect(path)
    try:
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE channel_orders SET state = 'shipped'")
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE channel_order_lines SET qty_base = 0")
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE channel_order_lines SET qty_base = 1.5")
    finally:
        conn.close()
