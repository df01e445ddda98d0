"""A till's shift: open with a float, cash in/out, blind close, handover; X and Z reports.

Each state change is one transaction with its journal entry (ShiftEvent or
TillReport body). An X report is read-only and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from common.clock import now_ms
from common.domain.money import format_minor
from common.ids import new_document_id
from common.logs import log_event
from common.pb.storeledger.v1 import ledger_pb2
from edge_agent.domain.errors import ShiftState, ZReportAlreadyRun
from edge_agent.domain.reports import (
    TillTotals,
    business_date,
    close_text,
    day_bounds_ms,
    report_text,
)
from edge_agent.domain.shift import (
    cash_out_details,
    check_cash_movement,
    check_float,
    count_cash,
    over_short,
)
from edge_agent.services.approving import use_approval
from edge_agent.services.context import StoreContext
from edge_agent.services.recording import record
from edge_agent.store import shifts as store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ShiftView:
    shift_id: str
    till_id: str
    cashier: str
    open: bool
    opened_at_ms: int
    float_minor: int
    sales_count: int


@dataclass(frozen=True)
class ShiftClosed:
    seq: int
    event: ledger_pb2.ShiftEvent
    report_text: str
    next_shift: ShiftView | None


def require_shift_cashier(shift: store.ShiftRow, cashier: str) -> None:
    """Only the cashier on a till's open shift works its drawer (a handover passes it on)."""
    if cashier and cashier != shift.cashier:
        raise ShiftState(
            f"till {shift.till_id}'s open shift belongs to {shift.cashier}, not {cashier}; "
            f"{shift.cashier} hands the till over (pos shift handover) before {cashier} uses it"
        )


def _require_open(conn, till_id: str) -> store.ShiftRow:
    shift = store.open_shift_of(conn, till_id)
    if shift is None:
        raise ShiftState(f"till {till_id} has no open shift; open one with a float first")
    return shift


def _view(conn, shift: store.ShiftRow | None, till_id: str) -> ShiftView:
    if shift is None:
        return ShiftView("", till_id, "", False, 0, 0, 0)
    return ShiftView(
        shift.shift_id,
        shift.till_id,
        shift.cashier,
        shift.closed_at_ms is None,
        shift.opened_at_ms,
        shift.float_minor,
        store.sales_count(conn, shift.shift_id),
    )


def _open(conn, till_id: str, cashier: str, float_minor: int) -> store.ShiftRow:
    if not cashier.strip():
        raise ShiftState(f"a shift at till {till_id} needs the cashier's name")
    existing = store.open_shift_of(conn, till_id)
    if existing is not None:
        raise ShiftState(
            f"till {till_id} already has a shift open for {existing.cashier}; close it or hand "
            "it over first"
        )
    return store.ShiftRow(new_document_id(), till_id, cashier, float_minor, now_ms(), None)


def open_shift(ctx: StoreContext, till_id: str, cashier: str, float_minor: int) -> ShiftView:
    check_float(float_minor)
    with ctx.db.write() as conn:
        shift = _open(conn, till_id, cashier, float_minor)
        event = ledger_pb2.ShiftEvent(
            shift_id=shift.shift_id,
            till_id=till_id,
            cashier=cashier,
            kind="open",
            amount_minor=float_minor,
        )
        entry = record(conn, "shift_event", shift.shift_id, cashier, "shift_event", event)
        store.insert_shift(conn, shift, entry.seq)
        store.insert_event(
            conn, entry.seq, shift.shift_id, till_id, "open", float_minor, entry.occurred_at_ms
        )
        view = _view(conn, shift, till_id)
    log_event(log, logging.INFO, "shift opened", seq=entry.seq, till_id=till_id)
    return view


def cash_in_out(
    ctx: StoreContext,
    till_id: str,
    cashier: str,
    direction: str,
    amount_minor: int,
    reason: str,
    approval_id: str = "",
) -> ShiftView:
    check_cash_movement(direction, amount_minor, reason)
    kind = "cash_in" if direction == "in" else "cash_out"
    with ctx.db.write() as conn:
        shift = _require_open(conn, till_id)
        require_shift_cashier(shift, cashier)
        if kind == "cash_out":
            totals = store.totals(conn, store.Scope(shift_id=shift.shift_id), shift.float_minor)
            if amount_minor > totals.expected_cash_minor:
                raise ShiftState(
                    f"cash out {format_minor(amount_minor, ctx.currency)} is more than the "
                    f"{format_minor(totals.expected_cash_minor, ctx.currency)} the drawer of "
                    f"till {till_id} should hold"
                )
        event = ledger_pb2.ShiftEvent(
            shift_id=shift.shift_id,
            till_id=till_id,
            cashier=cashier,
            kind=kind,
            amount_minor=amount_minor,
            reason=reason,
            approval_id=approval_id,
        )
        entry = record(conn, "shift_event", new_document_id(), cashier, "shift_event", event)
        if kind == "cash_out":
            use_approval(
                conn,
                ctx,
                "cash_out",
                cash_out_details(amount_minor),
                approval_id,
                till_id,
                entry.seq,
            )
        store.insert_event(
            conn, entry.seq, shift.shift_id, till_id, kind, amount_minor, entry.occurred_at_ms
        )
        return _view(conn, shift, till_id)


def get_shift(ctx: StoreContext, till_id: str) -> ShiftView:
    with ctx.db.read() as conn:
        return _view(conn, store.open_shift_of(conn, till_id), till_id)


def _close(
    ctx: StoreContext,
    till_id: str,
    cashier: str,
    counted: list[tuple[int, int]],
    next_cashier: str = "",
) -> ShiftClosed:
    counted_minor = count_cash(counted, ctx.policy.denominations, ctx.currency)
    kind = "handover" if next_cashier else "close"
    with ctx.db.write() as conn:
        shift = _require_open(conn, till_id)
        totals = store.totals(conn, store.Scope(shift_id=shift.shift_id), shift.float_minor)
        expected = totals.expected_cash_minor
        event = ledger_pb2.ShiftEvent(
            shift_id=shift.shift_id,
            till_id=till_id,
            cashier=cashier or shift.cashier,
            kind=kind,
            amount_minor=counted_minor if next_cashier else 0,
            counted=[
                ledger_pb2.DenominationCount(denomination_minor=d, count=c) for d, c in counted
            ],
            counted_minor=counted_minor,
            expected_cash_minor=expected,
            over_short_minor=over_short(counted_minor, expected),
            next_cashier=next_cashier,
        )
        next_shift = None
        if next_cashier:
            next_shift = store.ShiftRow(
                new_document_id(), till_id, next_cashier, counted_minor, now_ms(), None
            )
            event.next_shift_id = next_shift.shift_id
        entry = record(conn, "shift_event", new_document_id(), event.cashier, "shift_event", event)
        store.close_shift(
            conn, shift.shift_id, entry.seq, entry.occurred_at_ms, counted_minor, expected
        )
        store.insert_event(
            conn, entry.seq, shift.shift_id, till_id, kind, counted_minor, entry.occurred_at_ms
        )
        view = None
        if next_shift is not None:
            store.insert_shift(conn, next_shift, entry.seq)
            view = _view(conn, next_shift, till_id)
    text = close_text(
        kind,
        till_id,
        event.cashier,
        counted,
        counted_minor,
        expected,
        ctx.currency,
        next_cashier,
    )
    log_event(log, logging.INFO, f"shift {kind}", seq=entry.seq, till_id=till_id)
    return ShiftClosed(entry.seq, event, text, view)


def close_shift(
    ctx: StoreContext, till_id: str, cashier: str, counted: list[tuple[int, int]]
) -> ShiftClosed:
    return _close(ctx, till_id, cashier, counted)


def handover(
    ctx: StoreContext,
    till_id: str,
    cashier: str,
    next_cashier: str,
    counted: list[tuple[int, int]],
) -> ShiftClosed:
    if not next_cashier.strip():
        raise ShiftState(f"a handover at till {till_id} needs the next cashier's name")
    return _close(ctx, till_id, cashier, counted, next_cashier.strip())


def _report(
    kind: str,
    number: int,
    date_text: str,
    till_id: str,
    cashier: str,
    totals: TillTotals,
    currency: str,
) -> ledger_pb2.TillReport:
    return ledger_pb2.TillReport(
        kind=kind,
        number=number,
        business_date=date_text,
        till_id=till_id,
        cashier=cashier,
        sales_count=totals.sales_count,
        sales_minor=totals.sales_minor,
        returns_count=totals.returns_count,
        returns_minor=totals.returns_minor,
        discounts_minor=totals.discounts_minor,
        rounding_minor=totals.rounding_minor,
        tenders=[
            ledger_pb2.TenderTotal(method=m, count=n, amount_minor=a)
            for m, (n, a) in sorted(totals.tenders.items())
        ],
        cash_in_minor=totals.cash_in_minor,
        cash_out_minor=totals.cash_out_minor,
        float_minor=totals.float_minor,
        expected_cash_minor=totals.expected_cash_minor,
        no_sales=totals.no_sales,
        voids=totals.voids,
        text=report_text(kind, number, date_text, till_id, cashier, totals, currency),
    )


def x_report(ctx: StoreContext, till_id: str, cashier: str) -> ledger_pb2.TillReport:
    """The current shift's totals so far; writes nothing."""
    with ctx.db.read() as conn:
        shift = _require_open(conn, till_id)
        totals = store.totals(conn, store.Scope(shift_id=shift.shift_id), shift.float_minor)
    today = business_date(now_ms(), ctx.policy.time_zone)
    return _report("x", 0, today, till_id, cashier or shift.cashier, totals, ctx.currency)


def z_report(
    ctx: StoreContext, till_id: str, cashier: str, date_text: str = ""
) -> tuple[int, ledger_pb2.TillReport]:
    """The till's totals since its previous Z, numbered, once per business day: (seq, report).

    Everything after the previous Z is in the next one, so a sale made after
    the day's Z (a late second shift, a shift past midnight) is never left
    out of every Z; it is on the next day's.
    """
    tz = ctx.policy.time_zone
    today = business_date(now_ms(), tz)
    date_text = date_text or today
    day_bounds_ms(date_text, tz)  # refuses a malformed date with a sentence
    date_text = dt.date.fromisoformat(date_text).isoformat()  # 20261124 -> 2026-11-24
    if date_text > today:
        raise ShiftState(
            f"a Z report for {date_text} cannot be run on {today}: that day has not come yet"
        )
    with ctx.db.write() as conn:
        still_open = store.open_shift_of(conn, till_id)
        if still_open is not None:
            raise ShiftState(
                f"till {till_id} still has {still_open.cashier}'s shift open; close it with "
                "a blind count first, then run the Z report for the day"
            )
        already = store.z_number(conn, till_id, date_text)
        if already is not None:
            raise ZReportAlreadyRun(
                f"Z report No. {already} has already been run for till {till_id} on "
                f"{date_text}; a day has one Z report"
            )
        previous = store.last_z(conn, till_id)
        if previous is not None and date_text < previous[1]:
            raise ShiftState(
                f"Z report No. {previous[0]} for {previous[1]} is till {till_id}'s latest; "
                f"a Z for the earlier day {date_text} can no longer be run"
            )
        number = store.next_z_number(conn, till_id)
        scope = store.Scope(till_id=till_id, after_seq=previous[2] if previous else 0)
        totals = store.totals(conn, scope)
        report = _report("z", number, date_text, till_id, cashier, totals, ctx.currency)
        entry = record(
            conn, "till_report", f"Z-{till_id}-{date_text}", cashier, "till_report", report
        )
        store.insert_z(conn, till_id, date_text, number, entry.seq)
    log_event(log, logging.INFO, "z report", seq=entry.seq, till_id=till_id, number=number)
    return entry.seq, report
