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
from edge_agent.domain.counts import (
    CountLineEntry,
    CountPostingEntry,
    CountSession,
    KeyItemsEntry,
    SessionEvent,
)
from edge_agent.domain.journal import JournalEntry
from edge_agent.store.journal_codec.entries import count_entry_of
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
        entry = count_entry_of(payload)
        body = entry.body
        if isinstance(body, CountLineEntry):
            uow.counts.add_line(body.session_id, body.line)
            continue
        if isinstance(body, SessionEvent) and body.event == st.OPENED:
            session = _opened(entry, body)
            uow.counts.save(session)
            uow.counts.set_skus(session.session_id, session.scope.skus, dict(session.classes))
            sessions[session.session_id] = session
            continue
        assert isinstance(body, SessionEvent | CountPostingEntry)
        before = sessions.get(body.session_id) or uow.counts.get(body.session_id)
        if before is None:
            continue  # an event of a session whose opening is not in the journal
        session = (
            _posted(before, entry.seq, body)
            if isinstance(body, CountPostingEntry)
            else _after_event(uow, before, entry.seq, body)
        )
        sessions[session.session_id] = session
        uow.counts.save(session)
    return len(sessions)


def _opened(entry: JournalEntry, body: SessionEvent) -> CountSession:
    return CountSession(
        session_id=body.session_id,
        origin=body.origin or "store",
        state=st.S_OPEN,
        scope=body.scope or st.Scope(""),  # an opening without a scope covers nothing
        tolerance=body.tolerance or st.Tolerance(),
        classes=dict(body.classes),
        selling_locations=body.selling_locations,
        title=body.title,
        blind=body.blind,
        created_by=body.by or entry.actor,
        created_at_ms=entry.occurred_at_ms,
        opened_seq=entry.seq,
    )


def _after_event(
    uow: UnitOfWork, session: CountSession, seq: int, body: SessionEvent
) -> CountSession:
    try:
        state = st.next_state(session.session_id, session.state, body.event)
    except Refused:
        state = _IMPLIED.get(body.event, session.state)
    if body.event == st.RECOUNT:
        uow.counts.set_recount(session.session_id, body.recount_skus)
        return session.with_(state=state, round=body.round, recount_skus=body.recount_skus)
    if body.event == st.APPROVED:
        return session.with_(state=state, first_approver=body.by)
    if body.event == st.CANCELLED:
        return session.with_(state=state, note=body.note or session.note, closed_seq=seq)
    return session.with_(state=state)


def _posted(session: CountSession, seq: int, body: CountPostingEntry) -> CountSession:
    return session.with_(
        state=st.S_POSTED,
        approved_by=body.approved_by,
        second_approved_by=body.second_approved_by,
        closed_seq=seq,
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
    entry = count_entry_of(last)
    body = entry.body
    assert isinstance(body, KeyItemsEntry)
    uow.counts.set_key_items(body.skus, body.by or entry.actor, entry.occurred_at_ms)
    uow.counts.set_key_items_order_cursor(body.order_cursor)
    return True
