"""A till's shift: open with a float, cash in/out, blind close, handover; X and Z reports.

Each state change is one transaction with its journal entry (ShiftEvent or
TillReport body). An X report is read-only and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from common import journal_kinds as jk
from common.clock import now_ms
from common.domain.limits import check_cash
from common.domain.typed_text import clean_note
from common.i18n import _, display_amount
from common.ids import new_document_id
from common.logs import log_event
from edge_agent.domain.errors import ShiftState, ZReportAlreadyRun
from edge_agent.domain.idempotency import keyed
from edge_agent.domain.reports import (
    TillReport,
    business_date,
    close_text,
    day_bounds_ms,
    till_report,
)
from edge_agent.domain.shift import (
    Shift,
    ShiftEvent,
    cash_out_details,
    check_cash_movement,
    check_float,
    count_cash,
    over_short,
)
from edge_agent.services.approving import use_approval
from edge_agent.services.context import StoreContext
from edge_agent.services.handover_counts import (
    check_spot_counts,
    spot_count,
    spot_count_text,
)
from edge_agent.services.keys import remember, replayed
from edge_agent.store.shifts import Scope
from edge_agent.store.unit_of_work import UnitOfWork

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
    event: ShiftEvent
    report_text: str
    next_shift: ShiftView | None


def require_shift_cashier(shift: Shift, cashier: str) -> None:
    """Only the cashier on a till's open shift works its drawer (a handover passes it on)."""
    if cashier and cashier != shift.cashier:
        raise ShiftState(
            _(
                "till {till}'s open shift belongs to {owner}, not {cashier}; {owner} hands the "
                "till over (pos shift handover) before {cashier} uses it"
            ).format(till=shift.till_id, owner=shift.cashier, cashier=cashier)
        )


def joined_shift_id(
    uow: UnitOfWork, till_id: str, cashier: str, required: bool, no_shift: str
) -> str:
    """The open shift of the till a document joins, "" when there is none and none is
    required ([till] require_open_shift); refused with the sentence `no_shift` when one is
    required, and when the open shift is another cashier's."""
    shift = uow.shifts.open_shift_of(till_id)
    if shift is None:
        if required:
            raise ShiftState(no_shift)
        return ""
    require_shift_cashier(shift, cashier)
    return shift.shift_id


def _require_open(uow: UnitOfWork, till_id: str) -> Shift:
    shift = uow.shifts.open_shift_of(till_id)
    if shift is None:
        raise ShiftState(
            _("till {till} has no open shift; open one with a float first").format(till=till_id)
        )
    return shift


def _view(uow: UnitOfWork, shift: Shift | None, till_id: str) -> ShiftView:
    if shift is None:
        return ShiftView("", till_id, "", False, 0, 0, 0)
    return ShiftView(
        shift.shift_id,
        shift.till_id,
        shift.cashier,
        shift.closed_at_ms is None,
        shift.opened_at_ms,
        shift.float_minor,
        uow.shifts.sales_count(shift.shift_id),
    )


def _open(uow: UnitOfWork, till_id: str, cashier: str, float_minor: int) -> Shift:
    if not cashier.strip():
        raise ShiftState(_("a shift at till {till} needs the cashier's name").format(till=till_id))
    existing = uow.shifts.open_shift_of(till_id)
    if existing is not None:
        raise ShiftState(
            _(
                "till {till} already has a shift open for {cashier}; close it or hand it over first"
            ).format(till=till_id, cashier=existing.cashier)
        )
    return Shift(new_document_id(), till_id, cashier, float_minor, now_ms(), None)


def open_shift(ctx: StoreContext, till_id: str, cashier: str, float_minor: int) -> ShiftView:
    check_float(float_minor)
    with ctx.db.write() as uow:
        shift = _open(uow, till_id, cashier, float_minor)
        event = ShiftEvent(shift.shift_id, till_id, cashier, "open", float_minor)
        entry = uow.journal.append(jk.SHIFT_EVENT, shift.shift_id, cashier, event)
        uow.shifts.insert_shift(shift, entry.seq)
        uow.shifts.insert_event(
            entry.seq, shift.shift_id, till_id, "open", float_minor, entry.occurred_at_ms
        )
        view = _view(uow, shift, till_id)
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
    idempotency_key: str = "",
) -> ShiftView:
    """Put cash in or take it out of a till's drawer, with its reason (typed text: card data
    refused or reduced). A retry with its idempotency key and the same content books
    nothing again; the key with other content is refused."""
    check_cash_movement(direction, amount_minor, reason)
    reason = clean_note(_("the reason of a cash in or out"), reason)
    kind = "cash_in" if direction == "in" else "cash_out"
    request = keyed("cash_movement", idempotency_key, (till_id, direction, amount_minor, reason))
    with ctx.db.write() as uow:
        if replayed(uow, request) is not None:
            return _view(uow, uow.shifts.open_shift_of(till_id), till_id)
        shift = _require_open(uow, till_id)
        require_shift_cashier(shift, cashier)
        if kind == "cash_out":
            totals = uow.shifts.totals(Scope(shift_id=shift.shift_id), shift.float_minor)
            if amount_minor > totals.expected_cash_minor:
                raise ShiftState(
                    _(
                        "cash out {amount} is more than the {expected} the drawer of till {till} "
                        "should hold"
                    ).format(
                        amount=display_amount(amount_minor, ctx.currency),
                        expected=display_amount(totals.expected_cash_minor, ctx.currency),
                        till=till_id,
                    )
                )
        event = ShiftEvent(
            shift_id=shift.shift_id,
            till_id=till_id,
            cashier=cashier,
            kind=kind,
            amount_minor=amount_minor,
            reason=reason,
            approval_id=approval_id,
        )
        entry = uow.journal.append(jk.SHIFT_EVENT, new_document_id(), cashier, event)
        if kind == "cash_out":
            use_approval(
                uow,
                ctx,
                "cash_out",
                cash_out_details(amount_minor),
                approval_id,
                till_id,
                entry.seq,
            )
        uow.shifts.insert_event(
            entry.seq, shift.shift_id, till_id, kind, amount_minor, entry.occurred_at_ms
        )
        remember(uow, request, entry.seq)
        return _view(uow, shift, till_id)


def get_shift(ctx: StoreContext, till_id: str) -> ShiftView:
    with ctx.db.read() as uow:
        return _view(uow, uow.shifts.open_shift_of(till_id), till_id)


def _close(
    ctx: StoreContext,
    till_id: str,
    cashier: str,
    counted: list[tuple[int, int]],
    next_cashier: str = "",
    spot: Sequence[tuple[str, object]] = (),
) -> ShiftClosed:
    counted_minor = count_cash(counted, ctx.policy.denominations, ctx.currency)
    kind = "handover" if next_cashier else "close"
    if next_cashier:  # the count becomes the next shift's float, under the float's limit
        check_cash(_("the float handed over"), counted_minor)
    with ctx.db.write() as uow:
        shift = _require_open(uow, till_id)
        totals = uow.shifts.totals(Scope(shift_id=shift.shift_id), shift.float_minor)
        expected = totals.expected_cash_minor
        next_shift = None
        spotted = None
        if next_cashier:
            next_shift = Shift(new_document_id(), till_id, next_cashier, counted_minor, now_ms())
            items = uow.counts.key_items()
            counts = check_spot_counts(till_id, next_cashier, items, spot)
            spotted = spot_count(uow, ctx, till_id, shift.cashier, next_cashier, counts)
        event = ShiftEvent(
            shift_id=shift.shift_id,
            till_id=till_id,
            cashier=cashier or shift.cashier,
            kind=kind,
            amount_minor=counted_minor if next_cashier else 0,
            counted=tuple(counted),
            counted_minor=counted_minor,
            expected_cash_minor=expected,
            over_short_minor=over_short(counted_minor, expected),
            next_cashier=next_cashier,
            next_shift_id=next_shift.shift_id if next_shift else "",
            spot_count_session_id=spotted.session_id if spotted else "",
            spot_count_outside=spotted.outside if spotted else (),
        )
        entry = uow.journal.append(jk.SHIFT_EVENT, new_document_id(), event.cashier, event)
        uow.shifts.close_shift(
            shift.shift_id, entry.seq, entry.occurred_at_ms, counted_minor, expected
        )
        uow.shifts.insert_event(
            entry.seq, shift.shift_id, till_id, kind, counted_minor, entry.occurred_at_ms
        )
        view = None
        if next_shift is not None:
            uow.shifts.insert_shift(next_shift, entry.seq)
            view = _view(uow, next_shift, till_id)
    text = close_text(
        kind,
        till_id,
        event.cashier,
        counted,
        counted_minor,
        expected,
        ctx.currency,
        next_cashier,
    ) + spot_count_text(spotted)
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
    spot: Sequence[tuple[str, object]] = (),
) -> ShiftClosed:
    """Pass the drawer to the next cashier; while the store has key items, only with the
    next cashier's spot count of each (`spot`: (SKU, counted) pairs)."""
    if not next_cashier.strip():
        raise ShiftState(
            _("a handover at till {till} needs the next cashier's name").format(till=till_id)
        )
    return _close(ctx, till_id, cashier, counted, next_cashier.strip(), spot)


def x_report(ctx: StoreContext, till_id: str, cashier: str) -> TillReport:
    """The current shift's totals so far; writes nothing."""
    with ctx.db.read() as uow:
        shift = _require_open(uow, till_id)
        totals = uow.shifts.totals(Scope(shift_id=shift.shift_id), shift.float_minor)
    today = business_date(now_ms(), ctx.policy.time_zone)
    return till_report("x", 0, today, till_id, cashier or shift.cashier, totals, ctx.currency)


def z_report(
    ctx: StoreContext, till_id: str, cashier: str, date_text: str = ""
) -> tuple[int, TillReport]:
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
            _("a Z report for {date} cannot be run on {today}: that day has not come yet").format(
                date=date_text, today=today
            )
        )
    with ctx.db.write() as uow:
        still_open = uow.shifts.open_shift_of(till_id)
        if still_open is not None:
            raise ShiftState(
                _(
                    "till {till} still has {cashier}'s shift open; close it with a blind count "
                    "first, then run the Z report for the day"
                ).format(till=till_id, cashier=still_open.cashier)
            )
        already = uow.shifts.z_number(till_id, date_text)
        if already is not None:
            raise ZReportAlreadyRun(
                _(
                    "Z report No. {number} has already been run for till {till} on {date}; a day "
                    "has one Z report"
                ).format(number=already, till=till_id, date=date_text)
            )
        previous = uow.shifts.last_z(till_id)
        if previous is not None and date_text < previous[1]:
            raise ShiftState(
                _(
                    "Z report No. {number} for {latest} is till {till}'s latest; a Z for the "
                    "earlier day {date} can no longer be run"
                ).format(number=previous[0], latest=previous[1], till=till_id, date=date_text)
            )
        number = uow.shifts.next_z_number(till_id)
        scope = Scope(till_id=till_id, after_seq=previous[2] if previous else 0)
        totals = uow.shifts.totals(scope)
        report = till_report("z", number, date_text, till_id, cashier, totals, ctx.currency)
        entry = uow.journal.append(jk.TILL_REPORT, f"Z-{till_id}-{date_text}", cashier, report)
        uow.shifts.insert_z(till_id, date_text, number, entry.seq)
    log_event(log, logging.INFO, "z report", seq=entry.seq, till_id=till_id, number=number)
    return entry.seq, report
