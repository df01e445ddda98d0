"""A rebuilt ledger's count sessions and key items, from the count and key_items entries of
head office's journal.

`edge-agent init --from-headoffice` writes the store's journal as head office holds it;
the count sessions, their SKUs and count lines are kept beside the journal in tables
of their own (store/counts.py), which the journal's count entries (count_session,
count_line, count_posting) fill here, in the same transaction, as the services did
when the store wrote them. Without them a session open when the store was lost came
back as nothing: its lines were not shown, and the head-office count order replayed
down the store's stream opened it a second time. Head office's sessions still
`ordered` (never opened at the store) reach the rebuilt store as their count order,
replayed with the rest of its downstream feed.
"""

from __future__ import annotations

from collections.abc import Iterable

from common import journal_kinds as jk
from common.domain import stocktake as st
from common.errors import Refused
from common.pb.storeledger.v1 import ledger_pb2
from edge_agent.domain.counts import CountSession
from edge_agent.store.journal_codec.counts import counted_line_of, scope_of, tolerance_of
from edge_agent.store.journal_codec.entries import decode_entry
from edge_agent.store.unit_of_work import UnitOfWork

COUNT_KINDS = frozenset({jk.COUNT_SESSION.name, jk.COUNT_LINE.name, jk.COUNT_POSTING.name})

# The state a session is in after an event the rules would not have taken from where it
# was (the store's journal is the fact: it is kept, not refused).
_IMPLIED = {
    st.SUBMITTED: st.S_SUBMITTED,
    st.RECOUNT: st.S_RECOUNT,
    st.APPROVED: st.S_APPROVING,
    st.CANCELLED: st.S_CANCELLED,
}


def restore_counts(uow: UnitOfWork, payloads: Iterable[tuple[str, bytes]]) -> int:
    """Keep the count sessions and lines of the journal entries (document type, payload) in
    journal order; the number of sessions kept."""
    sessions: dict[str, CountSession] = {}
    for document_type, payload in payloads:
        if document_type not in COUNT_KINDS:
            continue
        entry = decode_entry(payload)
        if document_type == jk.COUNT_LINE.name:
            line = entry.count_line
            uow.counts.add_line(line.session_id, counted_line_of(line, entry.seq))
            continue
        if document_type == jk.COUNT_SESSION.name and entry.count_session.event == st.OPENED:
            session = _opened(entry)
            uow.counts.save(session)
            uow.counts.set_skus(session.session_id, session.scope.skus, dict(session.classes))
            sessions[session.session_id] = session
            continue
        else:
            session_id = (
                entry.count_session.session_id
                if document_type == jk.COUNT_SESSION.name
                else entry.count_posting.session_id
            )
            before = sessions.get(session_id) or uow.counts.get(session_id)
            if before is None:
                continue  # an event of a session whose opening is not in the journal
            session = (
                _posted(before, entry)
                if document_type == jk.COUNT_POSTING.name
                else _after_event(uow, before, entry)
            )
        sessions[session.session_id] = session
        uow.counts.save(session)
    return len(sessions)


def _opened(entry: ledger_pb2.JournalEntry) -> CountSession:
    body = entry.count_session
    return CountSession(
        session_id=body.session_id,
        origin=body.origin or "store",
        state=st.S_OPEN,
        scope=scope_of(body.scope),
        tolerance=tolerance_of(body.tolerance),
        classes={c.sku: c.abc_class for c in body.classes},
        selling_locations=tuple(body.selling_locations),
        title=body.title,
        blind=body.blind,
        created_by=body.by or entry.actor,
        created_at_ms=entry.occurred_at_ms,
        opened_seq=entry.seq,
    )


def _after_event(
    uow: UnitOfWork, session: CountSession, entry: ledger_pb2.JournalEntry
) -> CountSession:
    body = entry.count_session
    try:
        state = st.next_state(session.session_id, session.state, body.event)
    except Refused:
        state = _IMPLIED.get(body.event, session.state)
    if body.event == st.RECOUNT:
        again = tuple(body.recount_skus)
        uow.counts.set_recount(session.session_id, again)
        return session.with_(state=state, round=body.round, recount_skus=again)
    if body.event == st.APPROVED:
        return session.with_(state=state, first_approver=body.by)
    if body.event == st.CANCELLED:
        return session.with_(state=state, note=body.note or session.note, closed_seq=entry.seq)
    return session.with_(state=state)


def _posted(session: CountSession, entry: ledger_pb2.JournalEntry) -> CountSession:
    body = entry.count_posting
    return session.with_(
        state=st.S_POSTED,
        approved_by=body.approved_by,
        second_approved_by=body.second_approved_by,
        closed_seq=entry.seq,
    )


def restore_key_items(uow: UnitOfWork, payloads: Iterable[tuple[str, bytes]]) -> bool:
    """The store's key items as its last key_items entry set them, and the last head-office
    order it had applied (so the feed replayed from the start does not apply an older one
    again); False when the journal holds none (the list stays empty, never set)."""
    last = None
    for document_type, payload in payloads:
        if document_type == jk.KEY_ITEMS.name:
            last = payload
    if last is None:
        return False
    entry = decode_entry(last)
    body = entry.key_items
    uow.counts.set_key_items(tuple(body.skus), body.by or entry.actor, entry.occurred_at_ms)
    uow.counts.set_key_items_order_cursor(body.order_cursor)
    return True
