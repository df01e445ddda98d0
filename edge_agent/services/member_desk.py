"""The member desk at the till: look a member up, register one, top up stored value, sell a
punch card or package. Everything is online through head office (ctx.members); top-ups and
cards are never sold offline.

A top-up or card sale runs in this order: every local check (amount, payment, open shift
and its cashier, the key not used for something else), then head office books it under a
key derived from the command's idempotency key (`<key>:topup`, `<key>:card`), then the
store commits one member_desk journal entry with the payment, so the shift's X/Z reports
and expected cash include it. A retry with the same key answers from the store's record
when it committed, and otherwise asks head office again with the same key, which books
nothing twice. Head office unreachable: its sentence, and nothing is written.

Phone numbers and names are sent to head office when a member registers, and never logged
nor journalled here: only head office's masked forms come back.
"""

from __future__ import annotations

import dataclasses
import logging
import uuid
from dataclasses import dataclass

from common import journal_kinds as jk
from common.domain.typed_text import clean_reference
from common.i18n import _
from common.ids import new_document_id
from common.logs import log_event
from edge_agent.domain.errors import HeadOfficeUnreachable, InvalidInput, ShiftState
from edge_agent.domain.idempotency import keyed
from edge_agent.domain.member_desk import (
    CARD_SALE,
    TOPUP,
    MemberDeskEntry,
    ReceiptFacts,
    check_card_terms,
    check_paid,
    receipt_text,
    take_payment,
)
from edge_agent.domain.tender import TenderOffer
from edge_agent.services.context import StoreContext
from edge_agent.services.keys import remember, replayed
from edge_agent.services.member_ports import (
    CardAtTill,
    CardOrderAtTill,
    MemberAtTill,
    MemberHoldings,
    NewMemberAtTill,
)
from edge_agent.services.shifts import require_shift_cashier
from edge_agent.store.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)
MAX_LOOKUP_CHARS = 128


@dataclass(frozen=True)
class MemberShown:
    """A member as the till shows them (pos member show): masked, with cards and points."""

    member: MemberAtTill
    holdings: MemberHoldings


@dataclass(frozen=True)
class DeskDone:
    """A top-up or card sale committed at the till (or read back for a retry)."""

    seq: int
    entry: MemberDeskEntry
    receipt_text: str
    member: MemberAtTill | None  # the member after it (None: a replay read from the store)
    card: CardAtTill | None  # card_sale: the card sold
    replayed: bool


def _lookup_text(text: str) -> str:
    cleaned = clean_reference(_("the member looked up"), text)
    if not cleaned:
        raise InvalidInput(_("name the member by phone number, card number, QR code or member id"))
    if len(cleaned) > MAX_LOOKUP_CHARS:
        raise InvalidInput(
            _("a member lookup has at most {limit} characters").format(limit=MAX_LOOKUP_CHARS)
        )
    return cleaned


def lookup_member(ctx: StoreContext, text: str) -> MemberShown:
    """The member a phone number, card, QR payload or id names, with their cards and points."""
    text = _lookup_text(text)
    member = ctx.members.lookup(text)
    return MemberShown(member, ctx.members.holdings(member.member_id))


def register_member(
    ctx: StoreContext, till_id: str, cashier: str, new: NewMemberAtTill
) -> MemberAtTill:
    """A member signing up at this store; head office keeps phone and name, the till gets
    them back masked. Logged by member id and masked phone only."""
    if not new.phone.strip():
        raise InvalidInput(_("a member signing up at the till needs a phone number (--phone)"))
    if not new.name.strip():
        raise InvalidInput(_("a member signing up at the till needs a name (--name)"))
    member = ctx.members.register(new, cashier)
    log_event(
        log, logging.INFO, "member registered at till", till_id=till_id,
        member_id=member.member_id, phone=member.phone_masked,
    )  # fmt: skip
    return member


def _command_key(key: str) -> str:
    key = clean_reference(_("the idempotency key"), key)
    return key or f"desk-{uuid.uuid4().hex}"


def _open_shift_id(uow: UnitOfWork, till_id: str, cashier: str) -> str:
    shift = uow.shifts.open_shift_of(till_id)
    if shift is None:
        raise ShiftState(
            _(
                "till {till} has no open shift; open one before taking money at the member desk"
            ).format(till=till_id)
        )
    require_shift_cashier(shift, cashier)
    return shift.shift_id


def _replay(ctx: StoreContext, request_key: object) -> DeskDone | None:
    """The committed answer of a retried command, or None when the store has none."""
    with ctx.db.read() as uow:
        seq = replayed(uow, request_key)  # type: ignore[arg-type]
        if seq is None:
            return None
        row = uow.member_desk.by_seq(seq)
    assert row is not None
    return DeskDone(row.seq, row.entry, row.receipt_text, None, None, True)


def _commit(
    ctx: StoreContext,
    request_key: object,
    entry: MemberDeskEntry,
    facts: ReceiptFacts,
    member: MemberAtTill,
    card: CardAtTill | None,
) -> DeskDone:
    with ctx.db.write() as uow:
        seq = replayed(uow, request_key)  # type: ignore[arg-type]
        if seq is not None:  # a racing retry committed first
            row = uow.member_desk.by_seq(seq)
            assert row is not None
            return DeskDone(row.seq, row.entry, row.receipt_text, None, None, True)
        shift_id = _open_shift_id(uow, entry.till_id, entry.cashier)
        entry = dataclasses.replace(entry, shift_id=shift_id)
        journalled = uow.journal.append(jk.MEMBER_DESK, entry.desk_id, entry.cashier, entry)
        text = receipt_text(entry, facts, journalled.seq)
        uow.member_desk.insert(journalled.seq, entry, text, journalled.occurred_at_ms)
        remember(uow, request_key, journalled.seq)  # type: ignore[arg-type]
    log_event(
        log, logging.INFO, "member desk", seq=journalled.seq, kind=entry.kind,
        till_id=entry.till_id, member_id=entry.member_id, paid_minor=entry.paid_minor,
    )  # fmt: skip
    return DeskDone(journalled.seq, entry, text, member, card, False)


class _Online:
    """Head office's booking: no answer says what the cashier does next, with the key."""

    def __init__(self, key: str) -> None:
        self._key = key

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, exc: BaseException | None, tb: object) -> None:
        if isinstance(exc, HeadOfficeUnreachable):
            raise HeadOfficeUnreachable(
                _(
                    "{problem}. Top-ups and cards are never sold offline: take no money; "
                    "nothing was written at the till. Try again with --key {key}"
                ).format(problem=str(exc).rstrip("."), key=self._key)
            ) from exc


def _checked_locally(
    ctx: StoreContext, till_id: str, cashier: str, document: tuple, key: str
) -> tuple[object, DeskDone | None]:
    request = keyed("member_desk", key, document)
    done = _replay(ctx, request)
    if done is None:
        with ctx.db.read() as uow:
            _open_shift_id(uow, till_id, cashier)
    return request, done


def topup(
    ctx: StoreContext,
    till_id: str,
    cashier: str,
    member_text: str,
    paid_minor: int,
    payment: TenderOffer,
    tendered_minor: int = 0,
    idempotency_key: str = "",
) -> DeskDone:
    """Top up the member's stored value by `paid_minor` (head office adds the chain's bonus,
    within the card's legal cap), paid at this till."""
    paid = check_paid(_("a top-up"), paid_minor)
    tender = take_payment(payment, paid, tendered_minor)
    member_text = _lookup_text(member_text)
    key = _command_key(idempotency_key)
    content = (TOPUP, till_id, member_text, paid, tender.method, tender.reference)
    request, done = _checked_locally(ctx, till_id, cashier, content, key)
    if done is not None:
        return done
    booking_key = f"{key}:topup"
    with _Online(key):
        member = ctx.members.lookup(member_text)
        booked = ctx.members.topup(member.member_id, paid, booking_key, cashier)
    entry = MemberDeskEntry(
        new_document_id(), TOPUP, till_id, cashier, "", member.member_id, paid, tender,
        booking_key, ctx.currency, booked.entry_bonus_minor, booked.principal_minor,
        booked.bonus_minor,
    )  # fmt: skip
    after = dataclasses.replace(
        member, principal_minor=booked.principal_minor, bonus_minor=booked.bonus_minor
    )
    facts = ReceiptFacts(member.phone_masked, member.member_id)
    return _commit(ctx, request, entry, facts, after, None)


def sell_card(
    ctx: StoreContext,
    till_id: str,
    cashier: str,
    order: CardOrderAtTill,
    payment: TenderOffer,
    tendered_minor: int = 0,
    idempotency_key: str = "",
) -> DeskDone:
    """Sell the member a punch card or package on `order`'s terms, paid at this till."""
    covers = tuple(sorted({c.strip() for c in order.covers}))
    check_card_terms(order.kind, covers, order.uses, order.valid_days)
    paid = check_paid(_("a card's price"), order.paid_minor)
    tender = take_payment(payment, paid, tendered_minor)
    member_text = _lookup_text(order.member)
    key = _command_key(idempotency_key)
    content = (
        CARD_SALE, till_id, member_text, order.kind, covers, order.uses, paid,
        order.valid_days, order.shareable, tender.method, tender.reference,
    )  # fmt: skip
    request, done = _checked_locally(ctx, till_id, cashier, content, key)
    if done is not None:
        return done
    booking_key = f"{key}:card"
    with _Online(key):
        member = ctx.members.lookup(member_text)
        sold = ctx.members.sell_card(
            CardOrderAtTill(member.member_id, order.kind, covers, order.uses, paid,
                            order.valid_days, order.shareable),
            booking_key, cashier,
        )  # fmt: skip
    entry = MemberDeskEntry(
        new_document_id(), CARD_SALE, till_id, cashier, "", member.member_id, paid, tender,
        booking_key, ctx.currency, entitlement_id=sold.entitlement_id,
    )  # fmt: skip
    facts = ReceiptFacts(
        member.phone_masked, member.member_id, sold.uses_bought, sold.expires_at_ms, sold.covers
    )
    return _commit(ctx, request, entry, facts, member, sold)
