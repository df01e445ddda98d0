"""The Till RPCs of online orders (pos orders; services.channel_orders): list the orders head
office sent the store, pick one (its pick list printed) and hand it over."""

from __future__ import annotations

from common.i18n import N_, Phrase, _
from common.pb.storeledger.v1 import till_pb2
from edge_agent.api.messages import till as till_messages
from edge_agent.api.messages.channel_orders import order_view
from edge_agent.api.till_base import TillBase
from edge_agent.services import channel_orders
from edge_agent.store.journal_codec.entries import movement_pb


class OrderRpcs(TillBase):
    async def ListOrders(self, request, context) -> till_pb2.ListChannelOrdersReply:  # noqa: N802
        if request.reservation_id:
            order = await self._call(channel_orders.show_order, request.reservation_id)
            return till_pb2.ListChannelOrdersReply(orders=[order_view(order)])
        orders = await self._call(channel_orders.list_orders, tuple(request.states))
        return till_pb2.ListChannelOrdersReply(orders=[order_view(o) for o in orders])

    async def PickOrder(self, request, context) -> till_pb2.PickOrderReply:  # noqa: N802
        picked = await self._wrote(
            channel_orders.pick_order, request.till_id, request.cashier, request.reservation_id
        )
        printed = await self._print_text(
            request.till_id or "T1", Phrase(N_("the pick list")), _("Pick list"), picked.pick_list
        )
        return till_pb2.PickOrderReply(
            seq=picked.seq, order=order_view(picked.order), pick_list_text=picked.pick_list,
            print=till_messages.print_outcome(printed),
        )  # fmt: skip

    async def HandOverOrder(self, request, context) -> till_pb2.HandOverOrderReply:  # noqa: N802
        done = await self._wrote(
            channel_orders.hand_over_order, request.till_id, request.cashier,
            request.reservation_id,
        )  # fmt: skip
        return till_pb2.HandOverOrderReply(
            seq=done.seq, order=order_view(done.order),
            movements=[movement_pb(m) for m in done.movements],
        )  # fmt: skip
