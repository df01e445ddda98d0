"""A member's punch cards, packages and points for head office staff: what they read
(hoctl member cards|points) and the cards they sell and refund (hoctl member
card-sell|card-refund). The member by id, phone, card or QR code, as `hoctl member show`
finds them; the rules are services.entitlements'."""

from __future__ import annotations

from dataclasses import dataclass

from common.clock import now_ms as clock_now_ms
from common.domain.loyalty_errors import InvalidLoyaltyInput
from common.domain.points_ledger import PointsEntry
from common.i18n import _
from headoffice.domain.loyalty_records import Authorised, StoredCard
from headoffice.domain.roles import Permission, Staff
from headoffice.services.entitlements import refund_card, sell_new_card
from headoffice.services.member_ports import MembersUnitOfWorkPort
from headoffice.services.members import find


@dataclass(frozen=True)
class MemberPoints:
    member_id: str
    balance: int
    entries: tuple[PointsEntry, ...]  # oldest first


def member_cards(
    uow: MembersUnitOfWorkPort, caller: Staff, text: str
) -> tuple[str, list[StoredCard]]:
    """The member's id and every card they hold, refunded ones too, oldest first."""
    caller.require(Permission.MEMBER_READ)
    with uow:
        member = find(uow, text, follow_merge=False)
        return member.member_id, uow.entitlements.of_member(member.member_id)


def member_points(uow: MembersUnitOfWorkPort, caller: Staff, text: str) -> MemberPoints:
    """The member's points ledger and its balance (the sum of the entries)."""
    caller.require(Permission.MEMBER_READ)
    with uow:
        member = find(uow, text, follow_merge=False)
        entries = tuple(uow.points.entries(member.member_id))
    return MemberPoints(member.member_id, sum(e.points for e in entries), entries)


DAY_MS = 86_400_000
MAX_VALID_DAYS = 3_660  # ten years


@dataclass(frozen=True)
class CardOrder:
    """A punch card or package head office staff sell (hoctl member card-sell)."""

    member: str  # id, phone number, card number or QR code
    key: str
    kind: str
    covers: frozenset[str]
    uses: int
    paid_minor: int
    valid_days: int = 0  # 0: never expires
    stores: frozenset[str] = frozenset()
    shareable: bool = False


def sell_card_at_head_office(
    uow: MembersUnitOfWorkPort, caller: Staff, order: CardOrder, now_ms: int | None = None
) -> tuple[StoredCard, bool]:
    """Sell `order` to the member it names (a merged-away one's survivor); (card, whether new)."""
    caller.require(Permission.MEMBER_MANAGE)
    now = clock_now_ms() if now_ms is None else now_ms
    if isinstance(order.valid_days, bool) or not 0 <= order.valid_days <= MAX_VALID_DAYS:
        raise InvalidLoyaltyInput(
            _("a card is valid for 0 (no end) to {limit} days, got {days}").format(
                limit=MAX_VALID_DAYS, days=order.valid_days
            )
        )
    with uow:
        member_id = find(uow, order.member).member_id
        before = uow.entitlements.by_sold_key(order.key)
    # A retry counts the days from the first sale, so the same order is the same card.
    sold_at = before.sale.at_ms if before is not None else now
    expires_ms = sold_at + order.valid_days * DAY_MS if order.valid_days else None
    return sell_new_card(
        uow, order.key, member_id, order.kind, order.covers, order.uses, order.paid_minor, "",
        caller.username, now, expires_ms=expires_ms,
        store_scope=order.stores, shareable=order.shareable,
    )  # fmt: skip


def refund_card_at_head_office(
    uow: MembersUnitOfWorkPort, caller: Staff, card_no: int, key: str, now_ms: int | None = None
) -> Authorised:
    """Refund card `card_no` at head office: paid - uses taken x value per use."""
    caller.require(Permission.MEMBER_MANAGE)
    now = clock_now_ms() if now_ms is None else now_ms
    return refund_card(uow, key, card_no, "", caller.username, now)
