"""The member desk at a till, as head office answers it (MemberTill RegisterMember, TopUp,
SellCard, MemberCards): a member registered at the store, a card sold there, the cards and
points the till shows. The store is always the caller's certificate's (invariant 6), passed
in by the servicer; the rules are services.members', stored_value's and entitlements'.

A card a till sells is keyed `<store>/<till key>`: sold-card keys are chain-wide, and one
store's key must never answer another's.
"""

from __future__ import annotations

from dataclasses import dataclass

from common.clock import now_ms as clock_now_ms
from common.domain.loyalty_errors import InvalidLoyaltyInput
from common.i18n import _
from headoffice.domain.loyalty_records import StoredCard
from headoffice.domain.members import Member
from headoffice.services.entitlements import sell_new_card
from headoffice.services.member_loyalty import DAY_MS, MAX_VALID_DAYS
from headoffice.services.member_ports import MembersUnitOfWorkPort
from headoffice.services.members import NewMember, add_member, find, masked


@dataclass(frozen=True)
class TillCardOrder:
    """A punch card or package a till sells (pos card sell)."""

    member: str  # id, phone number, card number or QR code
    key: str  # the till's key for it
    kind: str
    covers: frozenset[str]
    uses: int
    paid_minor: int
    valid_days: int = 0  # 0: never expires
    shareable: bool = False


@dataclass(frozen=True)
class MemberHoldings:
    member_id: str
    cards: tuple[StoredCard, ...]  # the cards that may still be used, oldest first
    points: int


def card_key(store_code: str, till_key: str) -> str:
    """The chain-wide key a card sold at a store is recorded under."""
    return f"{store_code}/{till_key}"


def register_at_till(
    uow: MembersUnitOfWorkPort, store_code: str, actor: str, new: NewMember
) -> Member:
    """A member signing up at `store_code`'s till (the certificate's store, whatever the
    request said); answered masked: the till never gets phone or name back in the clear."""
    at_store = NewMember(
        new.phone, new.name, new.card_no, new.qr_code, new.birthday, new.consent, store_code
    )
    return masked(add_member(uow, actor, at_store))


def sell_card_at_till(
    uow: MembersUnitOfWorkPort,
    store_code: str,
    actor: str,
    order: TillCardOrder,
    now_ms: int | None = None,
) -> tuple[StoredCard, bool]:
    """Sell `order` at `store_code`; (the card, whether new). A retry with the till's key
    finds the card it sold and sells nothing more."""
    now = clock_now_ms() if now_ms is None else now_ms
    if isinstance(order.valid_days, bool) or not 0 <= order.valid_days <= MAX_VALID_DAYS:
        raise InvalidLoyaltyInput(
            _("a card is valid for 0 (no end) to {limit} days, got {days}").format(
                limit=MAX_VALID_DAYS, days=order.valid_days
            )
        )
    key = card_key(store_code, order.key)
    with uow:
        member_id = find(uow, order.member).member_id
        before = uow.entitlements.by_sold_key(key)
    sold_at = before.sale.at_ms if before is not None else now
    expires_ms = sold_at + order.valid_days * DAY_MS if order.valid_days else None
    return sell_new_card(
        uow, key, member_id, order.kind, order.covers, order.uses, order.paid_minor,
        store_code, actor, now, expires_ms=expires_ms, shareable=order.shareable,
    )  # fmt: skip


def holdings_at_till(
    uow: MembersUnitOfWorkPort, text: str, store_code: str, now_ms: int | None = None
) -> MemberHoldings:
    """The member's cards a till may still use (not refunded, uses left, not expired, in
    scope for `store_code`) and their points balance."""
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        member = find(uow, text)
        cards = uow.entitlements.of_member(member.member_id)
        points = uow.points.balance(member.member_id)
    usable = tuple(
        c
        for c in cards
        if not c.refunded_at_ms
        and c.card.uses_left > 0
        and (c.card.expires_ms is None or c.card.expires_ms > now)
        and (not c.card.store_scope or store_code in c.card.store_scope)
    )
    return MemberHoldings(member.member_id, usable, points)
