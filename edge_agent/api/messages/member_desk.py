"""Member-desk messages (till.proto Desk*) from the services' results."""

from __future__ import annotations

from common.pb.storeledger.v1 import till_pb2
from edge_agent.api.messages.till import print_outcome
from edge_agent.devices.peripherals import PrintResult
from edge_agent.domain.tender import TenderOffer
from edge_agent.services.member_desk import DeskDone, MemberShown
from edge_agent.services.member_ports import CardAtTill, MemberAtTill
from edge_agent.store.journal_codec.till import member_desk_pb


def payment_offer(payment: till_pb2.DeskPayment) -> TenderOffer:
    return TenderOffer(payment.method, 0, payment.reference)


def desk_card(card: CardAtTill) -> till_pb2.DeskCard:
    return till_pb2.DeskCard(
        entitlement_id=card.entitlement_id, kind=card.kind, covers=list(card.covers),
        uses_bought=card.uses_bought, uses_left=card.uses_left,
        value_per_use_minor=card.value_per_use_minor, expires_at_ms=card.expires_at_ms,
        stores=list(card.stores),
    )  # fmt: skip


def desk_member(
    member: MemberAtTill, cards: tuple[CardAtTill, ...] = (), points: int = 0
) -> till_pb2.DeskMember:
    return till_pb2.DeskMember(
        member_id=member.member_id, phone=member.phone_masked, name=member.name_masked,
        level=member.level, card_type=member.card_type, principal_minor=member.principal_minor,
        bonus_minor=member.bonus_minor, points=points, cards=[desk_card(c) for c in cards],
        currency=member.currency,
    )  # fmt: skip


def shown_member(shown: MemberShown) -> till_pb2.DeskMember:
    return desk_member(shown.member, shown.holdings.cards, shown.holdings.points)


def desk_reply(done: DeskDone, printed: PrintResult | None) -> till_pb2.DeskReply:
    reply = till_pb2.DeskReply(
        seq=done.seq,
        desk=member_desk_pb(done.entry),
        replayed=done.replayed,
        change_minor=done.entry.tender.change_minor,
        receipt_text=done.receipt_text,
    )
    if done.member is not None:
        reply.member.CopyFrom(desk_member(done.member))
    if done.card is not None:
        reply.card.CopyFrom(desk_card(done.card))
    if printed is not None:
        reply.print.CopyFrom(print_outcome(printed))
    return reply
