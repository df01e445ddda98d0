"""Points paying part of a sale at a till (MemberTill.PayWithPoints): the member as the till
named them, the points the [points] rule takes for the amount, booked once per key.

A till's key is its own (derived from the sale's idempotency key), so head office books it
under till_points_key(store, key): two stores' keys never meet. Points are never spent
offline; a return gives them back at head office (services.points.reverse_for_return).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from common.clock import now_ms as clock_now_ms
from common.domain.loyalty_errors import PointsRefused
from common.domain.points import PointsRule, payment_points
from common.i18n import _
from headoffice.services.member_ports import MembersUnitOfWorkPort
from headoffice.services.members import find
from headoffice.services.points import pay_with_points


@dataclass(frozen=True)
class TillPoints:
    member_id: str
    points: int  # taken, positive
    balance: int  # after it
    replayed: bool


def till_points_key(store_code: str, key: str) -> str:
    """The points ledger's key for a till's key: the store's own namespace."""
    return f"till:{store_code}:{key}"


def pay_at_till(
    new_uow: Callable[[], MembersUnitOfWorkPort],
    store_code: str,
    member_text: str,
    key: str,
    amount_minor: int,
    rule: PointsRule,
    document: str,
    max_points: int = 0,
    now_ms: int | None = None,
) -> TillPoints:
    """Take the points paying `amount_minor`; refused (nothing booked) beyond the balance,
    beyond `max_points` (when not 0), or for an unknown member."""
    now = clock_now_ms() if now_ms is None else now_ms
    with new_uow() as uow:
        member = find(uow, member_text)
    points = payment_points(amount_minor, rule)
    if max_points and points > max_points:
        raise PointsRefused(
            _(
                "paying {amount} fen takes {points} points, more than the {most} the customer "
                "agreed to; nothing was taken"
            ).format(amount=amount_minor, points=points, most=max_points)
        )
    posted = pay_with_points(
        new_uow(), member.member_id, till_points_key(store_code, key), amount_minor, rule,
        document, now,
    )  # fmt: skip
    taken = -sum(e.points for e in posted.entries)
    return TillPoints(member.member_id, taken, posted.balance, posted.replayed)
