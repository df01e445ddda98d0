"""ChannelAdmin.ListConflicts and ResolveConflict (hoctl channel conflicts | resolve).

gRPC takes one servicer per service name, and ChannelAdmin's other methods live in
channels_admin_servicer.py: so the two methods here are a mixin, ChannelConflictsMethods,
that the ChannelAdmin servicer inherits. It needs `_new_uow`, `_auth` and `_signal`
(a resolution tells the stores: a transfer both, a cancelled order its own; wake the
downstream streams). ChannelAdmin is in servicers.STAFF_SERVICES, so the role matrix
(tests/integration/test_staff_roles.py) calls these two as well.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from common.pb.storeledger.v1 import channels_pb2
from headoffice.api.auth import Authorizer, authorised
from headoffice.api.streams import DownstreamSignal
from headoffice.domain.channel_conflicts import Conflict
from headoffice.domain.channels import format_reservation_id as reservation_id
from headoffice.domain.roles import Permission, Staff
from headoffice.domain.transfers import format_transfer_id
from headoffice.services import channel_conflicts
from headoffice.services.ports_channel_conflicts import ChannelConflictsUnitOfWorkPort

SERVICE = channels_pb2.DESCRIPTOR.services_by_name["ChannelAdmin"]


def conflict_message(c: Conflict) -> channels_pb2.ChannelConflict:
    return channels_pb2.ChannelConflict(
        conflict_id=c.conflict_id, store_code=c.store_code, sku=c.sku, short_qty_base=c.short_base,
        reservation_ids=[reservation_id(n) for n in c.reservation_ids],
        detected_at_ms=c.detected_at_ms, detected_seq=c.detected_seq, state=c.state,
        proposal=c.proposal, proposed_from_store=c.proposed_from_store,
        proposed_reservation_id=(
            reservation_id(c.proposed_reservation_id) if c.proposed_reservation_id else ""
        ),
        resolution=c.resolution,
        transfer_id=format_transfer_id(c.transfer_id) if c.transfer_id else "",
        resolved_at_ms=c.resolved_at_ms, resolved_by=c.resolved_by, note=c.note,
    )  # fmt: skip


class ChannelConflictsMethods:
    """The conflicts' two ChannelAdmin methods, for the ChannelAdmin servicer to inherit."""

    _new_uow: Callable[[], ChannelConflictsUnitOfWorkPort]
    _auth: Authorizer
    _signal: DownstreamSignal

    @authorised(Permission.CHANNEL_READ)
    async def ListConflicts(self, request, context, staff: Staff):  # noqa: N802
        found = await asyncio.to_thread(
            channel_conflicts.list_conflicts, self._new_uow(), staff, request.store_code,
            request.state,
        )  # fmt: skip
        return channels_pb2.ListConflictsReply(conflicts=[conflict_message(c) for c in found])

    @authorised(Permission.CHANNEL_WRITE)
    async def ResolveConflict(self, request, context, staff: Staff):  # noqa: N802
        done = await asyncio.to_thread(
            channel_conflicts.resolve_conflict, self._new_uow(), staff, request.conflict_id,
            request.resolution, request.from_store, request.reservation_id, request.reason,
        )  # fmt: skip
        # A transfer goes down to both stores; a cancelled order to its store.
        self._signal.notify()
        return conflict_message(done)
