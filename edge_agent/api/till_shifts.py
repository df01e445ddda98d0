"""The Till RPCs of a shift: open, cash in/out, blind close, handover, X and Z reports."""

from __future__ import annotations

from common.i18n import N_, Phrase, _
from common.pb.storeledger.v1 import till_pb2
from edge_agent.api.messages import shifts as m
from edge_agent.api.till_base import TillBase
from edge_agent.domain.reports import TillReport
from edge_agent.services import shifts


class ShiftRpcs(TillBase):
    async def OpenShift(self, request, context) -> till_pb2.ShiftState:
        view = await self._wrote(
            shifts.open_shift, request.till_id, request.cashier, request.float_minor
        )
        return m.shift_state(view)

    async def CashInOut(self, request, context) -> till_pb2.ShiftState:
        view = await self._wrote(
            shifts.cash_in_out,
            request.till_id,
            request.cashier,
            request.direction,
            request.amount_minor,
            request.reason,
            request.approval_id,
            request.idempotency_key,
        )
        return m.shift_state(view)

    async def GetShift(self, request, context) -> till_pb2.ShiftState:
        return m.shift_state(await self._call(shifts.get_shift, request.till_id))

    async def _closed(self, till_id: str, closed: shifts.ShiftClosed) -> till_pb2.ShiftCloseReply:
        if closed.next_shift:
            title, what = _("Shift handover"), Phrase(N_("the shift handover report"))
        else:
            title, what = _("Shift close"), Phrase(N_("the shift close report"))
        printed = await self._print_text(till_id, what, title, closed.report_text)
        return m.shift_close_reply(closed, printed)

    async def CloseShift(self, request, context) -> till_pb2.ShiftCloseReply:
        closed = await self._wrote(
            shifts.close_shift, request.till_id, request.cashier, m.counts(request.counted)
        )
        return await self._closed(request.till_id, closed)

    async def Handover(self, request, context) -> till_pb2.ShiftCloseReply:
        closed = await self._wrote(
            shifts.handover,
            request.till_id,
            request.cashier,
            request.next_cashier,
            m.counts(request.counted),
            [(c.sku.strip(), c.qty_base) for c in request.spot_counts],
        )
        return await self._closed(request.till_id, closed)

    async def _report(self, till_id: str, report: TillReport) -> till_pb2.ReportReply:
        printed = await self._print_text(till_id, report.what, report.title, report.text)
        return m.report_reply(report, printed)

    async def XReport(self, request, context) -> till_pb2.ReportReply:
        report = await self._call(shifts.x_report, request.till_id, request.cashier)
        return await self._report(request.till_id, report)

    async def ZReport(self, request, context) -> till_pb2.ReportReply:
        _seq, report = await self._wrote(
            shifts.z_report, request.till_id, request.cashier, request.business_date
        )
        return await self._report(request.till_id, report)
