"""StoreCounts: pos count ... and the till's count screen; unpack, call one service, pack.

The person acting is the one signed in at the till (TillSignIn fills `actor`).

The service AND the packing of its reply run in a worker thread (`_off_loop`): a
20,000-SKU session's report is 20,000 result messages, about a quarter of a second
of Python that, on the event loop, would stall every other call to the agent (a
sale at the till included) while it ran."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from common.pb.storeledger.v1 import store_counts_pb2, store_counts_pb2_grpc
from edge_agent.api.messages import counts as m
from edge_agent.services import count_approval, count_documents, counting, handover_counts
from edge_agent.services.context import StoreContext

SERVICE_NAME = store_counts_pb2.DESCRIPTOR.services_by_name["StoreCounts"].full_name

T = TypeVar("T")
R = TypeVar("R")


def _packed(pack: Callable[[T], R], call: Callable[[], T]) -> R:
    return pack(call())


async def _off_loop(pack: Callable[[T], R], fn: Callable[..., T], *args: Any) -> R:
    """`pack(fn(*args))` in a worker thread: the service's work and its reply's."""
    return await asyncio.to_thread(_packed, pack, partial(fn, *args))


def _report_after(
    fn: Callable[..., Any], ctx: StoreContext, actor: str, session_id: str, *args: Any
) -> store_counts_pb2.CountSessionReply:
    """Do `fn`, then the session's report as `actor` sees it, packed (one worker thread)."""
    fn(ctx, actor, session_id, *args)
    return m.report_pb(counting.show_count(ctx, session_id, actor))


class StoreCountsServicer(store_counts_pb2_grpc.StoreCountsServicer):
    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx

    async def StartCount(self, request, context):  # noqa: N802
        return await asyncio.to_thread(self._start, request)

    def _start(self, request: Any) -> store_counts_pb2.CountSessionReply:
        session = counting.start_count(
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
        return m.report_pb(counting.show_count(self._ctx, session.session_id, request.actor))

    async def ListCounts(self, request, context):  # noqa: N802
        return await _off_loop(_sessions_reply, counting.list_counts, self._ctx, request.state)

    async def ShowCount(self, request, context):  # noqa: N802
        return await _off_loop(
            m.report_pb, counting.show_count, self._ctx, request.session_id, request.actor
        )

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
        return await _off_loop(
            _lines_reply, counting.counter_lines, self._ctx, request.session_id, request.actor
        )

    async def SubmitCount(self, request, context):  # noqa: N802
        return await _off_loop(
            m.report_pb, count_approval.submit_count, self._ctx, request.actor, request.session_id
        )

    async def ConfirmZero(self, request, context):  # noqa: N802
        return await _off_loop(
            m.report_pb,
            count_approval.confirm_zero,
            self._ctx,
            request.actor,
            request.session_id,
            list(request.skus),
            request.all_not_counted,
        )

    async def ApproveCount(self, request, context):  # noqa: N802
        return await _off_loop(
            m.report_pb, count_approval.approve_count, self._ctx, request.actor, request.session_id
        )

    async def CancelCount(self, request, context):  # noqa: N802
        return await asyncio.to_thread(
            _report_after,
            count_approval.cancel_count,
            self._ctx,
            request.actor,
            request.session_id,
            request.note,
        )

    async def CountSheet(self, request, context):  # noqa: N802
        return await _off_loop(
            _sheet_reply, count_documents.count_sheet, self._ctx, request.session_id
        )

    async def ImportCountFile(self, request, context):  # noqa: N802
        return await _off_loop(
            _imported_reply,
            count_documents.import_count_file,
            self._ctx,
            request.actor,
            request.session_id,
            request.data,
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


def _sessions_reply(sessions: list[Any]) -> store_counts_pb2.ListStoreCountsReply:
    return store_counts_pb2.ListStoreCountsReply(sessions=[m.session_pb(s) for s in sessions])


def _lines_reply(found: counting.CounterLines) -> store_counts_pb2.ListCountLinesReply:
    return store_counts_pb2.ListCountLinesReply(
        session=m.session_pb(found.session),
        lines=[m.line_pb(ln, found.reveal) for ln in found.lines],
        book_shown=found.reveal,
    )


def _sheet_reply(sheet: Any) -> store_counts_pb2.CountSheetReply:
    return store_counts_pb2.CountSheetReply(
        session=m.session_pb(sheet.session),
        store_code=sheet.store_code,
        items=[m.sheet_item_pb(item) for item in sheet.items],
    )


def _imported_reply(imported: Any) -> store_counts_pb2.ImportCountFileReply:
    return store_counts_pb2.ImportCountFileReply(
        session=m.session_pb(imported.session),
        lines=[m.line_pb(ln, False) for ln in imported.lines],
        replayed=imported.replayed,
    )
