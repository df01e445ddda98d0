"""Online orders' documents in the journal: an order picked, an order handed over."""

from __future__ import annotations

from common.pb.storeledger.v1 import channels_pb2
from edge_agent.domain.channel_orders import ChannelFulfilment, ChannelPick


def channel_pick_pb(p: ChannelPick) -> channels_pb2.ChannelPick:
    return channels_pb2.ChannelPick(
        reservation_id=p.reservation_id, till_id=p.till_id, cashier=p.cashier,
        lines=[channels_pb2.ReservationLine(sku=x.sku, qty_base=x.qty_base) for x in p.lines],
    )  # fmt: skip


def channel_fulfilment_pb(f: ChannelFulfilment) -> channels_pb2.ChannelFulfilment:
    return channels_pb2.ChannelFulfilment(
        reservation_id=f.reservation_id, till_id=f.till_id, cashier=f.cashier,
        channel=f.channel, order_ref=f.order_ref,
    )  # fmt: skip
