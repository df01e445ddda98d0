"""Stored value at head office: top up, debit, refund, cash out (headoffice.domain.stored_value).

A debit is authorised here, online (invariant 5 of shared/DESIGN.md): the till sends an
idempotency key with it. Each use case locks the member's account row first
(stored_value_repo.lock_accounts), then looks the key up, so two tills racing on one
card take turns and neither can take the balance below zero, and a retry finds the
first answer: the same key with the same content gets the same entry back (`replayed`)
and books nothing; with other content it is refused. Keys are the store's own (unique
per store; head office's are store ""), so one store can never answer another's.
Only staff actions are audited; the ledger entry is the record of a till's debit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from common.clock import now_ms as clock_now_ms
from common.domain.typed_text import clean_reference
from common.errors import InvalidInput, NotFound
from common.i18n import _
from headoffice.domain.errors import StoreDisabled, UnknownStore
from headoffice.domain.members import Member
from headoffice.domain.roles import Permission, Staff
from headoffice.domain.stored_value import (
    CASH_OUT,
    DEBIT,
    REFUND,
    TOPUP,
    Balance,
    Entry,
    KeyRace,
    StoredValuePolicy,
    StoredValueRefused,
    cash_out,
    check_amount,
    check_cap,
    key_reused,
    same_request,
    split_debit,
    split_refund,
)
from headoffice.services import audit
from headoffice.services.member_ports import MembersUnitOfWorkPort, StoredValuePort
from headoffice.services.members import find
from headoffice.services.stored_value_expiry import check_not_expired, expire_if_due

HEAD_OFFICE = ""  # the store_code of head office's own entries


@dataclass(frozen=True)
class Booked:
    entry: Entry
    balance: Balance  # the member's balance after the entry (now, for a replay)
    replayed: bool  # the key had booked this already; nothing new was booked


@dataclass(frozen=True)
class Request:
    """One booking as asked: who asks (store "" = head office), the key, the actor."""

    store_code: str
    idem_key: str
    actor: str


def _key(text: str) -> str:
    key = clean_reference(_("an idempotency key"), text)
    if not key:
        raise InvalidInput(_("a stored-value booking needs an idempotency key (--key)"))
    return key


def _replay(
    sv: StoredValuePort, req: Request, kind: str, member_id: str, amount: int, ref: int
) -> Booked | None:
    found = sv.by_key(req.store_code, req.idem_key)
    if found is None:
        return None
    if not same_request(found, kind, member_id, amount, ref):
        raise key_reused(found, req.idem_key)
    account = sv.account(found.member_id)
    assert account is not None
    return Booked(found, account.balance, True)


def _active(member: Member) -> Member:
    if member.erased_at_ms:
        raise StoredValueRefused(
            _("member {member} is erased; their stored value can only be cashed out").format(
                member=member.member_id
            )
        )
    return member


def _check_store(uow: MembersUnitOfWorkPort, store_code: str) -> None:
    if store_code == HEAD_OFFICE:
        return
    store = uow.stores.get_store(store_code)
    if store is None:
        raise UnknownStore(store_code)
    if store.disabled:
        raise StoreDisabled(store_code)


def once_more_on_key_race(book: Callable[[], Booked]) -> Booked:
    """Run `book`; when a request with the same key for another member committed first
    (the key's unique index refused ours, KeyRace), run it once more: it then finds that
    entry and answers as for any reused key."""
    try:
        return book()
    except KeyRace:
        return book()


def debit(
    uow: MembersUnitOfWorkPort,
    req: Request,
    member_text: str,
    amount_minor: int,
    policy: StoredValuePolicy,
    now_ms: int | None = None,
) -> Booked:
    """Take `amount_minor` from the member's balance in the configured spend order."""
    key = _key(req.idem_key)
    req = Request(req.store_code, key, req.actor)
    amount = check_amount(_("a debit"), amount_minor)
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        _check_store(uow, req.store_code)
        member = find(uow, member_text)
        account = uow.stored_value.lock_accounts([member.member_id])[member.member_id]
        replay = _replay(uow.stored_value, req, DEBIT, member.member_id, amount, 0)
        if replay is not None:
            return replay
        _active(member)
        check_not_expired(uow.stored_value, member, policy, now)
        principal, bonus = split_debit(account.balance, amount, policy.spend_order)
        entry = uow.stored_value.append(
            Entry(
                0,
                member.member_id,
                DEBIT,
                req.store_code,
                key,
                amount,
                -principal,
                -bonus,
                0,
                0,
                now,
                req.actor,
            )  # fmt: skip
        )
        uow.commit()
    return Booked(entry, account.balance.plus(-principal, -bonus), False)


def refund(
    uow: MembersUnitOfWorkPort,
    req: Request,
    debit_entry_id: int,
    amount_minor: int,
    now_ms: int | None = None,
) -> Booked:
    """Give back (part of) a debit to the buckets it came from (a return paid by card)."""
    key = _key(req.idem_key)
    req = Request(req.store_code, key, req.actor)
    amount = check_amount(_("a refund"), amount_minor)
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        _check_store(uow, req.store_code)
        original = uow.stored_value.get(debit_entry_id)
        if original is None or original.kind != DEBIT:
            raise NotFound(_("no stored-value debit #{entry}").format(entry=debit_entry_id))
        if req.store_code and original.store_code != req.store_code:
            raise StoredValueRefused(
                _("debit #{entry} was made at store {store}; only it or head office refunds it")
                .format(entry=debit_entry_id, store=original.store_code or "-")
            )  # fmt: skip
        account = uow.stored_value.lock_accounts([original.member_id])[original.member_id]
        replay = _replay(uow.stored_value, req, REFUND, original.member_id, amount, debit_entry_id)
        if replay is not None:
            return replay
        refunded = uow.stored_value.refunded(debit_entry_id)
        principal, bonus = split_refund(original, refunded, amount)
        entry = uow.stored_value.append(
            Entry(
                0,
                original.member_id,
                REFUND,
                req.store_code,
                key,
                amount,
                principal,
                bonus,
                0,
                debit_entry_id,
                now,
                req.actor,
            )  # fmt: skip
        )
        uow.commit()
    return Booked(entry, account.balance.plus(principal, bonus), False)


def topup(
    uow: MembersUnitOfWorkPort,
    req: Request,
    member_text: str,
    paid_minor: int,
    policy: StoredValuePolicy,
    caller: Staff | None = None,
    now_ms: int | None = None,
) -> Booked:
    """Add what was paid to principal and the top-up rules' bonus to bonus, within the
    card type's cap; `caller` for a top-up at head office (audited)."""
    if caller is not None:
        caller.require(Permission.MEMBER_MANAGE)
    key = _key(req.idem_key)
    req = Request(req.store_code, key, req.actor)
    paid = check_amount(_("a top-up"), paid_minor)
    bonus = policy.bonus_for(paid)
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        _check_store(uow, req.store_code)
        member = find(uow, member_text)
        account = uow.stored_value.lock_accounts([member.member_id])[member.member_id]
        replay = _replay(uow.stored_value, req, TOPUP, member.member_id, paid, 0)
        if replay is not None:
            return replay
        _active(member)
        # An expired card's old value is forfeited before the new one goes on (the job may not
        # have run yet), so a top-up never revives it.
        after = expire_if_due(uow.stored_value, member, account.balance, policy, now)
        after = after.plus(paid, bonus)
        check_cap(member.card_type, after, policy.cap(member.card_type))
        entry = uow.stored_value.append(
            Entry(
                0,
                member.member_id,
                TOPUP,
                req.store_code,
                key,
                paid,
                paid,
                bonus,
                0,
                0,
                now,
                req.actor,
            ),  # fmt: skip
            paid,
            bonus,
        )
        if caller is not None:
            audit.record(
                uow, caller.username, "stored_value.topup", "member", member.member_id, None,
                {"entry_id": entry.entry_id, "paid_minor": paid, "bonus_minor": bonus}, now,
            )  # fmt: skip
        uow.commit()
    return Booked(entry, after, False)


def cash_out_member(
    uow: MembersUnitOfWorkPort,
    caller: Staff,
    req: Request,
    member_text: str,
    policy: StoredValuePolicy,
    now_ms: int | None = None,
) -> Booked:
    """Pay the member back by the refund rule and empty both buckets; the rest is forfeited."""
    caller.require(Permission.MEMBER_MANAGE)
    key = _key(req.idem_key)
    req = Request(req.store_code, key, req.actor)
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        member = find(uow, member_text)
        account = uow.stored_value.lock_accounts([member.member_id])[member.member_id]
        found = uow.stored_value.by_key(req.store_code, key)
        if found is not None:
            if (found.kind, found.member_id) != (CASH_OUT, member.member_id):
                raise key_reused(found, key)
            return Booked(found, account.balance, True)
        balance = account.balance
        if balance.total_minor == 0:
            raise StoredValueRefused(
                _("member {member} has no stored value to cash out").format(member=member.member_id)
            )
        payout = cash_out(balance, account.topped, policy.refund_rule)
        entry = uow.stored_value.append(
            Entry(0, member.member_id, CASH_OUT, req.store_code, key, payout,
                  -balance.principal_minor, -balance.bonus_minor, payout, 0, now, req.actor)
        )  # fmt: skip
        audit.record(
            uow, caller.username, "stored_value.cash_out", "member", member.member_id, None,
            {"entry_id": entry.entry_id, "payout_minor": payout}, now,
        )  # fmt: skip
        uow.commit()
    return Booked(entry, Balance(0, 0), False)


def ledger(
    uow: MembersUnitOfWorkPort, caller: Staff, member_text: str
) -> tuple[Member, Balance, list[Entry]]:
    """Every entry of a member (not following a merge: a merged member's own ledger)."""
    caller.require(Permission.MEMBER_READ)
    with uow:
        member = find(uow, member_text, follow_merge=False)
        entries = uow.stored_value.entries_of(member.member_id)
        account = uow.stored_value.account(member.member_id)
    return member, account.balance if account is not None else Balance(0, 0), entries
