"""The points report (hoctl report points, ReportsAdmin.PointsOutstanding): points owed
chain-wide now by the month each lot expires, what moved the total over a period, and
the members holding the most (phone and name masked). The figures: domain/points_report.py.
"""

from __future__ import annotations

from common.errors import InvalidInput
from common.i18n import _
from headoffice.domain.members import masked_name, masked_phone
from headoffice.domain.points_report import movements_of, outstanding_lots
from headoffice.domain.report_document import Report
from headoffice.domain.report_period import Period
from headoffice.domain.roles import Permission, Staff
from headoffice.services.ports_member_reports import PointsReportUnitOfWorkPort

DEFAULT_TOP = 10
MAX_TOP = 1000


def points_report(
    uow: PointsReportUnitOfWorkPort,
    staff: Staff,
    period: Period,
    expiry_months: int,
    top: int = DEFAULT_TOP,
) -> Report:
    """Lots now (the soonest to expire first), the period's movements with the check
    opening + movements = closing, and the `top` members holding most."""
    staff.require(Permission.MEMBER_READ)
    staff.require(Permission.REPORT_READ)
    if isinstance(top, bool) or not isinstance(top, int) or not 1 <= top <= MAX_TOP:
        raise InvalidInput(_("--top takes a whole number from 1 to 1000"))
    with uow:
        lots = outstanding_lots(uow.points.ledgers(), expiry_months)
        opening = uow.points.total_at(period.since_ms)
        closing = uow.points.total_at(period.until_ms)
        moved = movements_of(uow.points.sums_by_kind(period.since_ms, period.until_ms))
        holders = []
        for member_id, balance in uow.points.top_balances(top):
            member = uow.members.get(member_id)
            phone = member.phone if member is not None and not member.erased_at_ms else ""
            name = member.name if member is not None else ""
            holders.append(
                {
                    "member_id": member_id,
                    "phone": masked_phone(phone or ""),
                    "name": name if member and member.erased_at_ms else masked_name(name),
                    "points_balance": balance,
                }
            )
    return Report(
        name="points",
        period=period,
        by="lot_month",
        rows=[lot.document() for lot in lots],
        chart_key="expires_month",
        chart_value="points",
        totals={
            "points": sum(lot.points for lot in lots),
            "opening_points": opening,
            **moved.document(),
            "closing_points": closing,
            "balanced": opening + moved.net == closing,
        },
        extra={"expiry_months": expiry_months, "holders": holders},
    )
