"""A member's points as an append-only ledger: entries with idempotency keys, balance = sum.

Every change of points is an entry (earn, reverse, redeem, refund_redeem,
reward, expire, adjust) with a key the caller chooses (the sale and line, the
payment, the expiry run). Posting an entry whose key is already in the ledger
with the same content returns the entry already there and changes nothing (a
retry); the same key with other content is refused (IdempotencyConflict). An
entry that would take the balance below zero is refused, except a reversal on
a return, which takes at most the balance (`clamp_reversal`): the points the
member spent already are not invented back.

Lots and expiry. Points carry the month they were earned in (`lot_month`,
YYYYMM). Points earned in month M expire when the month after M + N months
begins (N = PointsRule.expiry_months; earned in 2026-01 with N = 12: gone from
2027-02-01). A taking (redeem, reward, reverse, expire) uses its own lot first
when it names one (a reversal names the lot of the points it reverses), then
the oldest lots. `expiry_due` turns what is left of each lot past its date into
expire entries whose keys make a second run a no-op.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from common.domain.loyalty_errors import IdempotencyConflict, InvalidLoyaltyInput, PointsRefused
from common.domain.points import MAX_POINTS
from common.i18n import _

EARN = "earn"
REVERSE = "reverse"
REDEEM = "redeem"
REFUND_REDEEM = "refund_redeem"
REWARD = "reward"
EXPIRE = "expire"
ADJUST = "adjust"
GIVING = frozenset({EARN, REFUND_REDEEM})
TAKING = frozenset({REVERSE, REDEEM, REWARD, EXPIRE})
KINDS = GIVING | TAKING | {ADJUST}


@dataclass(frozen=True)
class PointsEntry:
    """One change of a member's points: `points` > 0 given, < 0 taken."""

    key: str
    member_id: str
    kind: str
    points: int
    lot_month: int = 0  # YYYYMM the points were earned in; 0: none named (a taking uses the oldest)
    document: str = ""  # the sale, return or run it came from
    at_ms: int = 0

    def same_request(self, other: PointsEntry) -> bool:
        """True when `other` asks for what this entry recorded (the time may differ on a retry)."""
        return (self.member_id, self.kind, self.points, self.lot_month, self.document) == (
            other.member_id,
            other.kind,
            other.points,
            other.lot_month,
            other.document,
        )


def check_entry(entry: PointsEntry) -> PointsEntry:
    """The entry if its kind, sign, size, key and month can be used; InvalidLoyaltyInput if not."""
    if not entry.key or len(entry.key) > 100:
        raise InvalidLoyaltyInput(_("a points entry needs a key of 1 to 100 characters"))
    if entry.kind not in KINDS:
        raise InvalidLoyaltyInput(
            _("unknown kind of points entry {kind}").format(kind=repr(entry.kind))
        )
    points = entry.points
    if isinstance(points, bool) or not isinstance(points, int) or not 0 < abs(points) <= MAX_POINTS:
        raise InvalidLoyaltyInput(
            _("a points entry moves 1 to {limit} points either way, got {value}").format(
                limit=MAX_POINTS, value=repr(points)
            )
        )
    if (entry.kind in GIVING and points < 0) or (entry.kind in TAKING and points > 0):
        raise InvalidLoyaltyInput(
            _("a points entry of kind {kind} cannot move {points} points").format(
                kind=entry.kind, points=points
            )
        )
    if entry.lot_month and not _is_month(entry.lot_month):
        raise InvalidLoyaltyInput(
            _("{month} is not a month written YYYYMM").format(month=entry.lot_month)
        )
    if points > 0 and not entry.lot_month:
        raise InvalidLoyaltyInput(_("points given need the month they count from"))
    return entry


def _is_month(month: int) -> bool:
    return 200001 <= month <= 999912 and 1 <= month % 100 <= 12


def add_months(month: int, months: int) -> int:
    """YYYYMM `months` months after `month`."""
    index = (month // 100) * 12 + (month % 100 - 1) + months
    return (index // 12) * 100 + index % 12 + 1


def balance(entries: Iterable[PointsEntry]) -> int:
    return sum(entry.points for entry in entries)


def clamp_reversal(points_to_reverse: int, current_balance: int) -> int:
    """Points a reversal takes: what the return undoes, at most the balance (never below zero)."""
    return min(points_to_reverse, max(0, current_balance))


def post(entries: list[PointsEntry], entry: PointsEntry) -> tuple[PointsEntry, bool]:
    """Append `entry` to `entries` (one member's, in order); (the entry recorded, whether it is new).

    A key already there with the same request returns the recorded entry, nothing
    appended; with another request IdempotencyConflict; a balance that would go
    below zero PointsRefused.
    """
    check_entry(entry)
    for recorded in entries:
        if recorded.key == entry.key:
            if recorded.same_request(entry):
                return recorded, False
            raise IdempotencyConflict(
                _("points key {key} was used already for another request").format(key=entry.key)
            )
    if entries and entries[0].member_id != entry.member_id:
        raise ValueError("a points ledger holds one member's entries")
    now = balance(entries)
    if now + entry.points < 0:
        raise PointsRefused(
            _("the member has {balance} points, fewer than the {points} asked for").format(
                balance=now, points=-entry.points
            )
        )
    entries.append(entry)
    return entry, True


def lots(entries: Iterable[PointsEntry]) -> dict[int, int]:
    """Points left of each month's earnings {YYYYMM: points}, after every taking, oldest first."""
    left: dict[int, int] = {}
    for entry in entries:
        if entry.points > 0:
            left[entry.lot_month] = left.get(entry.lot_month, 0) + entry.points
            continue
        owed = -entry.points
        order = sorted(left)
        if entry.lot_month in left:
            order.remove(entry.lot_month)
            order.insert(0, entry.lot_month)
        for month in order:
            taken = min(owed, left[month])
            left[month] -= taken
            owed -= taken
            if not owed:
                break
    return {month: points for month, points in sorted(left.items()) if points}


def expiry_due(
    member_id: str,
    entries: list[PointsEntry],
    expiry_months: int,
    current_month: int,
    at_ms: int = 0,
) -> list[PointsEntry]:
    """Expire entries for every lot past its date in `current_month` (YYYYMM); none if N is 0.

    Each names its lot, so it takes exactly what is left of it; its key names the
    member, the lot and how many expiries of that lot came before, so running the
    same job twice on the same ledger posts nothing new.
    """
    if not expiry_months:
        return []
    done: dict[int, int] = {}
    for entry in entries:
        if entry.kind == EXPIRE:
            done[entry.lot_month] = done.get(entry.lot_month, 0) + 1
    due = []
    for month, points in lots(entries).items():
        if points > 0 and current_month > add_months(month, expiry_months):
            due.append(
                PointsEntry(
                    f"points-expire:{member_id}:{month}:{done.get(month, 0)}",
                    member_id,
                    EXPIRE,
                    -points,
                    month,
                    f"expiry {current_month}",
                    at_ms,
                )
            )
    return due
