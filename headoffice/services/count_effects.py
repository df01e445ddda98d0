"""What head office does when a store's stocktake entries arrive in its journal.

A count_session entry opens, submits, sends to a recount, approves or cancels a
session; a count_line is stored with head office's OWN book of its SKU at the
line's journal position beside the book the store said; a count_posting writes
the session's results and closes it (its ADJUSTMENT movements moved the stock
already, through the normal apply path). Like every effect these run inside
apply_batch's transaction, after the whole batch's movements and levels, and
never raise for a business mismatch: the store committed the entry, so it is a
fact; what head office did not expect is recorded on the session and logged.
"""

from __future__ import annotations

import logging
from collections import Counter
from functools import partial

from common import journal_kinds as jk
from common.domain import stocktake as st
from common.errors import InvalidInput, Refused
from common.logs import log_event
from headoffice.domain.counts import (
    S_ORDERED,
    CountSession,
    HoCountLine,
    PostedResult,
    rules_state,
)
from headoffice.domain.documents import (
    CountLineBody,
    CountPostingBody,
    CountSessionBody,
    CountToleranceBody,
    JournalDocument,
)
from headoffice.services import audit
from headoffice.services.effects import effect, store_actor
from headoffice.services.ports import UnitOfWorkPort

log = logging.getLogger(__name__)

# Count lines whose book head office computed differently from the store, per store, since
# this process started (exported as storeledger_count_book_mismatches by api/metrics.py).
# Tallied after the batch commits: a batch rolled back and applied again counts once.
BOOK_MISMATCHES: Counter[str] = Counter()

# The state a store's event leaves its session in, when the rules would not have allowed it.
_IMPLIED = {
    st.SUBMITTED: st.S_SUBMITTED,
    st.RECOUNT: st.S_RECOUNT,
    st.APPROVED: st.S_APPROVING,
    st.CANCELLED: st.S_CANCELLED,
}
_ANOMALY_CHARS = 500


def _tolerance(body: CountToleranceBody) -> st.Tolerance:
    return st.Tolerance(
        body.a_bp, body.b_bp, body.c_bp, body.value_minor, body.second_approval_minor
    )


def _opened(store_code: str, entry: JournalDocument[CountSessionBody]) -> CountSession:
    body = entry.body
    scope = body.scope
    try:
        tolerance = _tolerance(body.tolerance)
    except InvalidInput:
        tolerance = st.Tolerance()
    return CountSession(
        session_id=body.session_id,
        store_code=store_code,
        origin=body.origin or "store",
        state=st.S_OPEN,
        scope=st.Scope(
            scope.kind or st.FULL,
            categories=scope.categories,
            locations=scope.locations,
            abc_classes=scope.abc_classes,
            skus=tuple(sorted(set(scope.skus))),
        ),
        tolerance=tolerance,
        classes={c.sku: c.abc_class for c in body.classes if c.abc_class in ("A", "B")},
        title=body.title[:100],
        blind=body.blind,
        selling_locations=tuple(loc[: st.MAX_LOCATION_CHARS] for loc in body.selling_locations),
        created_by=entry.actor[:128],
        created_at_ms=entry.occurred_at_ms,
        opened_seq=entry.seq,
        opened_at_ms=entry.occurred_at_ms,
    )


def _anomaly(store_code: str, seq: int, session_id: str, what: str) -> str:
    log_event(log, logging.WARNING, "unexpected stocktake entry", store=store_code, seq=seq,
              session_id=session_id, anomaly=what)  # fmt: skip
    return f"entry {seq}: {what}"[:_ANOMALY_CHARS]


@effect(jk.COUNT_SESSION, body=CountSessionBody)
def on_count_session(
    uow: UnitOfWorkPort, store_code: str, entry: JournalDocument[CountSessionBody], now_ms: int
) -> bool:
    """A session opened, was submitted, sent to a recount, approved or cancelled at the store."""
    body = entry.body
    session_id = body.session_id or entry.document_id
    before = uow.counts.get(session_id, lock=True)
    if body.event == st.OPENED:
        opened = _opened(store_code, entry)
        if before is None:
            after = opened
            uow.counts.insert(after)
        elif before.state == S_ORDERED and before.store_code == store_code:
            anomaly = before.anomaly
            if opened.scope.kind != before.scope.kind or (
                opened.scope.skus and opened.scope.skus != before.scope.skus
            ):
                anomaly = _anomaly(store_code, entry.seq, session_id,
                                   "the store opened it with another scope than ordered")  # fmt: skip
            after = opened.with_(
                origin=before.origin,
                created_by=before.created_by,
                created_at_ms=before.created_at_ms,
                title=opened.title or before.title,
                anomaly=anomaly,
            )
            uow.counts.update(after)
        else:
            what = "opened again" if before.store_code == store_code else "another store's session"
            after = before.with_(anomaly=_anomaly(store_code, entry.seq, session_id, what))
            if before.store_code == store_code:
                uow.counts.update(after)
            return False
    else:
        if before is None or before.store_code != store_code:
            _anomaly(store_code, entry.seq, session_id,
                     f"event {body.event} for a session head office does not hold")  # fmt: skip
            return False
        anomaly = before.anomaly
        try:
            state = st.next_state(session_id, before.rules_state, body.event)
        except Refused:
            state = _IMPLIED.get(body.event, before.state)
            anomaly = _anomaly(store_code, entry.seq, session_id,
                               f"event {body.event} while {before.state}")  # fmt: skip
        changes: dict[str, object] = {"state": state, "anomaly": anomaly}
        if body.event == st.SUBMITTED:
            changes.update(submitted_seq=entry.seq, submitted_at_ms=entry.occurred_at_ms)
        elif body.event == st.RECOUNT:
            changes.update(round=body.round, recount_skus=tuple(sorted(set(body.recount_skus))))
        elif body.event == st.APPROVED:
            changes.update(first_approver=body.by[:64])
        after = before.with_(**changes)
        uow.counts.update(after)
    audit.record(uow, store_actor(store_code, entry), f"count.{body.event}"[:32], "count_session",
                 session_id, None if before is None else before.as_dict(), after.as_dict(),
                 now_ms)  # fmt: skip
    return False


@effect(jk.COUNT_LINE, body=CountLineBody)
def on_count_line(
    uow: UnitOfWorkPort, store_code: str, entry: JournalDocument[CountLineBody], now_ms: int
) -> bool:
    """Keep the line with head office's own book of its SKU at the line's position.

    The batch's movements and levels are written already, so the book right after this
    entry is the level now less the SKU's movements after it, whatever came in this batch
    or later ones; a store whose book differs from head office's is flagged and logged."""
    body = entry.body
    book = uow.counts.book_at(store_code, body.sku, entry.seq) if body.sku else 0
    mismatch = bool(body.sku) and book != body.book_qty_base
    uow.counts.insert_line(
        HoCountLine(
            store_code=store_code,
            session_id=body.session_id,
            seq=entry.seq,
            line_id=body.line_id[:64],
            sku=body.sku,
            scanned_code=body.scanned_code[:64],
            location=body.location[:40],
            qty_base=body.qty_base,
            reason=body.reason[:200],
            round=body.round,
            counter=body.counter[:64],
            store_book_qty_base=body.book_qty_base,
            book_qty_base=book,
            book_mismatch=mismatch,
            occurred_at_ms=entry.occurred_at_ms,
        )
    )
    if mismatch:
        uow.after_commit(partial(_book_mismatch_kept, store_code, entry.seq, body.session_id,
                                 body.sku, body.book_qty_base, book))  # fmt: skip
    # The session's row locked as a close or an approval locks it, but only its store and
    # state read: a full count's scope names every SKU of the shop, and a line needs neither
    # it nor the rest of the session unless the line came at a wrong time.
    found = uow.counts.state_of(body.session_id, lock=True)
    if found is None or found[0] != store_code:
        _anomaly(store_code, entry.seq, body.session_id, "a count line for an unknown session")
    elif rules_state(found[1]) not in st.COUNTING_STATES:
        session = uow.counts.get(body.session_id, lock=True)
        assert session is not None  # locked above
        what = f"a count line while {session.state}"
        uow.counts.update(
            session.with_(anomaly=_anomaly(store_code, entry.seq, body.session_id, what))
        )
    return False


def _book_mismatch_kept(
    store_code: str, seq: int, session_id: str, sku: str, store_book: int, book: int
) -> None:
    """After commit: a flagged line is kept, so it is counted and logged, once."""
    BOOK_MISMATCHES[store_code] += 1
    log_event(log, logging.WARNING, "count line book differs from head office's",
              store=store_code, seq=seq, session_id=session_id, sku=sku,
              store_book=store_book, headoffice_book=book)  # fmt: skip


def posting_mismatches(
    session: CountSession,
    lines: list[HoCountLine],
    body: CountPostingBody,
    posted_before: set[str],
    last_part: bool,
) -> list[str]:
    """The SKUs whose posted line differs from what head office's own lines give, and, on
    the last part, those head office counted that no part posted."""
    costs = {ln.sku: ln.unit_cost_minor for ln in body.lines}
    ours = {
        r.sku: r
        for r in st.session_results(
            [ln.counted() for ln in lines], session.classes, session.tolerance,
            lambda sku: costs.get(sku, 0), session.selling_locations,
        )
    }  # fmt: skip
    wrong = []
    for ln in body.lines:
        r = ours.get(ln.sku)
        if r is None or (
            r.book_qty_base, r.counted_qty_base, r.variance_qty_base, r.round, r.moved_qty_base
        ) != (
            ln.book_qty_base, ln.counted_qty_base, ln.variance_qty_base, ln.round, ln.moved_qty_base
        ):  # fmt: skip
            wrong.append(ln.sku)
    if last_part:
        posted = posted_before | {ln.sku for ln in body.lines}
        wrong.extend(sku for sku in sorted(ours) if sku not in posted)
    return wrong


@effect(jk.COUNT_POSTING, body=CountPostingBody)
def on_count_posting(
    uow: UnitOfWorkPort, store_code: str, entry: JournalDocument[CountPostingBody], now_ms: int
) -> bool:
    """The store posted an approved session: keep its results and close it.

    The posted lines are held against head office's own count lines (with the book head
    office computed); a difference is recorded on the session, never refused."""
    body = entry.body
    session_id = body.session_id
    before = uow.counts.get(session_id, lock=True)
    known = {r.sku for r in uow.counts.posted_results(session_id)}
    categories = uow.counts.categories_of(ln.sku for ln in body.lines)
    rows, seen = [], set(known)
    for ln in body.lines:
        if ln.sku in seen:
            continue
        seen.add(ln.sku)
        rows.append(
            PostedResult(
                store_code=store_code,
                session_id=session_id,
                sku=ln.sku,
                category_code=categories.get(ln.sku, "")[:100],
                abc_class=(ln.abc_class or st.DEFAULT_CLASS)[:1],
                book_qty_base=ln.book_qty_base,
                counted_qty_base=ln.counted_qty_base,
                variance_qty_base=ln.variance_qty_base,
                unit_cost_minor=ln.unit_cost_minor,
                value_minor=ln.value_minor,
                within_tolerance=ln.within_tolerance,
                round=ln.round,
                moved_qty_base=ln.moved_qty_base,
                posted_at_ms=entry.occurred_at_ms,
                posted_seq=entry.seq,
            )
        )
    uow.counts.insert_results(rows)
    if before is None or before.store_code != store_code:
        _anomaly(store_code, entry.seq, session_id, "a posting for a session head office does not hold")  # fmt: skip
        return False
    anomaly = before.anomaly
    if len(seen) - len(known) != len(body.lines):
        anomaly = _anomaly(store_code, entry.seq, session_id, "a SKU posted twice")
    if before.rules_state not in (st.S_SUBMITTED, st.S_APPROVING):
        anomaly = _anomaly(store_code, entry.seq, session_id, f"posted while {before.state}")
    lines = uow.counts.lines(session_id)
    last_part = body.parts <= 1 or body.part >= body.parts
    wrong = posting_mismatches(before, lines, body, known, last_part)
    if wrong:
        anomaly = _anomaly(store_code, entry.seq, session_id,
                           "posted lines differ from head office's count: " + ", ".join(wrong[:10]))  # fmt: skip
    after = before.with_(
        state=st.S_POSTED if last_part else before.state,
        approved_by=body.approved_by[:64] or before.first_approver,
        second_approved_by=body.second_approved_by[:64],
        posted_seq=entry.seq,
        posted_at_ms=entry.occurred_at_ms,
        anomaly=anomaly,
    )
    uow.counts.update(after)
    counted: dict[str, set[str]] = {ln.sku: set() for ln in body.lines}
    for x in lines:
        if x.sku in counted:
            counted[x.sku].add(x.counter)
    who = {sku: sorted(names) for sku, names in counted.items()}
    audit.record(uow, store_actor(store_code, entry), "count.post", "count_session", session_id,
                 before.as_dict(), {**after.as_dict(), "counted_by": who}, now_ms)  # fmt: skip
    return False
