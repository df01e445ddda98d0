"""A count session after counting: submit, recount, confirm zero, approve and post, cancel;
and head office's count orders (open, cancel, approve) applied once.

Approval posts the session into the store's own ledger: count_posting entries
(common.domain.stocktake.posting_parts), each with one ADJUSTMENT movement per SKU
whose variance is not zero, valued at the moving-average cost of that moment;
zero-variance SKUs are lines of the posting only. A posted session is immutable.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from common import journal_kinds as jk
from common.clock import now_ms
from common.domain import stocktake as st
from common.errors import InvalidInput, Refused, StoreLedgerError
from common.i18n import _
from common.logs import log_event
from common.text_safety import check_text
from edge_agent.domain.counts import (
    CountOrderIn,
    CountPostingEntry,
    CountSession,
    SessionEvent,
    adjustments,
)
from edge_agent.services.context import StoreContext
from edge_agent.services.counting import (
    CountReport,
    append_line,
    build_report,
    find_session,
    open_session,
)
from edge_agent.services.downstream import apply_once
from edge_agent.store.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

HEAD_OFFICE = "head_office"  # the journal's actor for an order that names nobody


def _event(uow: UnitOfWork, session: CountSession, event: str, actor: str, **fields: Any) -> int:
    body = SessionEvent(session.session_id, event, session.origin, **fields)
    return uow.journal.append(jk.COUNT_SESSION, session.session_id, actor, body).seq


def submit_count(ctx: StoreContext, actor: str, session_id: str) -> CountReport:
    """Submit the counting; SKUs outside tolerance go to a recount by someone else.

    Submitting a session already submitted (or waiting for a recount nobody has started)
    changes nothing and answers the same."""
    with ctx.db.write() as uow:
        session = find_session(uow, ctx.store_code, session_id)
        if session.state in (st.S_SUBMITTED, st.S_APPROVING) or (
            session.state == st.S_RECOUNT and not _counted_in_round(uow, session)
        ):
            return build_report(uow, session, actor)
        session = submit_session(uow, session, actor)
        report = build_report(uow, session, actor)
    log_event(log, logging.INFO, "count session submitted", session_id=session.session_id,
              state=session.state, recount=len(session.recount_skus))  # fmt: skip
    return report


def submit_session(uow: UnitOfWork, session: CountSession, actor: str) -> CountSession:
    """Journal the submission inside the caller's write; SKUs outside tolerance go to a recount."""
    state = st.next_state(session.session_id, session.state, st.SUBMITTED)
    _event(uow, session, st.SUBMITTED, actor, by=actor)
    session = _recount_if_needed(uow, session.with_(state=state), actor)
    uow.counts.save(session)
    return session


def _recount_if_needed(uow: UnitOfWork, session: CountSession, actor: str) -> CountSession:
    """A submitted session with SKUs outside tolerance goes to a recount of them, round+1."""
    again = tuple(st.recount_skus(build_report(uow, session).results))
    if not again:
        return session
    rnd = session.round + 1
    _event(uow, session, st.RECOUNT, actor, recount_skus=again, round=rnd, by=actor)
    state = st.next_state(session.session_id, session.state, st.RECOUNT)
    uow.counts.set_recount(session.session_id, again)
    return session.with_(state=state, round=rnd, recount_skus=again)


def _counted_in_round(uow: UnitOfWork, session: CountSession) -> bool:
    return any(ln.round == session.round for ln in uow.counts.lines(session.session_id))


def confirm_zero(
    ctx: StoreContext,
    manager: str,
    session_id: str,
    skus: Sequence[str] = (),
    all_not_counted: bool = False,
) -> CountReport:
    """A manager's word that SKUs in scope nobody counted are not there: a zero line each
    (reason confirmed_zero), for the SKUs named or every one not counted. Taken while
    counting, and after submitting (the approval lists what nobody counted): then a SKU
    whose zero is outside tolerance goes to a recount by someone else, as at submit."""
    named = [s.strip() for s in skus if s.strip()]
    if bool(named) == all_not_counted:
        raise InvalidInput(_("name the SKUs to confirm as zero (--sku), or --all-not-counted"))
    with ctx.db.write() as uow:
        session = find_session(uow, ctx.store_code, session_id)
        report = build_report(uow, session, manager)
        chosen = report.not_counted if all_not_counted else named
        counted = {r.sku for r in report.results}
        done = [sku for sku in chosen if sku in counted]
        if done:
            raise InvalidInput(
                _("{skus} counted already in count session {session}: nothing to confirm").format(
                    skus=", ".join(done), session=session.session_id
                )
            )
        # After submit the zero lines are taken as while counting (the SKUs have none yet).
        taking = session.with_(state=st.S_OPEN) if session.state == st.S_SUBMITTED else session
        for sku in chosen:
            append_line(uow, ctx.store_code, taking, sku, 0, manager, reason=st.CONFIRMED_ZERO)
        if chosen and session.state == st.S_SUBMITTED:
            session = _recount_if_needed(uow, session, manager)
            uow.counts.save(session)
        report = build_report(uow, session, manager)
    return report


def approve_count(
    ctx: StoreContext, approver: str, session_id: str, second_by: str = ""
) -> CountReport:
    """Approve a submitted session: the first of two approvals above the value threshold,
    else post it. Refused with recounts outstanding, SKUs not counted, or by a counter of
    a SKU with a variance (common.domain.stocktake.check_approval)."""
    with ctx.db.write() as uow:
        session = _approve(uow, ctx.store_code, session_id, approver, second_by)
        report = build_report(uow, session, approver)
    log_event(log, logging.INFO, "count session approved", session_id=session.session_id,
              state=session.state, by=approver)  # fmt: skip
    return report


def _approve(
    uow: UnitOfWork, store_code: str, session_id: str, approver: str, second_by: str
) -> CountSession:
    session = find_session(uow, store_code, session_id)
    report = build_report(uow, session)
    found, uncounted = report.results, report.not_counted
    if session.origin == st.HANDOVER:
        check_not_superseded(uow, session)
    first = session.first_approver
    if first and second_by and approver == first:
        # Head office's second approval of a count the store approved first: its order names
        # the store's approver (`by`) and head office's (`second_by`), who approves now.
        approver = second_by
    st.check_approval(session.session_id, session.state, found, uncounted, approver, first)
    if not first and second_by:
        st.check_approval(session.session_id, session.state, found, uncounted, second_by, approver)
        first, approver = approver, second_by
    if report.needs_second_approval and not first:
        _event(uow, session, st.APPROVED, approver, by=approver)
        state = st.next_state(session.session_id, session.state, st.APPROVED)
        session = session.with_(state=state, first_approver=approver)
        uow.counts.save(session)
        return session
    approved_by, second = (first, approver) if first else (approver, "")
    parts = st.posting_parts(found)
    seq = 0
    for n, part in enumerate(parts, start=1):
        lines = tuple(part)
        body = CountPostingEntry(session.session_id, lines, approved_by, second, n, len(parts))
        seq = uow.journal.append(
            jk.COUNT_POSTING, session.session_id, approver, body, adjustments(lines)
        ).seq
    session = session.with_(
        state=st.S_POSTED, approved_by=approved_by, second_approved_by=second, closed_seq=seq
    )
    uow.counts.save(session)
    return session


def check_not_superseded(uow: UnitOfWork, session: CountSession) -> None:
    """A handover's spot count opens beside a count in progress (docs/till.md), so it posts
    only when no session sharing its SKUs posted after it was counted (its book would be
    stale) and no other count of them is in progress (that one would be): a SKU's variance
    is never posted twice. Another handover's spot count still open does not stop it."""
    for other in uow.counts.select(""):
        if other.session_id == session.session_id or other.state == st.S_CANCELLED:
            continue
        if other.state == st.S_POSTED and other.closed_seq < session.opened_seq:
            continue
        if other.state != st.S_POSTED and other.origin == st.HANDOVER:
            continue
        shared = session.scope.overlap(other.scope)
        if shared is None or shared:
            raise Refused(
                _(
                    "handover count {session} shares SKUs with count session {other}, which"
                    " posts them: cancel the handover count, or approve it once {other} is"
                    " cancelled"
                ).format(session=session.session_id, other=other.session_id)  # fmt: skip
            )


def cancel_count(ctx: StoreContext, actor: str, session_id: str, note: str = "") -> CountSession:
    """Cancel a session that is not posted; its lines stay in the journal, nothing moves."""
    note = check_text(_("the note"), note.strip(), st.MAX_REASON_CHARS)
    with ctx.db.write() as uow:
        session = _cancel(uow, ctx.store_code, session_id, actor, note)
    log_event(log, logging.INFO, "count session cancelled", session_id=session.session_id)
    return session


def _cancel(
    uow: UnitOfWork, store_code: str, session_id: str, actor: str, note: str
) -> CountSession:
    session = find_session(uow, store_code, session_id)
    state = st.next_state(session.session_id, session.state, st.CANCELLED)
    seq = _event(uow, session, st.CANCELLED, actor, note=note, by=actor)
    session = session.with_(state=state, note=note or session.note, closed_seq=seq)
    uow.counts.save(session)
    return session


# -- head office's orders --------------------------------------------------------------------
def apply_count_order(ctx: StoreContext, order: CountOrderIn, cursor: int) -> bool:
    """Open, cancel or approve a session as head office says, once. A downstream event never
    wedges the stream: an order the store cannot follow is logged and leaves things as
    they are (an open that overlaps a session at the store is journalled as opened, then
    cancelled with a note naming the overlap)."""

    def work(uow: UnitOfWork) -> None:
        actor = order.by or HEAD_OFFICE
        try:
            if order.action == "open":
                _open_ordered(uow, order, actor)
            elif order.action == "cancel":
                if uow.counts.get(order.session_id) is not None:
                    _cancel(uow, ctx.store_code, order.session_id, actor, order.note)
            elif order.action == "approve":
                _approve(uow, ctx.store_code, order.session_id, actor, order.second_by)
            else:
                log_event(log, logging.WARNING, "count order with an unknown action",
                          session_id=order.session_id, action=order.action)  # fmt: skip
        except StoreLedgerError as refused:
            # Before anything was written (each step raises before it journals): the store
            # keeps the session as it is; head office sees its state in the journal.
            log_event(
                log, logging.WARNING, "count order not applied",
                session_id=order.session_id, action=order.action, why=str(refused),
            )  # fmt: skip

    applied = apply_once(ctx, cursor, work)
    if applied:
        log_event(log, logging.INFO, "count order applied", session_id=order.session_id,
                  action=order.action)  # fmt: skip
    return applied


def _open_ordered(uow: UnitOfWork, order: CountOrderIn, actor: str) -> None:
    if uow.counts.get(order.session_id) is not None:
        return  # opened before (a replay that outran the cursor)
    scope = order.scope or st.Scope(st.FULL)
    tolerance = order.tolerance or st.Tolerance()
    others = [
        (s.session_id, s.scope) for s in uow.counts.open_sessions() if st.holds_its_skus(s.origin)
    ]
    overlap = ""
    try:
        st.check_no_overlap(scope, others)
    except StoreLedgerError as refused:
        overlap = str(refused)
    session = open_session(
        uow, order.session_id, "head_office", scope, tolerance, dict(order.classes),
        order.title, order.blind, actor, now_ms(), check_overlap=False,
        selling_locations=order.selling_locations,
    )  # fmt: skip
    if overlap:
        _cancel(uow, "", session.session_id, actor, overlap)


def apply_count_policy(ctx: StoreContext, tolerance: st.Tolerance, cursor: int) -> bool:
    """The chain's tolerance from head office: the store's own sessions open with it from
    now on (sessions already open keep theirs)."""
    applied = apply_once(ctx, cursor, lambda uow: uow.counts.set_tolerance(tolerance))
    if applied:
        log_event(log, logging.INFO, "count tolerance set by head office", a_bp=tolerance.a_bp,
                  b_bp=tolerance.b_bp, c_bp=tolerance.c_bp, value_minor=tolerance.value_minor,
                  second_approval_minor=tolerance.second_approval_minor)  # fmt: skip
    return applied
