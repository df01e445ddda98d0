"""Stored value that expires: the job that books breakage (jobs/expire_stored_value.py) and
the debit's check (domain/stored_value_expiry.py has the rule).

One transaction a member, under the account's lock (stored_value_repo.lock_accounts), as
every other booking: the member's last top-up is read again inside it, so a top-up that
commits first keeps the card alive, and the expiry key is looked up, so a second run (or
two head-office processes racing) books nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from common.clock import now_ms as clock_now_ms
from headoffice.domain.members import Member
from headoffice.domain.report_period import DAY_MS, day_text
from headoffice.domain.stored_value import Balance, StoredValuePolicy
from headoffice.domain.stored_value_expiry import expired, expires_at_ms, expiry_entry, expiry_key
from headoffice.services.member_ports import MembersUnitOfWorkPort, StoredValuePort


@dataclass(frozen=True)
class Expired:
    """What one run forfeited."""

    member_count: int
    principal_minor: int
    bonus_minor: int


def expire_stored_value(
    uow: MembersUnitOfWorkPort, policy: StoredValuePolicy, now_ms: int | None = None
) -> Expired:
    """Book an `expire` entry for every anonymous card past its expiry; run twice: nothing more."""
    days = policy.anonymous_expiry_days
    if not days:
        return Expired(0, 0, 0)
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        candidates = uow.stored_value.expiry_candidates(now - days * DAY_MS)
    count = principal = bonus = 0
    for member_id in candidates:
        with uow:
            member = uow.members.get(member_id)
            if member is None:
                continue
            account = uow.stored_value.lock_accounts([member_id])[member_id]
            entry_id, at_ms = uow.stored_value.last_topup(member_id)
            until = expires_at_ms(member, at_ms, days)
            balance = account.balance
            if until is None or until > now or balance.total_minor <= 0:
                continue
            if uow.stored_value.by_key("", expiry_key(member_id, entry_id)) is not None:
                continue
            uow.stored_value.append(expiry_entry(member_id, balance, entry_id, now))
            uow.commit()
        count += 1
        principal += balance.principal_minor
        bonus += balance.bonus_minor
    return Expired(count, principal, bonus)


def check_not_expired(
    sv: StoredValuePort, member: Member, policy: StoredValuePolicy, now_ms: int
) -> None:
    """Refuse a debit from a card whose value has expired though the job has not run yet
    (the day said is UTC's: the debit knows no shops' time zone)."""
    if not policy.anonymous_expiry_days:
        return
    _entry_id, at_ms = sv.last_topup(member.member_id)
    until = expires_at_ms(member, at_ms, policy.anonymous_expiry_days)
    if until is not None and until <= now_ms:
        raise expired(member.member_id, day_text(until // DAY_MS))


def expire_if_due(
    sv: StoredValuePort, member: Member, balance: Balance, policy: StoredValuePolicy, now_ms: int
) -> Balance:
    """Inside a booking that holds the member's lock (a top-up): book the expiry now when
    the card is past its day with value left; the balance after it."""
    if not policy.anonymous_expiry_days or balance.total_minor <= 0:
        return balance
    entry_id, at_ms = sv.last_topup(member.member_id)
    until = expires_at_ms(member, at_ms, policy.anonymous_expiry_days)
    if until is None or until > now_ms:
        return balance
    if sv.by_key("", expiry_key(member.member_id, entry_id)) is None:
        sv.append(expiry_entry(member.member_id, balance, entry_id, now_ms))
    return Balance(0, 0)
