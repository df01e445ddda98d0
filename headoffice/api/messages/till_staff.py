"""TillStaffMember messages: hoctl staff replies (no hashes) and the store's downstream row."""

from __future__ import annotations

from common.pb.storeledger.v1 import till_staff_pb2
from headoffice.domain.till_staff import TillStaffMember


def till_staff_member(m: TillStaffMember, secrets: bool = False) -> till_staff_pb2.TillStaffMember:
    """The member as a message; the PIN's and card's hashes only when `secrets` (for the store)."""
    return till_staff_pb2.TillStaffMember(
        store_code=m.store_code,
        staff_code=m.staff_code,
        display_name=m.display_name,
        role=m.role,
        disabled=m.disabled,
        pin_hash=m.pin_hash if secrets else "",
        card_hash=m.card_hash if secrets else "",
        has_card=bool(m.card_hash),
        updated_at_ms=m.updated_at_ms,
        updated_by=m.updated_by,
    )
