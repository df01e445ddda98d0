"""A member merge's punch cards, packages and points (headoffice.services.member_merge calls
this inside the merge's transaction).

Points move lot by lot with two entries each, merge_out on the duplicate and merge_in on
the survivor, both naming the lot's month, so the points still expire when they would
have and each member's balance is still the sum of their own entries. Cards change owner
(their uses keep naming who presented them then), each with an audit record. Both
members' points rows are locked in member order, the order every posting takes them in.
"""

from __future__ import annotations

from dataclasses import dataclass

from common.domain.loyalty_errors import InvalidLoyaltyInput, PointsRefused
from common.domain.points import MAX_POINTS
from common.domain.points_ledger import MERGE_IN, MERGE_OUT, PointsEntry, lots, post
from common.errors import Refused
from common.i18n import _
from headoffice.services import audit
from headoffice.services.member_ports import MembersUnitOfWorkPort


@dataclass(frozen=True)
class LoyaltyMoved:
    points: int
    cards: tuple[int, ...]  # card numbers now the survivor's


def move_loyalty(
    uow: MembersUnitOfWorkPort, survivor_id: str, duplicate_id: str, by_user: str, now_ms: int
) -> LoyaltyMoved:
    """Move the duplicate's points and cards onto the survivor; Refused (nothing moved, the
    caller rolls back) when the survivor's balance could not take the points."""
    for member_id in sorted((survivor_id, duplicate_id)):
        uow.points.lock_member(member_id, now_ms)
    moved = _move_points(uow, survivor_id, duplicate_id, now_ms)
    cards = []
    for stored in uow.entitlements.of_member(duplicate_id):
        uow.entitlements.set_owner(stored.card_no, survivor_id)
        audit.record(
            uow, by_user, "card.reown", "card", str(stored.card_no),
            {"member_id": duplicate_id}, {"member_id": survivor_id}, now_ms,
        )  # fmt: skip
        cards.append(stored.card_no)
    return LoyaltyMoved(moved, tuple(cards))


def _move_points(uow: MembersUnitOfWorkPort, survivor_id: str, duplicate_id: str, now: int) -> int:
    duplicate_entries = uow.points.entries(duplicate_id)
    survivor_entries = uow.points.entries(survivor_id)
    left = lots(duplicate_entries)
    total = sum(left.values())
    if not total:
        return 0
    survivor_balance = sum(e.points for e in survivor_entries)
    if survivor_balance + total > MAX_POINTS:
        raise _refused(survivor_id, duplicate_id, total, survivor_balance)
    key = f"merge:{duplicate_id}>{survivor_id}:points"
    document = f"merge {duplicate_id}"
    try:
        for month, points in left.items():
            out = PointsEntry(
                f"{key}:{month}:out", duplicate_id, MERGE_OUT, -points, month, document, now
            )
            into = PointsEntry(
                f"{key}:{month}:in", survivor_id, MERGE_IN, points, month, document, now
            )
            post(duplicate_entries, out)
            uow.points.append(out, sum(e.points for e in duplicate_entries))
            post(survivor_entries, into)
            uow.points.append(into, sum(e.points for e in survivor_entries))
    except (InvalidLoyaltyInput, PointsRefused) as exc:
        raise Refused(
            _("member {survivor} cannot take member {duplicate}'s points: {reason}").format(
                survivor=survivor_id, duplicate=duplicate_id, reason=exc
            )
        ) from exc
    return total


def _refused(survivor_id: str, duplicate_id: str, total: int, balance: int) -> Refused:
    return Refused(
        _(
            "member {survivor} cannot take member {duplicate}'s {points} points: with their "
            "{balance} points that is more than {limit}"
        ).format(
            survivor=survivor_id,
            duplicate=duplicate_id,
            points=total,
            balance=balance,
            limit=MAX_POINTS,
        )  # fmt: skip
    )
