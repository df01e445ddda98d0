"""Shifts, blind closes and X/Z reports for the Till service."""

from __future__ import annotations

from collections.abc import Iterable

from common.pb.storeledger.v1 import ledger_pb2, till_pb2
from edge_agent.api.messages.till import print_outcome
from edge_agent.devices.peripherals import PrintResult
from edge_agent.domain.reports import TillReport
from edge_agent.services.shifts import ShiftClosed, ShiftView
from edge_agent.store.journal_codec.till import shift_event_pb, till_report_pb


def counts(counted: Iterable[ledger_pb2.DenominationCount]) -> list[tuple[int, int]]:
    return [(c.denomination_minor, c.count) for c in counted]


def shift_state(view: ShiftView) -> till_pb2.ShiftState:
    return till_pb2.ShiftState(
        shift_id=view.shift_id,
        till_id=view.till_id,
        cashier=view.cashier,
        open=view.open,
        opened_at_ms=view.opened_at_ms,
        float_minor=view.float_minor,
        sales_count=view.sales_count,
    )


def shift_close_reply(closed: ShiftClosed, printed: PrintResult) -> till_pb2.ShiftCloseReply:
    return till_pb2.ShiftCloseReply(
        seq=closed.seq,
        event=shift_event_pb(closed.event),
        report_text=closed.report_text,
        next_shift=shift_state(closed.next_shift) if closed.next_shift else None,
        print=print_outcome(printed),
    )


def report_reply(report: TillReport, printed: PrintResult) -> till_pb2.ReportReply:
    return till_pb2.ReportReply(report=till_report_pb(report), print=print_outcome(printed))
