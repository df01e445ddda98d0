"""CountAdmin: the staff service hoctl count ... speaks; each method unpacks, calls one
service, packs."""

from __future__ import annotations

import asyncio
import logging

from common.clock import now_ms
from common.logs import log_event
from common.pb.storeledger.v1 import count_admin_pb2, count_admin_pb2_grpc
from headoffice.api.auth import Authorizer, authorised
from headoffice.api.messages.accuracy import accuracy_message
from headoffice.api.messages.counts import (
    plan_message,
    report_message,
    session_info,
    variance_message,
)
from headoffice.api.streams import DownstreamSignal
from headoffice.domain.accuracy import DEFAULT_TOP_N, WEEK, check_bucket
from headoffice.domain.counts import CountPolicy, StoreKeyItems
from headoffice.domain.roles import Permission, Staff
from headoffice.reports.accuracy_chart import accuracy_html, accuracy_png
from headoffice.reports.chart_kit import rendered
from headoffice.services.count_key_items import key_items, set_key_items
from headoffice.services.counts import (
    approve_session,
    cancel_session,
    create_planned,
    create_session,
    list_sessions,
)
from headoffice.services.counts_reports import (
    DEFAULT_POLICY,
    accuracy,
    check_grouping,
    plan,
    show_session,
    since_of,
    variance_report,
)
from headoffice.services.ports import UnitOfWorkFactory

log = logging.getLogger(__name__)
SERVICE = count_admin_pb2.DESCRIPTOR.services_by_name["CountAdmin"]


class CountsServicer(count_admin_pb2_grpc.CountAdminServicer):
    def __init__(
        self,
        new_uow: UnitOfWorkFactory,
        auth: Authorizer,
        signal: DownstreamSignal,
        policy: CountPolicy = DEFAULT_POLICY,
    ) -> None:
        self._policy = policy
        self._new_uow = new_uow
        self._auth = auth
        self._signal = signal

    @authorised(Permission.COUNT_MANAGE)
    async def CreateCount(self, request, context, staff: Staff):  # noqa: N802
        row = await asyncio.to_thread(
            create_session,
            self._new_uow(),
            staff,
            request.store_code,
            request.scope_kind,
            list(request.categories),
            list(request.skus),
            list(request.abc_classes),
            list(request.locations),
            request.title,
            selling_locations=list(request.selling_locations),
            blind=request.blind,
            policy=self._policy,
        )
        self._signal.notify()
        log_event(log, logging.INFO, "count session created", session_id=row.session_id,
                  store=row.store_code, by=staff.username)  # fmt: skip
        return session_info(row)

    @authorised(Permission.COUNT_READ)
    async def ListCounts(self, request, context, staff: Staff):  # noqa: N802
        rows = await asyncio.to_thread(
            list_sessions, self._new_uow(), staff, request.store_code, request.state
        )
        return count_admin_pb2.ListCountsReply(sessions=[session_info(r) for r in rows])

    @authorised(Permission.COUNT_READ)
    async def ShowCount(self, request, context, staff: Staff):  # noqa: N802
        report = await asyncio.to_thread(show_session, self._new_uow(), staff, request.session_id)
        return report_message(report)

    @authorised(Permission.COUNT_READ)
    async def CountVariance(self, request, context, staff: Staff):  # noqa: N802
        by = check_grouping(request.by or "sku")
        report = await asyncio.to_thread(
            variance_report, self._new_uow(), staff, request.session_id, by
        )
        return variance_message(report)

    @authorised(Permission.COUNT_MANAGE)
    async def CancelCount(self, request, context, staff: Staff):  # noqa: N802
        row = await asyncio.to_thread(cancel_session, self._new_uow(), staff, request.session_id)
        self._signal.notify()
        log_event(log, logging.INFO, "count session cancel sent", session_id=row.session_id,
                  store=row.store_code, by=staff.username)  # fmt: skip
        return session_info(row)

    @authorised(Permission.COUNT_APPROVE)
    async def ApproveCount(self, request, context, staff: Staff):  # noqa: N802
        row = await asyncio.to_thread(approve_session, self._new_uow(), staff, request.session_id)
        self._signal.notify()
        log_event(log, logging.INFO, "count session approved", session_id=row.session_id,
                  store=row.store_code, state=row.state, by=staff.username)  # fmt: skip
        return session_info(row)

    @authorised(Permission.COUNT_READ)
    async def CountAccuracy(self, request, context, staff: Staff):  # noqa: N802
        bucket = check_bucket(request.by or WEEK)
        since_ms = since_of(request.since, self._policy, now_ms())
        report = await asyncio.to_thread(
            accuracy, self._new_uow(), staff, since_ms, request.store_code, bucket,
            self._policy.utc_offset_minutes, request.top or DEFAULT_TOP_N,
        )  # fmt: skip
        png, html = await asyncio.to_thread(
            rendered, report, request.png, request.html, accuracy_png, accuracy_html
        )
        return accuracy_message(report, since_ms, self._policy.utc_offset_minutes, png, html)

    @authorised(Permission.COUNT_READ)
    async def PlanCounts(self, request, context, staff: Staff):  # noqa: N802
        if request.create:
            staff.require(Permission.COUNT_MANAGE)
            proposals = await asyncio.to_thread(
                create_planned, self._new_uow(), staff, request.store_code, policy=self._policy
            )
            self._signal.notify()
        else:
            proposals = await asyncio.to_thread(
                plan, self._new_uow(), staff, request.store_code, policy=self._policy
            )
        return plan_message(proposals)

    @authorised(Permission.COUNT_MANAGE)
    async def SetStoreKeyItems(self, request, context, staff: Staff):  # noqa: N802
        kept = await asyncio.to_thread(
            set_key_items, self._new_uow(), staff, request.store_code, list(request.skus)
        )
        self._signal.notify()
        log_event(log, logging.INFO, "key items set", store=kept.store_code,
                  skus=len(kept.skus), by=staff.username)  # fmt: skip
        return _key_items_message(kept)

    @authorised(Permission.COUNT_READ)
    async def ShowStoreKeyItems(self, request, context, staff: Staff):  # noqa: N802
        kept = await asyncio.to_thread(key_items, self._new_uow(), staff, request.store_code)
        return _key_items_message(kept)


def _key_items_message(kept: StoreKeyItems) -> count_admin_pb2.StoreKeyItems:
    return count_admin_pb2.StoreKeyItems(
        store_code=kept.store_code,
        skus=list(kept.skus),
        set_by=kept.set_by,
        set_at_ms=kept.set_at_ms,
        set_from=kept.set_from,
    )
