"""Which journal entries of a batch head office applies (DESIGN invariant 3).

A store numbers its journal gap-free. Head office applies entries in sequence
order, each exactly once: an entry at or below the last committed sequence is
a replay, acknowledged and ignored when it is the same entry (a resend after a
lost acknowledgement) and refusing the whole batch with ConflictingEntry when
it is not (two agents writing one store's journal); the first new entry must
be exactly last + 1 and every later new one must continue it, otherwise the
whole batch is refused with SequenceGap naming the sequence head office needs next.

The rules read entries and movements through the small protocols below, so
head office applies them to the decoded protobuf messages as they arrive
(no copy into domain objects on the hot path) and tests to plain `Entry`s.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from headoffice.domain.errors import ConflictingEntry, InvalidEntry, SequenceGap

# Movement reasons by their number in storeledger.v1.MovementReason (the contract).
REASONS: dict[int, str] = {
    1: "sale",
    2: "return",
    3: "receipt",
    4: "transfer_out",
    5: "transfer_in",
    6: "adjustment",
    7: "write_off",
    8: "redemption",
    9: "channel_fulfilment",
    10: "supplier_return",
}


class MovementLike(Protocol):
    """What the rules read of a movement. An unset cost may read as None or 0 (protobuf)."""

    @property
    def sku(self) -> str: ...
    @property
    def qty_base(self) -> int: ...
    @property
    def reason(self) -> int: ...
    @property
    def unit_cost_minor(self) -> int | None: ...


class EntryLike(Protocol):
    @property
    def seq(self) -> int: ...
    @property
    def movements(self) -> Sequence[MovementLike]: ...


E = TypeVar("E", bound=EntryLike)


@dataclass(frozen=True, slots=True)
class Movement:
    sku: str
    qty_base: int
    reason: int
    unit_cost_minor: int | None = None

    @property
    def reason_name(self) -> str:
        return reason_name(self.reason)


@dataclass(frozen=True, slots=True)
class Entry:
    seq: int
    occurred_at_ms: int
    actor: str
    document_type: str
    document_id: str
    movements: tuple[Movement, ...]


def reason_name(reason: int) -> str:
    return REASONS.get(reason, f"reason-{reason}")


@dataclass(frozen=True)
class BatchPlan(Generic[E]):
    """The new entries to apply, in order, and the replays (entries whose sequence
    was committed before, or came earlier in the batch), which must match the
    entries they repeat (check_replays) to be acknowledged as duplicates."""

    to_apply: list[E]
    replayed: list[E]

    @property
    def duplicates(self) -> int:
        return len(self.replayed)

    @property
    def last_seq_after(self) -> int | None:
        return self.to_apply[-1].seq if self.to_apply else None


@dataclass(frozen=True, slots=True)
class Recorded:
    """An entry as head office compares it: its document and its serialized content."""

    seq: int
    document_id: str
    payload: bytes


def check_replays(
    store_code: str,
    expected_seq: int,
    replays: Iterable[Recorded],
    originals: Mapping[int, Recorded],
    same_content: Callable[[bytes, bytes], bool] = bytes.__eq__,
) -> None:
    """Raise ConflictingEntry for the first replay whose content differs from its original.

    `originals` holds the committed (or earlier in the batch) entry of each
    replayed sequence; a sequence missing from it cannot be compared and counts
    as a duplicate (journal rows are never deleted, so this does not happen).
    """
    for replay in replays:
        original = originals.get(replay.seq)
        if original is None or same_content(original.payload, replay.payload):
            continue
        raise ConflictingEntry(
            store_code,
            replay.seq,
            committed_document_id=original.document_id,
            replayed_document_id=replay.document_id,
            expected_seq=expected_seq,
        )


def plan_batch(store_code: str, last_committed_seq: int, entries: Sequence[E]) -> BatchPlan[E]:
    """Split a batch into replays and consecutive new entries, or refuse it whole.

    Raises SequenceGap (expected_seq = last_committed_seq + 1) when a new entry
    does not continue the journal, and InvalidEntry when a new entry breaks a
    movement rule; in both cases nothing of the batch may be applied.
    """
    expected = last_committed_seq + 1
    running_last = last_committed_seq
    to_apply: list[E] = []
    replayed: list[E] = []
    for entry in entries:
        seq = entry.seq
        if seq <= 0:
            raise InvalidEntry(
                f"store {store_code} sent a journal entry with sequence {seq}; "
                "sequences start at 1",
                expected_seq=expected,
            )
        if seq <= running_last:
            replayed.append(entry)
            continue
        if seq != running_last + 1:
            raise SequenceGap(store_code, expected, seq)
        check_entry(store_code, entry, expected_seq=expected)
        to_apply.append(entry)
        running_last = seq
    return BatchPlan(to_apply=to_apply, replayed=replayed)


def check_entry(store_code: str, entry: EntryLike, expected_seq: int = 0) -> None:
    """Every movement names a SKU, moves a non-zero whole quantity and has a known reason."""
    reasons = REASONS
    for index, movement in enumerate(entry.movements, start=1):
        sku = movement.sku
        qty = movement.qty_base
        cost = movement.unit_cost_minor
        # The common case in one test; the sentences are built only for a refusal.
        if (
            sku
            and type(qty) is int
            and qty != 0
            and movement.reason in reasons
            and (cost is None or cost >= 0)
            and not sku.isspace()
        ):
            continue
        where = f"store {store_code} entry {entry.seq} movement {index}"
        if not sku.strip():
            raise InvalidEntry(f"{where} names no SKU", expected_seq=expected_seq)
        if isinstance(qty, bool) or not isinstance(qty, int) or qty == 0:
            raise InvalidEntry(
                f"{where} (SKU {sku}) must move a non-zero whole quantity, got {qty}",
                expected_seq=expected_seq,
            )
        if movement.reason not in reasons:
            raise InvalidEntry(
                f"{where} (SKU {sku}) has an unknown reason {movement.reason}",
                expected_seq=expected_seq,
            )
        raise InvalidEntry(
            f"{where} (SKU {sku}) has a negative unit cost {cost}",
            expected_seq=expected_seq,
        )
