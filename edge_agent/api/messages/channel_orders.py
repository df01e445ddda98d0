"""Online orders: head office's ChannelOrder -> the domain, and the store's copy -> Till's
ChannelOrderView."""

from __future__ import annotations

from common.pb.storeledger.v1 import channels_pb2, till_pb2
from edge_agent.domain.channel_orders import ChannelOrder, OrderLine, SentOrder


def sent_order(m: channels_pb2.ChannelOrder) -> SentOrder:
    return SentOrder(
        m.reservation_id, m.channel, m.order_ref, m.state,
        tuple(OrderLine(line.sku, line.qty_base) for line in m.lines), m.confirmed_at_ms,
        m.close_reason,
    )  # fmt: skip


def order_view(o: ChannelOrder) -> till_pb2.ChannelOrderView:
    return till_pb2.ChannelOrderView(
        reservation_id=o.reservation_id, channel=o.channel, order_ref=o.order_ref,
        state=o.state,
        lines=[channels_pb2.ReservationLine(sku=x.sku, qty_base=x.qty_base) for x in o.lines],
        confirmed_at_ms=o.confirmed_at_ms, close_reason=o.close_reason, note=o.note,
        picked_at_ms=o.picked_at_ms, picked_by=o.picked_by, picked_seq=o.picked_seq,
        handed_over_at_ms=o.handed_over_at_ms, handed_over_by=o.handed_over_by,
        handed_over_seq=o.handed_over_seq,
    )  # fmt: skip
