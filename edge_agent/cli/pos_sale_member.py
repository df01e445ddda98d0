"""The member a sale or cart was for, as pos prints it (--format json): masked by head
office, never a full phone number or name."""

from __future__ import annotations

from typing import Any

from common.pb.storeledger.v1 import till_pb2


def member_document(m: till_pb2.SaleMember) -> dict[str, Any]:
    return {
        "member_id": m.member_id,
        "phone": m.phone_masked,
        "name": m.name_masked,
        "level": m.level,
        "birthday_today": m.birthday_today,
        "balance_minor": m.balance_minor,
        "offline": m.offline,
        "points_paid": m.points_paid,
    }
