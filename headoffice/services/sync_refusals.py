"""A refused store batch, recorded where sync status, metrics and alerts read it.

apply_batch refuses a batch whole and its transaction rolls back, so nothing
of the refusal would remain: the store would look connected and caught up
while its journal never moves (issue 12, failure 1). record_refusal writes the
refusal into the store's sync row in a small transaction of its own, after
the refused one: since when head office has refused the store (the first
refusal of the current run), the refused entry, the reason code and the
sentence, and what the batch says about the store's backlog (its newest entry
and when the oldest one head office has not committed was written), so the lag
keeps growing. The next batch that applies clears the record
(services.sync.apply_batch, in its own transaction). A hello refused because
the store's ledger ends before what head office committed (a re-initialised
or restored ledger) is recorded the same way, and ends at the next hello head
office accepts.

The sentence is kept as said, in head office's own language (a store's
stream asks for none): it is the reason a person reads, while the code is
what scripts, metrics and alerts match.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from common.domain.limits import MAX_NOTE_CHARS, MAX_SEQUENCE
from headoffice.domain.errors import (
    InvalidEntry,
    LedgerInstanceRefused,
    SequenceGap,
    StoreLedgerBehind,
    UnknownStore,
)
from headoffice.domain.ledger import EntryLike
from headoffice.domain.stores import Refusal
from headoffice.services.ports import UnitOfWorkPort

MAX_REASON_CODE = 32  # store_sync.refused_reason

# The errors that refuse a batch (answered BatchRefused; the stream stays open).
BatchRefusal = SequenceGap | InvalidEntry
# What is recorded as a refusal: a refused batch, or a hello refused for the store's ledger
# (behind head office, or another ledger instance than the store's).
Refused = BatchRefusal | StoreLedgerBehind | LedgerInstanceRefused
# Refusals of a hello rather than of a batch: the next hello head office accepts ends them
# (the store may have nothing to send that would clear them).
REFUSED_AT_HELLO = frozenset({StoreLedgerBehind.code, LedgerInstanceRefused.code})

# What clears a store's refusal record (apply_batch writes it with the batch's update).
NOT_REFUSED: dict[str, Any] = {
    "refused_since_ms": 0,
    "refused_seq": 0,
    "refused_reason": "",
    "refused_message": "",
}


def refusal_of(exc: Refused) -> Refusal:
    """The refusal as it is recorded and counted: entry, reason code, sentence."""
    return Refusal(
        seq=min(max(exc.seq, 0), MAX_SEQUENCE),
        reason=exc.code[:MAX_REASON_CODE],
        message=str(exc)[:MAX_NOTE_CHARS],
    )


def record_refusal(
    uow: UnitOfWorkPort,
    store_code: str,
    refusal: Refusal,
    entries: Sequence[EntryLike],
    now_ms: int,
) -> bool:
    """Record that head office refused the store's batch; True when this starts a run.

    A run of refusals keeps the time of its first; the entry, reason and
    sentence are the latest. The store spoke just now (last contact), and the
    batch proves it has entries up to its last one, none committed here, so
    the oldest uncommitted entry was written no later than the batch's oldest
    new one (the store's next heartbeat says exactly when).
    """
    with uow:
        sync = uow.stores.lock_sync_row(store_code)
        if sync is None:
            raise UnknownStore(store_code)
        newest = min(max((e.seq for e in entries), default=0), MAX_SEQUENCE)
        values: dict[str, Any] = {
            "refused_since_ms": sync.refused_since_ms or now_ms,
            "refused_seq": refusal.seq,
            "refused_reason": refusal.reason,
            "refused_message": refusal.message,
            "store_newest_seq": max(sync.store_newest_seq, sync.committed_seq, newest),
            "last_contact_ms": now_ms,
        }
        oldest = oldest_written_at(entries, sync.committed_seq, now_ms)
        if sync.oldest_uncommitted_at_ms > 0:
            oldest = min(oldest, sync.oldest_uncommitted_at_ms)
        values["oldest_uncommitted_at_ms"] = oldest
        uow.stores.update_sync(store_code, **values)
        uow.commit()
        return not sync.refused


def oldest_written_at(entries: Sequence[EntryLike], committed_seq: int, now_ms: int) -> int:
    """When the oldest entry of `entries` after committed_seq was written, or now.

    A time that is not in the past (a store's wrong clock, a crafted entry) is
    not believed: the lag then counts from now, never from the future.
    """
    times = [e.occurred_at_ms for e in entries if e.seq > committed_seq]
    return believable_past(min(times, default=0), now_ms)


def believable_past(at_ms: int, now_ms: int) -> int:
    """`at_ms` when it is a moment in the past, otherwise now."""
    return at_ms if 0 < at_ms <= now_ms else now_ms
