"""What a disabled store may still deliver, and what is stranded (issue 12, failure 11).

Disabling a store stops its new business, not its past: the entries its agent
wrote before head office disabled it (by their own time, occurred_at_ms) are
still taken, so its backlog is not stranded. Its stream opens only while its
oldest uncommitted entry was written before it was disabled, takes each batch's
entries up to the first one written after, and ends there. What it wrote after
is stranded at the store, and verify says exactly which entries those are. A
store that must not send anything more has its certificate revoked instead
(`hoctl store cert revoke`), which refuses every call at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from headoffice.domain.errors import StoreDisabled
from headoffice.domain.ledger import EntryLike

E = TypeVar("E", bound=EntryLike)


def may_deliver(disabled_at_ms: int, oldest_uncommitted_at_ms: int) -> bool:
    """Whether a disabled store still has entries written before it was disabled to deliver."""
    return disabled_at_ms > 0 and 0 < oldest_uncommitted_at_ms <= disabled_at_ms


def written_before(entries: Sequence[E], disabled_at_ms: int) -> int:
    """How many of the batch's first entries were written before the store was disabled."""
    for index, entry in enumerate(entries):
        if entry.occurred_at_ms > disabled_at_ms:
            return index
    return len(entries)


def check_delivered_before(store_code: str, disabled_at_ms: int, entries: Sequence[E]) -> None:
    """StoreDisabled unless every entry was written before the store was disabled."""
    if disabled_at_ms <= 0 or written_before(entries, disabled_at_ms) < len(entries):
        raise StoreDisabled(store_code)


@dataclass(frozen=True, slots=True)
class Stranded:
    """The entries a disabled store reported that head office will not take."""

    first_seq: int
    last_seq: int

    @property
    def count(self) -> int:
        return max(self.last_seq - self.first_seq + 1, 0)


def stranded(committed_seq: int, store_newest_seq: int) -> Stranded:
    """Entries after head office's last committed one, up to the store's newest reported."""
    return Stranded(committed_seq + 1, max(store_newest_seq, committed_seq))
