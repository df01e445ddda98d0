"""Punch-card and points messages (protos/storeledger/v1/members.proto) from the domain."""

from __future__ import annotations

from common.pb.storeledger.v1 import members_pb2
from headoffice.domain.loyalty_records import StoredCard
from headoffice.services.member_loyalty import MemberPoints


def card_message(stored: StoredCard, replayed: bool = False) -> members_pb2.MemberCard:
    card = stored.card
    return members_pb2.MemberCard(
        member_id=card.member_id,
        replayed=replayed,
        entitlement_id=stored.card_no, kind=card.kind, covers=sorted(card.covers),
        uses_bought=card.uses_bought, uses_left=card.uses_left,
        value_per_use_minor=card.value_per_use_minor, paid_minor=card.paid_minor,
        expires_at_ms=card.expires_ms or 0, store_scope=sorted(card.store_scope),
        shareable=card.shareable, refunded_at_ms=stored.refunded_at_ms,
        sold_store=stored.sale.store_code, sold_at_ms=stored.sale.at_ms,
    )  # fmt: skip


def points_message(points: MemberPoints) -> members_pb2.MemberPointsReply:
    return members_pb2.MemberPointsReply(
        member_id=points.member_id,
        balance=points.balance,
        entries=[
            members_pb2.MemberPointsEntry(
                key=e.key,
                kind=e.kind,
                points=e.points,
                lot_month=e.lot_month,
                document=e.document,
                at_ms=e.at_ms,
            )  # fmt: skip
            for e in points.entries
        ],
    )
