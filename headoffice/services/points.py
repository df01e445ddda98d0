"""Points at head office: earn on a sale, pay with points, rewards, reversal on a return,
expiry; every change one entry of the append-only ledger (common.domain.points_ledger).

Each posting locks the member's balance row first (points_repo.lock_member), then
looks up its key, so two tills posting for one member take turns, a retried key
gets the recorded entry back once, and the balance never goes below zero. The
balance row is derived in the same transaction as each entry; `sum_of_entries`
lets a test (or an audit) compare the two.
"""

from __future__ import annotations

from dataclasses import dataclass

from common.domain.limits import MAX_REFERENCE_CHARS
from common.domain.loyalty_errors import IdempotencyConflict
from common.domain.points import (
    PointsReturn,
    PointsRule,
    SalePoints,
    payment_points,
    reward_cost,
)
from common.domain.points_ledger import (
    ADJUST,
    EARN,
    REDEEM,
    REFUND_REDEEM,
    REVERSE,
    REWARD,
    PointsEntry,
    clamp_reversal,
    expiry_due,
    post,
)
from common.i18n import _
from common.text_safety import check_text
from headoffice.services.entitlements import check_key, check_texts
from headoffice.services.loyalty_ports import LoyaltyUnitOfWorkPort


@dataclass(frozen=True)
class Posted:
    """Entries a request recorded (or found recorded under its keys) and the balance after."""

    entries: tuple[PointsEntry, ...]
    balance: int
    replayed: bool


def _post_all(
    uow: LoyaltyUnitOfWorkPort, member_id: str, wanted: list[PointsEntry], now_ms: int
) -> Posted:
    """Post `wanted` in one transaction; all of them recorded before: the recorded ones back."""
    _check_texts(member_id, wanted)
    with uow:
        uow.points.lock_member(member_id, now_ms)
        recorded = [uow.points.by_key(entry.key) for entry in wanted]
        if any(r is not None for r in recorded):
            for was, entry in zip(recorded, wanted, strict=True):
                if was is None or not was.same_request(entry):
                    raise IdempotencyConflict(
                        _("points key {key} was used already for another request").format(
                            key=entry.key
                        )
                    )
            return Posted(tuple(r for r in recorded if r), uow.points.balance(member_id), True)
        balance = _append_all(uow, member_id, wanted)
        uow.commit()
    return Posted(tuple(wanted), balance, False)


def _check_texts(member_id: str, wanted: list[PointsEntry]) -> None:
    check_texts(member_id)
    for entry in wanted:
        check_key(entry.key)
        check_text(_("document"), entry.document, MAX_REFERENCE_CHARS)


def _append_all(uow: LoyaltyUnitOfWorkPort, member_id: str, wanted: list[PointsEntry]) -> int:
    """Check each entry against the member's ledger (common.domain.points_ledger.post) and
    insert it with the balance after it; the balance after the last. The member is locked."""
    entries = uow.points.entries(member_id)
    for entry in wanted:
        post(entries, entry)
        uow.points.append(entry, sum(e.points for e in entries))
    return sum(e.points for e in entries)


def adjust_points(
    uow: LoyaltyUnitOfWorkPort,
    member_id: str,
    key: str,
    points: int,
    lot_month: int,
    reason: str,
    now_ms: int,
) -> Posted:
    """A correction by staff (or points carried over from another system): `points` either way,
    those given counted from `lot_month`; never below a zero balance."""
    check_key(key)
    entry = PointsEntry(
        key, member_id, ADJUST, points, lot_month if points > 0 else 0, reason, now_ms
    )
    return _post_all(uow, member_id, [entry], now_ms)


def earn_for_sale(
    uow: LoyaltyUnitOfWorkPort,
    member_id: str,
    sale_ref: str,
    figures: SalePoints,
    lot_month: int,
    now_ms: int,
) -> Posted:
    """Post what `figures` (common.domain.points.earn) earned, under key earn:<sale_ref>."""
    key = check_key(f"earn:{sale_ref}")
    if not figures.earned:
        return Posted((), balance_of(uow, member_id), False)
    entry = PointsEntry(key, member_id, EARN, figures.earned, lot_month, sale_ref, now_ms)
    return _post_all(uow, member_id, [entry], now_ms)


def pay_with_points(
    uow: LoyaltyUnitOfWorkPort,
    member_id: str,
    key: str,
    amount_minor: int,
    rule: PointsRule,
    document: str,
    now_ms: int,
    *,
    on_return: bool = False,
) -> Posted:
    """Take the points that pay `amount_minor` (rounded up to a whole point); PointsRefused
    beyond the balance (the ledger's sentence) or on a return."""
    check_key(key)
    points = payment_points(amount_minor, rule, on_return=on_return)
    entry = PointsEntry(key, member_id, REDEEM, -points, 0, document, now_ms)
    return _post_all(uow, member_id, [entry], now_ms)


def take_reward(
    uow: LoyaltyUnitOfWorkPort,
    member_id: str,
    key: str,
    cost_points: int,
    document: str,
    now_ms: int,
) -> Posted:
    """Take `cost_points` for a reward item (a reward line earns nothing itself)."""
    check_key(key)
    entry = PointsEntry(key, member_id, REWARD, -reward_cost(cost_points), 0, document, now_ms)
    return _post_all(uow, member_id, [entry], now_ms)


def reverse_for_return(
    uow: LoyaltyUnitOfWorkPort,
    member_id: str,
    return_ref: str,
    back: PointsReturn,
    earn_month: int,
    return_month: int,
    now_ms: int,
) -> Posted:
    """Give back the points the returned lines were paid with, then take back what they earned
    (common.domain.points.reverse), at most the balance; keys <return_ref>:refund and :reverse.

    Given back first, so points a member paid with cover the reversal of what the same sale
    earned. A retry returns the recorded entries, whatever the balance is now.
    """
    refund_key = check_key(f"{return_ref}:refund")
    reverse_key = check_key(f"{return_ref}:reverse")
    check_texts(member_id)
    check_text(_("document"), return_ref, MAX_REFERENCE_CHARS)
    with uow:
        # One transaction under the member's lock: the reversal is clamped to the balance
        # no other till can change before it commits.
        balance = uow.points.lock_member(member_id, now_ms)
        recorded = [uow.points.by_key(k) for k in (refund_key, reverse_key)]
        if any(recorded):
            return Posted(tuple(r for r in recorded if r), balance, True)
        wanted = []
        if back.paid_points:
            wanted.append(
                PointsEntry(
                    refund_key,
                    member_id,
                    REFUND_REDEEM,
                    back.paid_points,
                    return_month,
                    return_ref,
                    now_ms,
                )  # fmt: skip
            )
        taken = clamp_reversal(back.earned, balance + back.paid_points)
        if taken:
            wanted.append(
                PointsEntry(reverse_key, member_id, REVERSE, -taken, earn_month, return_ref, now_ms)
            )
        balance = _append_all(uow, member_id, wanted)
        uow.commit()
    return Posted(tuple(wanted), balance, False)


def expire_points(
    uow: LoyaltyUnitOfWorkPort, rule: PointsRule, current_month: int, now_ms: int
) -> tuple[int, int]:
    """Post the expiry entries due in `current_month` for every member with points, one
    transaction a member; (members touched, points expired). Run twice: nothing more."""
    with uow:
        members = uow.points.members_with_points()
    touched = expired = 0
    for member_id in members:
        with uow:
            uow.points.lock_member(member_id, now_ms)
            entries = uow.points.entries(member_id)
            due = expiry_due(member_id, entries, rule.expiry_months, current_month, now_ms)
            _append_all(uow, member_id, due)
            uow.commit()
        if due:
            touched += 1
            expired -= sum(entry.points for entry in due)
    return touched, expired


def balance_of(uow: LoyaltyUnitOfWorkPort, member_id: str) -> int:
    with uow:
        return uow.points.balance(member_id)


def ledger_of(uow: LoyaltyUnitOfWorkPort, member_id: str) -> list[PointsEntry]:
    with uow:
        return uow.points.entries(member_id)
