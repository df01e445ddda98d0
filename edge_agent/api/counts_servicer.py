"""StoreCounts: pos count ... and the till's count screen; unpack, call one service, pack.

The person acting is the one signed in at the till (TillSignIn fills `actor`)."""

from __future__ import annotations

import asyncio
from typing import Any

from common.pb.storeledger.v1 import store_counts_pb2, store_counts_pb2_grpc
from edge_agent.api.messages import counts as m
from edge_agent.services import count_approval, count_documents, counting, handover_counts
from edge_agent.services.context import StoreContext

SERVICE_NAME = store_counts_pb2.DESCRIPTOR.services_by_name["StoreCounts"].full_name


class StoreCountsServicer(store_counts_pb2_grpc.StoreCountsServicer):
    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx

    async def StartCount(self, request, context):  # noqa: N802
        session = await asyncio.to_thread(
            counting.start_count,
            self._ctx,
            request.actor,
            request.kind,
            list(request.categories),
            list(request.locations),
            list(request.abc_classes),
            list(request.skus),
            request.title,
            not request.not_blind,
            None,
            list(request.selling_locations),
        )
        report = await asyncio.to_thread(
            counting.show_count, self._ctx, session.session_id, request.actor
        )
        return m.report_pb(report)

    async def ListCounts(self, request, context):  # noqa: N802
        sessions = await asyncio.to_thread(counting.list_counts, self._ctx, request.state)
        return store_counts_pb2.ListStoreCountsReply(sessions=[m.session_pb(s) for s in sessions])

    async def ShowCount(self, request, context):  # noqa: N802
        report = await asyncio.to_thread(
            counting.show_count, self._ctx, request.session_id, request.actor
        )
        return m.report_pb(report)

    async def AddCountLine(self, request, context):  # noqa: N802
        added = await asyncio.to_thread(
            counting.add_count_line,
            self._ctx,
            request.actor,
            request.session_id,
            request.code,
            request.sku,
            request.qty_base,
            request.location,
            request.reason,
            request.line_id,
        )
        return store_counts_pb2.AddCountLineReply(
            line=m.line_pb(added.line, added.reveal),
            replayed=added.replayed,
            session_state=added.session.state,
        )

    async def ListCountLines(self, request, context):  # noqa: N802
        found = await asyncio.to_thread(
            counting.counter_lines, self._ctx, request.session_id, request.actor
        )
        return store_counts_pb2.ListCountLinesReply(
            session=m.session_pb(found.session),
            lines=[m.line_pb(ln, found.reveal) for ln in found.lines],
            book_shown=found.reveal,
        )

    async def SubmitCount(self, request, context):  # noqa: N802
        report = await asyncio.to_thread(
            count_approval.submit_count, self._ctx, request.actor, request.session_id
        )
        return m.report_pb(report)

    async def ConfirmZero(self, request, context):  # noqa: N802
        report = await asyncio.to_thread(
            count_approval.confirm_zero,
            self._ctx,
            request.actor,
            request.session_id,
            list(request.skus),
            request.all_not_counted,
        )
        return m.report_pb(report)

    async def ApproveCount(self, request, context):  # noqa: N802
        report = await asyncio.to_thread(
            count_approval.approve_count, self._ctx, request.actor, request.session_id
        )
        return m.report_pb(report)

    async def CancelCount(self, request, context):  # noqa: N802
        await asyncio.to_thread(
            count_approval.cancel_count,
            self._ctx,
            request.actor,
            request.session_id,
            request.note,
        )
        report = await asyncio.to_thread(
            counting.show_count, self._ctx, request.session_id, request.actor
        )
        return m.report_pb(report)

    async def CountSheet(self, request, context):  # noqa: N802
        sheet = await asyncio.to_thread(count_documents.count_sheet, self._ctx, request.session_id)
        return store_counts_pb2.CountSheetReply(
            session=m.session_pb(sheet.session),
            store_code=sheet.store_code,
            items=[m.sheet_item_pb(item) for item in sheet.items],
        )

    async def ImportCountFile(self, request, context):  # noqa: N802
        imported = await asyncio.to_thread(
            count_documents.import_count_file,
            self._ctx,
            request.actor,
            request.session_id,
            request.data,
        )
        return store_counts_pb2.ImportCountFileReply(
            session=m.session_pb(imported.session),
            lines=[m.line_pb(ln, False) for ln in imported.lines],
            replayed=imported.replayed,
        )

    async def VarianceReport(self, request, context):  # noqa: N802
        pdf = await asyncio.to_thread(
            count_documents.variance_report, self._ctx, request.session_id, request.actor
        )
        return store_counts_pb2.VarianceReportReply(pdf=pdf)

    async def SetKeyItems(self, request, context):  # noqa: N802
        skus = await asyncio.to_thread(
            handover_counts.set_key_items, self._ctx, request.actor, list(request.skus)
        )
        return store_counts_pb2.KeyItemsReply(skus=skus)

    async def ListKeyItems(self, request, context):  # noqa: N802
        skus = await asyncio.to_thread(handover_counts.key_items, self._ctx)
        return store_counts_pb2.KeyItemsReply(skus=skus)


def store_counts_service(ctx: StoreContext) -> tuple[Any, Any, str]:
    """The STORE_SERVICES factory (edge_agent.api.server)."""
    return (
        store_counts_pb2_grpc.add_StoreCountsServicer_to_server,
        StoreCountsServicer(ctx),
        SERVICE_NAME,
    )
