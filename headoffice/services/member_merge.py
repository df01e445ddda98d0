"""Merging a duplicate member into the surviving one (hoctl member merge), and raising
members' levels by the configured rules (hoctl member levels).

A merge moves the duplicate's stored value with two entries, merge_out on the duplicate
and merge_in on the survivor, both buckets as they are: the ledger stays append-only and
each member's balance is still the sum of their own entries. The duplicate keeps its
phone, card and QR code and answers every lookup as the survivor from then on. Both
accounts are locked in member order (stored_value_repo.lock_accounts).
"""

from __future__ import annotations

from dataclasses import dataclass

from common.clock import now_ms as clock_now_ms
from common.errors import Refused
from common.i18n import _
from headoffice.domain.member_levels import (
    LevelRule,
    Qualifying,
    earned_points,
    new_level,
    rank,
)
from headoffice.domain.members import Member
from headoffice.domain.roles import Permission, Staff
from headoffice.domain.stored_value import MERGE_IN, MERGE_OUT, Entry, check_cap
from headoffice.services import audit
from headoffice.services.member_ports import MembersUnitOfWorkPort
from headoffice.services.members import find

DAY_MS = 86_400_000


class MergeRefused(Refused):
    """A merge that would break something; nothing was merged."""


@dataclass(frozen=True)
class Merged:
    survivor: Member
    duplicate: Member
    moved_principal_minor: int
    moved_bonus_minor: int


def merge_members(
    uow: MembersUnitOfWorkPort,
    caller: Staff,
    survivor_text: str,
    duplicate_text: str,
    cap_minor: dict[str, int],
    now_ms: int | None = None,
) -> Merged:
    """`cap_minor` by card type (StoredValuePolicy.cap): the survivor's card must hold both."""
    caller.require(Permission.MEMBER_PERSONAL)
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        survivor = find(uow, survivor_text, follow_merge=False)
        duplicate = find(uow, duplicate_text, follow_merge=False)
        _check(survivor, duplicate)
        accounts = uow.stored_value.lock_accounts([survivor.member_id, duplicate.member_id])
        moved = accounts[duplicate.member_id].balance
        after = accounts[survivor.member_id].balance.plus(moved.principal_minor, moved.bonus_minor)
        try:
            check_cap(survivor.card_type, after, cap_minor[survivor.card_type])
        except Refused as exc:
            raise MergeRefused(
                _("member {survivor} cannot take member {duplicate}'s balance: {reason}").format(
                    survivor=survivor.member_id, duplicate=duplicate.member_id, reason=exc
                )
            ) from exc
        if moved.total_minor:
            topped = accounts[duplicate.member_id].topped
            key = f"merge:{duplicate.member_id}>{survivor.member_id}"
            out = uow.stored_value.append(
                Entry(
                    0,
                    duplicate.member_id,
                    MERGE_OUT,
                    "",
                    key + ":out",
                    moved.total_minor,
                    -moved.principal_minor,
                    -moved.bonus_minor,
                    0,
                    0,
                    now,
                    caller.username,
                ),  # fmt: skip
                -topped.principal_minor,
                -topped.bonus_minor,
            )
            uow.stored_value.append(
                Entry(
                    0,
                    survivor.member_id,
                    MERGE_IN,
                    "",
                    key + ":in",
                    moved.total_minor,
                    moved.principal_minor,
                    moved.bonus_minor,
                    0,
                    out.entry_id,
                    now,
                    caller.username,
                ),  # fmt: skip
                topped.principal_minor,
                topped.bonus_minor,
            )
        merged_dup = duplicate.with_(merged_into=survivor.member_id, updated_at_ms=now)
        uow.members.update(merged_dup)
        audit.record(
            uow, caller.username, "member.merge", "member", duplicate.member_id,
            duplicate.masked(), merged_dup.masked(), now,
        )  # fmt: skip
        uow.commit()
    return Merged(survivor, merged_dup, moved.principal_minor, moved.bonus_minor)


def _check(survivor: Member, duplicate: Member) -> None:
    if survivor.member_id == duplicate.member_id:
        raise MergeRefused(
            _("both name member {member}: a member cannot be merged into itself").format(
                member=survivor.member_id
            )
        )
    for member in (survivor, duplicate):
        if member.merged_into:
            raise MergeRefused(
                _(
                    "member {member} was merged into {survivor} already; merge into {survivor} "
                    "instead"
                ).format(member=member.member_id, survivor=member.merged_into)
            )
        if member.erased_at_ms:
            raise MergeRefused(
                _(
                    "member {member} is erased: an erased member's data can no longer be "
                    "matched, so it is not merged"
                ).format(member=member.member_id)
            )


@dataclass(frozen=True)
class LevelChange:
    member_id: str
    before: str
    after: str


def evaluate_levels(
    uow: MembersUnitOfWorkPort,
    caller: Staff,
    rules: tuple[LevelRule, ...],
    now_ms: int | None = None,
) -> list[LevelChange]:
    """Raise every active member to the highest level their figures reach (never lower)."""
    caller.require(Permission.MEMBER_MANAGE)
    now = clock_now_ms() if now_ms is None else now_ms
    changes = []
    with uow:
        for member in uow.members.list(limit=10**9):
            if not member.active or rank(rules, member.level) == len(rules):
                continue
            points = uow.points.entries(member.member_id)
            figures = {
                rule.name: Qualifying(
                    uow.stored_value.net_debits(member.member_id, now - rule.period_days * DAY_MS),
                    earned_points(points, now - rule.period_days * DAY_MS),
                )
                for rule in rules
            }
            level = new_level(rules, member.level, figures)
            if level != member.level:
                after = member.with_(level=level, updated_at_ms=now)
                uow.members.update(after)
                audit.record(
                    uow, caller.username, "member.level", "member", member.member_id,
                    member.masked(), after.masked(), now,
                )  # fmt: skip
                changes.append(LevelChange(member.member_id, member.level, level))
        uow.commit()
    return changes
