"""Points outstanding (hoctl report points): what the chain owes its members in points, by
the month each lot expires, and what moved the total over a period.

A member's lots are what common.domain.points_ledger.lots leaves of each month's
earnings after every taking; the report adds them up across members. A lot earned in
month M is gone when month M + N + 1 begins (N = the points rule's expiry_months;
common.domain.points_ledger), so that month is its `expires_month`; with N = 0 points
never expire and the month is "". Over the period: earned (earn), reversed on returns
(reverse), redeemed (redeem and reward, less refund_redeem: points a return gave back),
expired and adjusted; merges move points between members and net to zero chain-wide.
Opening + movements = closing, which the report checks like the liability report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from common.domain.points_ledger import (
    ADJUST,
    EARN,
    EXPIRE,
    MERGE_IN,
    MERGE_OUT,
    REDEEM,
    REFUND_REDEEM,
    REVERSE,
    REWARD,
    PointsEntry,
    add_months,
    lots,
)


def month_text(month: int) -> str:
    """202601 -> "2026-01"; 0 -> ""."""
    return f"{month // 100:04d}-{month % 100:02d}" if month else ""


def expires_month(lot_month: int, expiry_months: int) -> int:
    """The month a lot is gone from (YYYYMM); 0 when points never expire."""
    if not expiry_months or not lot_month:
        return 0
    return add_months(lot_month, expiry_months + 1)


@dataclass(frozen=True)
class LotFigures:
    lot_month: int
    expires_month: int
    points: int
    member_count: int

    def document(self) -> dict[str, Any]:
        return {
            "lot_month": month_text(self.lot_month),
            "expires_month": month_text(self.expires_month),
            "points": self.points,
            "member_count": self.member_count,
        }


def outstanding_lots(ledgers: Iterable[list[PointsEntry]], expiry_months: int) -> list[LotFigures]:
    """Every member's lots (one ledger a member, oldest entry first) added up by lot month,
    the soonest to expire first."""
    points: dict[int, int] = {}
    members: dict[int, int] = {}
    for entries in ledgers:
        for month, left in lots(entries).items():
            points[month] = points.get(month, 0) + left
            members[month] = members.get(month, 0) + 1
    return [
        LotFigures(month, expires_month(month, expiry_months), points[month], members[month])
        for month in sorted(points)
    ]


@dataclass(frozen=True)
class PointsMovements:
    """Points moved over a period, each a positive figure except `adjusted_points` (signed)."""

    earned_points: int
    reversed_points: int
    redeemed_points: int
    expired_points: int
    adjusted_points: int
    merged_points: int  # signed; zero chain-wide unless a merge was half booked

    @property
    def net(self) -> int:
        return (
            self.earned_points
            - self.reversed_points
            - self.redeemed_points
            - self.expired_points
            + self.adjusted_points
            + self.merged_points
        )

    def document(self) -> dict[str, int]:
        return {
            "earned_points": self.earned_points,
            "reversed_points": self.reversed_points,
            "redeemed_points": self.redeemed_points,
            "expired_points": self.expired_points,
            "adjusted_points": self.adjusted_points,
        }


def movements_of(by_kind: Mapping[str, int]) -> PointsMovements:
    """From the signed sum of points per entry kind over the period."""

    def kind(name: str) -> int:
        return by_kind.get(name, 0)

    return PointsMovements(
        earned_points=kind(EARN),
        reversed_points=-kind(REVERSE),
        redeemed_points=-(kind(REDEEM) + kind(REWARD) + kind(REFUND_REDEEM)),
        expired_points=-kind(EXPIRE),
        adjusted_points=kind(ADJUST),
        merged_points=kind(MERGE_IN) + kind(MERGE_OUT),
    )
