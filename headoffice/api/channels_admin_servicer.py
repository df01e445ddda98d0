"""ChannelAdmin for staff (hoctl channel ..., hoctl stock --states/--channel): unpack, call
one service, pack. ListConflicts and ResolveConflict are channel conflicts', written in
their own module (channel_conflicts_servicer.ChannelConflictsMethods) and inherited here."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from common.certs import KeyPair
from common.pb.storeledger.v1 import channels_pb2, channels_pb2_grpc
from headoffice.api.auth import Authorizer, authorised
from headoffice.api.channel_conflicts_servicer import ChannelConflictsMethods
from headoffice.api.messages.channels import (
    channel_message,
    quota_message,
    reservation_message,
    state_message,
)
from headoffice.api.streams import DownstreamSignal
from headoffice.domain.roles import Permission, Staff
from headoffice.services import channel_admin


class ChannelAdminServicer(ChannelConflictsMethods, channels_pb2_grpc.ChannelAdminServicer):
    def __init__(
        self, new_uow: Any, auth: Authorizer, signal: DownstreamSignal, ca: KeyPair,
        address: Callable[[], str],
    ) -> None:  # fmt: skip
        self._new_uow = new_uow
        self._auth = auth
        self._signal = signal
        self._ca = ca
        self._address = address

    @authorised(Permission.CHANNEL_WRITE)
    async def AddChannel(self, request, context, staff: Staff):  # noqa: N802
        added = await asyncio.to_thread(
            channel_admin.add_channel, self._new_uow(), staff, self._ca, self._address(),
            request.code, request.name, request.kind, list(request.stores),
        )  # fmt: skip
        reply = channel_message(added.channel)
        reply.credential = added.identity.to_bytes()
        return reply

    @authorised(Permission.CHANNEL_READ)
    async def ListChannels(self, request, context, staff: Staff):  # noqa: N802
        found = await asyncio.to_thread(channel_admin.list_channels, self._new_uow(), staff)
        return channels_pb2.ListChannelsReply(channels=[channel_message(c) for c in found])

    @authorised(Permission.CHANNEL_WRITE)
    async def AllowStores(self, request, context, staff: Staff):  # noqa: N802
        found = await asyncio.to_thread(
            channel_admin.allow_stores, self._new_uow(), staff, request.channel,
            list(request.add), list(request.remove),
        )  # fmt: skip
        return channel_message(found)

    @authorised(Permission.CHANNEL_WRITE)
    async def SetQuota(self, request, context, staff: Staff):  # noqa: N802
        found = await asyncio.to_thread(
            channel_admin.set_quota, self._new_uow(), staff, request.channel, request.scope,
            request.key, request.percent,
        )  # fmt: skip
        return quota_message(found)

    @authorised(Permission.CHANNEL_READ)
    async def ListQuotas(self, request, context, staff: Staff):  # noqa: N802
        found = await asyncio.to_thread(
            channel_admin.list_quotas, self._new_uow(), staff, request.channel
        )
        return channels_pb2.ListQuotasReply(quotas=[quota_message(q) for q in found])

    @authorised(Permission.CHANNEL_READ)
    async def ListReservations(self, request, context, staff: Staff):  # noqa: N802
        found = await asyncio.to_thread(
            channel_admin.list_reservations, self._new_uow(), staff, request.channel,
            request.store_code, request.state, request.limit,
        )  # fmt: skip
        return channels_pb2.ListReservationsReply(
            reservations=[reservation_message(r) for r in found]
        )

    @authorised(Permission.CHANNEL_WRITE)
    async def CancelReservation(self, request, context, staff: Staff):  # noqa: N802
        found = await asyncio.to_thread(
            channel_admin.cancel_by_staff, self._new_uow(), staff, request.reservation_id,
            request.reason,
        )  # fmt: skip
        self._signal.notify()
        return reservation_message(found)

    @authorised(Permission.CHANNEL_READ)
    async def StockStates(self, request, context, staff: Staff):  # noqa: N802
        found = await asyncio.to_thread(
            channel_admin.stock_states, self._new_uow(), staff, request.store_code,
            request.sku, request.channel, request.limit,
        )  # fmt: skip
        return channels_pb2.StockStatesReply(states=[state_message(r) for r in found])

    @authorised(Permission.CHANNEL_WRITE)
    async def SetStockState(self, request, context, staff: Staff):  # noqa: N802
        found = await asyncio.to_thread(
            channel_admin.set_stock_state, self._new_uow(), staff, request.store_code,
            request.sku, request.state, request.qty_base, request.reason,
        )  # fmt: skip
        return state_message(found)
