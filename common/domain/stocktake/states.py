"""Session states: the state after each event, or a sentence why not."""

from __future__ import annotations

from common.domain.stocktake.vocabulary import (
    APPROVED,
    CANCELLED,
    OPENED,
    RECOUNT,
    S_APPROVING,
    S_CANCELLED,
    S_OPEN,
    S_RECOUNT,
    S_SUBMITTED,
    SUBMITTED,
    state_words,
)
from common.errors import Refused
from common.i18n import N_, _

_NEXT = {
    (S_OPEN, SUBMITTED): S_SUBMITTED,
    (S_RECOUNT, SUBMITTED): S_SUBMITTED,
    (S_SUBMITTED, RECOUNT): S_RECOUNT,
    (S_SUBMITTED, APPROVED): S_APPROVING,
    (S_OPEN, CANCELLED): S_CANCELLED,
    (S_SUBMITTED, CANCELLED): S_CANCELLED,
    (S_RECOUNT, CANCELLED): S_CANCELLED,
    (S_APPROVING, CANCELLED): S_CANCELLED,
}


def next_state(session_id: str, state: str, event: str) -> str:
    """The state after `event`, or a sentence why the session cannot take it now."""
    if event == OPENED:
        raise Refused(_("count session {session} exists already").format(session=session_id))
    after = _NEXT.get((state, event))
    if after is None:
        raise Refused(
            _("count session {session} is {state}: it cannot be {event} now").format(
                session=session_id,
                state=state_words(state),
                event=_event_words(event),
            )
        )
    return after


_EVENT_WORDS = {
    SUBMITTED: N_("submitted"),
    RECOUNT: N_("sent to a recount"),
    APPROVED: N_("approved"),
    CANCELLED: N_("cancelled"),
}


def _event_words(event: str) -> str:
    return _(_EVENT_WORDS[event]) if event in _EVENT_WORDS else event
