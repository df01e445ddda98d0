"""The store's staff list as head office sends it (DownstreamEvent.till_staff) -> the domain."""

from __future__ import annotations

from common.pb.storeledger.v1 import till_staff_pb2
from edge_agent.domain.approvals import PinState, StaffMember


def staff_member(m: till_staff_pb2.TillStaffMember) -> StaffMember:
    return StaffMember(
        name=m.staff_code,
        pin_hash=m.pin_hash,
        disabled=m.disabled,
        pin=PinState(),
        role=m.role,
        display_name=m.display_name,
        card_hash=m.card_hash,
        origin="head_office",
    )
