"""ChannelOrders, the online channels' service: each method unpacks, calls one service in a
thread, packs. The channel comes from the caller's certificate (OU "channel", CN its code),
never from the message; a store's or staff certificate is refused before anything is read.
A change the store must hear of (a confirmed order, a cancelled one) wakes its stream."""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

from common.certs import ROLE_CHANNEL
from common.i18n import _
from common.pb.storeledger.v1 import channels_pb2, channels_pb2_grpc
from headoffice.api.caller import caller
from headoffice.api.messages.channels import availability_message, lines_of, reservation_message
from headoffice.api.streams import DownstreamSignal
from headoffice.domain.errors import StoreIdentityMismatch
from headoffice.services import channel_reservations as reservations
from headoffice.services.channel_reservations import HoldPolicy

T = TypeVar("T")
# A pool of their own keeps channel orders from queueing behind the default executor's few
# threads (cores + 4) and keeps a burst of orders from starving the stores' sync. Its size:
# a Reserve or Confirm holds the GIL for about a third of its time and waits on PostgreSQL
# (round trips, the commit's WAL flush) for the rest, so about three threads keep the one
# Python core busy; eight leave room for row-lock and commit waits. More threads add no
# throughput (the GIL), only GIL hand-offs and database connections, and the queue they
# would drain moves in front of the event loop that answers every other call.
THREADS = 8


def channel_of_caller() -> str:
    """The channel the caller's certificate names; any other certificate is refused."""
    identity = caller()
    if identity.role != ROLE_CHANNEL:
        raise StoreIdentityMismatch(
            _(
                "channel orders need a channel's certificate (hoctl channel add), not a {role} "
                "certificate ({name})"
            ).format(role=identity.role, name=identity.name)
        )
    return identity.name


class ChannelOrdersServicer(channels_pb2_grpc.ChannelOrdersServicer):
    def __init__(self, new_uow: Any, signal: DownstreamSignal, policy: HoldPolicy) -> None:
        self._new_uow = new_uow
        self._signal = signal
        self._policy = policy
        self._pool = ThreadPoolExecutor(THREADS, thread_name_prefix="channel-orders")

    async def _run(self, call: Callable[..., T], *args: Any) -> T:
        """call(*args) in the channel pool, with the call's context (caller(), language)."""
        context = contextvars.copy_context()
        work = partial(context.run, call, *args)
        return await asyncio.get_running_loop().run_in_executor(self._pool, work)

    async def Reserve(self, request, context):  # noqa: N802
        channel = channel_of_caller()
        found = await self._run(
            reservations.reserve, self._new_uow(), channel, request.store_code,
            lines_of(request.lines), request.idempotency_key, request.expires_in_ms,
            request.order_ref, self._policy,
        )  # fmt: skip
        return reservation_message(found)

    async def Confirm(self, request, context):  # noqa: N802
        channel = channel_of_caller()
        found = await self._run(
            reservations.confirm, self._new_uow(), channel, request.reservation_id,
            request.idempotency_key,
        )  # fmt: skip
        self._signal.notify()
        return reservation_message(found)

    async def Release(self, request, context):  # noqa: N802
        channel = channel_of_caller()
        found = await self._run(
            reservations.release, self._new_uow(), channel, request.reservation_id,
            request.reason,
        )  # fmt: skip
        self._signal.notify()
        return reservation_message(found)

    async def GetReservation(self, request, context):  # noqa: N802
        channel = channel_of_caller()
        found = await self._run(
            reservations.get_reservation, self._new_uow(), channel, request.reservation_id,
            request.idempotency_key,
        )  # fmt: skip
        return reservation_message(found)

    async def AvailableToPromise(self, request, context):  # noqa: N802
        channel = channel_of_caller()
        found = await self._run(
            reservations.available_to_promise, self._new_uow(), channel, request.store_code,
            list(request.skus),
        )  # fmt: skip
        return channels_pb2.AvailabilityReply(
            store_code=request.store_code, channel=channel,
            skus=[availability_message(a) for a in found],
        )  # fmt: skip
