"""ReportsAdmin: `hoctl report NAME` (every report but accuracy, which CountAdmin serves, and
liability, which Members serves); unpacks, calls services.reports.run_report (or the
uplift and points reports' own use cases), packs the document, chart and page."""

from __future__ import annotations

import asyncio
import json
from typing import Any, cast

from common.clock import now_ms
from common.pb.storeledger.v1 import reports_admin_pb2, reports_admin_pb2_grpc
from headoffice.api.auth import Authorizer, authorised
from headoffice.domain.counts import CountPolicy
from headoffice.domain.points_config import points_rule
from headoffice.domain.replenishment import Policy as ReplenishPolicy
from headoffice.domain.report_document import Report
from headoffice.domain.report_period import period_of
from headoffice.domain.roles import Permission, Staff
from headoffice.reports.chart_kit import rendered
from headoffice.reports.report_chart import report_html, report_png
from headoffice.services.counts_reports import DEFAULT_POLICY
from headoffice.services.points_report import DEFAULT_TOP, points_report
from headoffice.services.ports import UnitOfWorkFactory
from headoffice.services.ports_member_reports import PointsReportUnitOfWorkPort
from headoffice.services.ports_promotions import PromotionsUnitOfWorkPort
from headoffice.services.reports import ReportRequest, run_report
from headoffice.services.supplier_reports import promised_lead_days
from headoffice.services.uplift import uplift_report

SERVICE = reports_admin_pb2.DESCRIPTOR.services_by_name["ReportsAdmin"]


class ReportsServicer(reports_admin_pb2_grpc.ReportsAdminServicer):
    def __init__(
        self,
        new_uow: UnitOfWorkFactory,
        auth: Authorizer,
        policy: CountPolicy = DEFAULT_POLICY,
        promised_lead_days: int = ReplenishPolicy.default_lead_time_days,
        points_expiry_months: int = 12,
    ) -> None:
        self._new_uow = new_uow
        self._auth = auth
        self._offset = policy.utc_offset_minutes  # the shops' days, as the accuracy report's
        self._promised = promised_lead_days  # the suppliers' configured lead time
        self._expiry_months = points_expiry_months  # [points] expiry_months

    @authorised(Permission.REPORT_READ)
    async def RunReport(self, request, context, staff: Staff):  # noqa: N802
        asked = ReportRequest(
            request.name, request.store_code, request.since, request.until, request.days,
            request.by, request.top, request.cover_days,
            request.within_days if request.HasField("within_days") else -1,
        )  # fmt: skip
        report = await asyncio.to_thread(
            run_report, self._new_uow(), staff, asked, self._offset, None, self._promised
        )
        return await _reply(report, request.png, request.html)

    @authorised(Permission.REPORT_READ)
    async def PromotionUplift(self, request, context, staff: Staff):  # noqa: N802
        uow = cast(PromotionsUnitOfWorkPort, self._new_uow())
        report = await asyncio.to_thread(
            uplift_report, uow, staff, request.promo_id, request.store_code, self._offset
        )
        return await _reply(report, request.png, request.html)

    @authorised(Permission.REPORT_READ)
    async def PointsOutstanding(self, request, context, staff: Staff):  # noqa: N802
        period = period_of(request.since, request.until, request.days, now_ms(), self._offset)
        uow = cast(PointsReportUnitOfWorkPort, self._new_uow())
        report = await asyncio.to_thread(
            points_report, uow, staff, period, self._expiry_months, request.top or DEFAULT_TOP
        )
        return await _reply(report, request.png, request.html)


async def _reply(report: Report, png: bool, html: bool) -> reports_admin_pb2.RunReportReply:
    png_bytes, page = await asyncio.to_thread(rendered, report, png, html, report_png, report_html)
    return reports_admin_pb2.RunReportReply(
        document_json=json.dumps(report.document(), ensure_ascii=False), png=png_bytes, html=page
    )


def add_to_server(
    server,
    new_uow: UnitOfWorkFactory,
    auth: Authorizer,
    policy: CountPolicy,
    config: dict[str, dict[str, Any]] | None = None,
) -> None:  # type: ignore[no-untyped-def]
    promised = promised_lead_days(config or {})
    expiry = points_rule(dict((config or {}).get("points", {}))).expiry_months
    reports_admin_pb2_grpc.add_ReportsAdminServicer_to_server(
        ReportsServicer(new_uow, auth, policy, promised, expiry), server
    )
