"""A member at the till: found at head office (or, when it does not answer, as this store last
saw them), and the sale's stored-value and points payments authorised online.

Order inside the sale's transaction (services.selling.sell): every local check first
(pricing, tenders, approvals), then head office books the member payments under keys derived
from the sale's idempotency key (domain.member_till), then the sale is journalled and
committed. Points first, then stored value: points are the likelier refusal (no balance on
screen), and a refusal of the first books nothing.

When head office does not answer a stored-value debit, the till takes it offline within the
member's allowance (domain.member_till.check_offline_debit) under the same key, so a debit
whose answer was lost is not taken twice: head office finds the key booked when it applies
the sale. Points are never taken offline.

If the local commit fails after head office booked a payment, nothing is given back here: the
sentence says so, and retrying the sale with the same idempotency key records it with the
bookings head office replays (nothing is taken twice). A refund at that point could not be
told apart, by a later retry, from a debit still owed (head office replays the refunded debit
for its key), so the retry is the one way back (docs/members.md).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from common.clock import now_ms
from common.errors import StoreLedgerError
from common.i18n import _, display_amount
from common.logs import log_event
from edge_agent.domain.approvals import require_approval
from edge_agent.domain.customer_receipt import ReceiptCard, ReceiptMember
from edge_agent.domain.errors import HeadOfficeUnreachable, InvalidTender
from edge_agent.domain.member_till import (
    KnownMember,
    check_member_tenders,
    check_offline_debit,
    lookup_text,
    points_key,
    refund_key,
    stored_value_key,
)
from edge_agent.domain.sale import NeededApproval
from edge_agent.domain.sale_record import RecordedSale
from edge_agent.domain.tender import POINTS, STORED_VALUE, Tender, TenderOffer
from edge_agent.services.context import StoreContext
from edge_agent.services.member_ports import MemberAtTill
from edge_agent.store.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FoundMember:
    known: KnownMember
    online: bool  # head office answered; False: as this store last saw them
    # The punch cards and packages usable here (receipt_cards), when head office said.
    cards: tuple[ReceiptCard, ...] = ()


@dataclass(frozen=True)
class MemberPaid:
    """What a sale's member payments came to, for the screen and the receipt."""

    known: KnownMember
    online: bool
    balance_minor: int  # stored value after the sale (last known, less offline debits)
    cards: tuple[ReceiptCard, ...] = ()
    stored_value_offline: bool = False
    points_paid: int = 0
    points_balance: int = -1  # -1: not known (no points paid)


def known_member(m: MemberAtTill) -> KnownMember:
    return KnownMember(
        m.member_id, m.card_no, m.qr_code, m.level, m.birthday, m.phone_masked, m.name_masked,
        m.balance_minor,
    )  # fmt: skip


def find_member(ctx: StoreContext, text: str) -> FoundMember:
    """The member a phone number, card number, QR payload or member id names: head office's
    answer (its refusal passes through), else this store's cache of members it looked up."""
    wanted = lookup_text(text)  # as the cache keeps card numbers; head office gets it as typed
    try:
        known = known_member(ctx.members.lookup(text.strip()))
    except HeadOfficeUnreachable as exc:
        with ctx.db.read() as uow:
            cached = uow.member_cache.find(wanted)
        if cached is None:
            raise HeadOfficeUnreachable(
                _(
                    "head office did not answer and this store has not looked up member {member} "
                    "before (offline a member is found by card number, QR code or member id "
                    "once seen online); sell without the member or try again later"
                ).format(member=repr(text.strip()[:24]))
            ) from exc
        return FoundMember(cached, False)
    return FoundMember(known, True, receipt_cards(ctx, known.member_id))


def receipt_cards(ctx: StoreContext, member_id: str) -> tuple[ReceiptCard, ...]:
    """The member's cards usable here, for the receipt; none when head office cannot say
    now (the sale does not wait on them: the receipt leaves them out)."""
    try:
        held = ctx.members.holdings(member_id)
    except StoreLedgerError:
        return ()
    return tuple(
        ReceiptCard(card.entitlement_id, ",".join(card.covers), card.uses_left)
        for card in held.cards
    )


def check_offers(offers: list[TenderOffer], found: FoundMember | None) -> None:
    """Member payments need a member; points need head office now."""
    check_member_tenders([o.method for o in offers], found is not None)
    if found is not None and not found.online and any(o.method == POINTS for o in offers):
        raise HeadOfficeUnreachable(
            _(
                "head office did not answer: points are never spent offline; take another "
                "payment or try again when head office answers"
            )
        )


def check_approvals(
    uow: UnitOfWork, ctx: StoreContext, needs: list[NeededApproval], till_id: str
) -> None:
    """The approvals the sale will spend, checked before head office books anything."""
    for need in needs:
        if not need.approval_id and not ctx.policy.approvals.needs(need.action):
            continue
        found = uow.managers.find_approval(need.approval_id) if need.approval_id else None
        require_approval(found, need.approval_id, need.action, need.details, till_id, now_ms())


def authorise(
    ctx: StoreContext,
    uow: UnitOfWork,
    found: FoundMember,
    tenders: list[Tender],
    sale_key: str,
    cashier: str,
    booked: list[Tender],
) -> tuple[list[Tender], MemberPaid]:
    """Book the sale's points and stored value at head office (inside the sale's transaction,
    after its local checks); the tenders with their keys, and what it came to. Each booking
    is added to `booked` as it is made (what a failure after it must report)."""
    member = found.known
    paid = MemberPaid(member, found.online, member.balance_minor, found.cards)
    out: list[Tender] = []
    for tender in sorted(tenders, key=lambda t: t.method != POINTS):
        if tender.method == POINTS:
            key = points_key(sale_key)
            points = ctx.members.pay_with_points(
                member.member_id, tender.amount_minor, key, cashier, sale_key, tender.points
            )
            tender = replace(tender, authorisation_key=key, points=points.points)
            paid = replace(paid, points_paid=points.points, points_balance=points.balance)
        elif tender.method == STORED_VALUE:
            tender, paid = _stored_value(ctx, uow, found, tender, sale_key, cashier, paid)
        else:
            continue
        booked.append(tender)
        out.append(tender)
    # In the order the cashier gave them (one tender per member method: domain.tender).
    by_method = {t.method: t for t in out}
    return [by_method.get(t.method, t) for t in tenders], paid


def _stored_value(
    ctx: StoreContext,
    uow: UnitOfWork,
    found: FoundMember,
    tender: Tender,
    sale_key: str,
    cashier: str,
    paid: MemberPaid,
) -> tuple[Tender, MemberPaid]:
    member = found.known
    key = stored_value_key(sale_key)
    if found.online:
        try:
            booked = ctx.members.authorise_debit(
                member.member_id, tender.amount_minor, key, cashier
            )
        except HeadOfficeUnreachable:
            log_event(log, logging.WARNING, "stored value taken offline", member=member.member_id)
        else:
            balance = booked.principal_minor + booked.bonus_minor
            return replace(tender, authorisation_key=key), replace(paid, balance_minor=balance)
    committed, _contact = uow.journal.sync_state()
    taken = uow.member_cache.unreconciled_offline_minor(member.member_id, committed)
    check_offline_debit(
        member, tender.amount_minor, ctx.policy.offline_allowance_minor, taken, ctx.currency
    )
    balance = max(0, member.balance_minor - taken - tender.amount_minor)
    tender = replace(tender, authorisation_key=key, offline=True)
    return tender, replace(paid, balance_minor=balance, stored_value_offline=True)


def remember(uow: UnitOfWork, seq: int, paid: MemberPaid, tenders: list[Tender]) -> None:
    """In the sale's transaction: the member as head office last answered (balance after),
    and what this store took offline until head office reconciles it."""
    member = paid.known
    if paid.online:
        # Head office's balance after its debit; after an offline one, its balance as looked
        # up (the offline debit counts separately until head office confirms it).
        balance = member.balance_minor if paid.stored_value_offline else paid.balance_minor
        uow.member_cache.put(replace(member, balance_minor=balance), now_ms())
    for tender in tenders:
        if tender.method == STORED_VALUE and tender.offline:
            uow.member_cache.add_offline_debit(
                seq, member.member_id, tender.amount_minor, tender.authorisation_key
            )


def receipt_member(paid: MemberPaid | None) -> ReceiptMember | None:
    """The member block of the sale's receipt (masked phone, level, balance after)."""
    if paid is None:
        return None
    member = paid.known
    return ReceiptMember(
        shown_as=member.phone_masked or member.member_id,
        level=member.level,
        balance_minor=paid.balance_minor,
        points_paid=paid.points_paid,
        offline=paid.stored_value_offline,
        cards=paid.cards,
    )


def booked_but_not_recorded(sale_key: str, tenders: list[Tender], currency: str) -> str:
    """The sentence when the sale's commit failed after head office booked its payments."""
    online = [t for t in tenders if t.authorisation_key and not t.offline]
    if not online:
        return ""
    return _(
        "head office booked the member's payment ({amount}) but this sale was not recorded; "
        "sell it again with the same idempotency key {key}: head office takes nothing twice"
    ).format(
        amount=display_amount(sum(t.amount_minor for t in online), currency), key=repr(sale_key)
    )


def check_refunds(sale: RecordedSale | None, offers: list[TenderOffer]) -> None:
    """Points are never paid out on a return (head office gives back those the returned
    lines were paid with when it applies it; the till refunds the rest: services.returning);
    stored value goes back only to the sale's member."""
    if any(o.method == POINTS for o in offers):
        raise InvalidTender(
            _(
                "points are not paid out on a return: head office gives back the points the "
                "sale was paid with when it applies the return; refund the rest another way"
            )
        )
    wants = any(o.method == STORED_VALUE for o in offers)
    if wants and (sale is None or sale.tender_of(STORED_VALUE) is None):
        raise InvalidTender(
            _(
                "a stored-value refund goes back to the debit it refunds: only a return against "
                "a sale paid with stored value may use it"
            )
        )


def refund_stored_value(
    ctx: StoreContext, sale: RecordedSale, tenders: list[Tender], return_key: str, cashier: str
) -> list[Tender]:
    """Give the refund's stored-value part back at head office, online (inside the return's
    transaction, after its checks); the refund tenders with the key it was booked under."""
    out = []
    for tender in tenders:
        if tender.method != STORED_VALUE:
            out.append(tender)
            continue
        debit = sale.tender_of(STORED_VALUE)
        assert debit is not None  # check_refunds
        key = refund_key(return_key)
        try:
            # The sale's debit by its key: head office replays it (an offline one it had not
            # reconciled yet is booked now under the same key, as reconciliation would).
            original = ctx.members.authorise_debit(
                sale.member_id, debit.amount_minor, debit.authorisation_key, cashier
            )
            ctx.members.refund_debit(original.entry_id, tender.amount_minor, key, cashier)
        except HeadOfficeUnreachable as exc:
            raise HeadOfficeUnreachable(
                _(
                    "head office did not answer, so {amount} cannot go back to the member's "
                    "stored value now; refund it in cash (--refund cash:{minor}) or try again "
                    "later. Nothing was recorded"
                ).format(
                    amount=display_amount(tender.amount_minor, ctx.currency),
                    minor=tender.amount_minor,
                )
            ) from exc
        out.append(replace(tender, authorisation_key=key))
    return out
