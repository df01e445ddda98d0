"""Which journal entries of a batch head office applies (DESIGN invariant 3).

A store numbers its journal gap-free. Head office applies entries in sequence
order, each exactly once: an entry at or below the last committed sequence is
a duplicate (acknowledged, ignored); the first new entry must be exactly
last + 1 and every later new one must continue it, otherwise the whole batch
is refused with SequenceGap naming the sequence head office needs next.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from headoffice.domain.errors import InvalidEntry, SequenceGap

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
}


@dataclass(frozen=True, slots=True)
class Movement:
    sku: str
    qty_base: int
    reason: int
    unit_cost_minor: int | None = None

    @property
    def reason_name(self) -> str:
        return REASONS.get(self.reason, f"reason-{self.reason}")


@dataclass(frozen=True, slots=True)
class Entry:
    seq: int
    occurred_at_ms: int
    actor: str
    document_type: str
    document_id: str
    movements: tuple[Movement, ...]


@dataclass(frozen=True)
class BatchPlan:
    """The new entries to apply, in order, and how many were duplicates."""

    to_apply: list[Entry]
    duplicates: int

    @property
    def last_seq_after(self) -> int | None:
        return self.to_apply[-1].seq if self.to_apply else None


def plan_batch(store_code: str, last_committed_seq: int, entries: Sequence[Entry]) -> BatchPlan:
    """Split a batch into duplicates and consecutive new entries, or refuse it whole.

    Raises SequenceGap (expected_seq = last_committed_seq + 1) when a new entry
    does not continue the journal, and InvalidEntry when a new entry breaks a
    movement rule; in both cases nothing of the batch may be applied.
    """
    expected = last_committed_seq + 1
    running_last = last_committed_seq
    to_apply: list[Entry] = []
    duplicates = 0
    for entry in entries:
        if entry.seq <= 0:
            raise InvalidEntry(
                f"store {store_code} sent a journal entry with sequence {entry.seq}; "
                "sequences start at 1",
                expected_seq=expected,
            )
        if entry.seq <= running_last:
            duplicates += 1
            continue
        if entry.seq != running_last + 1:
            raise SequenceGap(store_code, expected, entry.seq)
        check_entry(store_code, entry, expected_seq=expected)
        to_apply.append(entry)
        running_last = entry.seq
    return BatchPlan(to_apply=to_apply, duplicates=duplicates)


def check_entry(store_code: str, entry: Entry, expected_seq: int = 0) -> None:
    """Every movement names a SKU, moves a non-zero whole quantity and has a known reason."""
    for index, movement in enumerate(entry.movements, start=1):
        where = f"store {store_code} entry {entry.seq} movement {index}"
        if not movement.sku.strip():
            raise InvalidEntry(f"{where} names no SKU", expected_seq=expected_seq)
        qty = movement.qty_base
        if isinstance(qty, bool) or not isinstance(qty, int) or qty == 0:
            raise InvalidEntry(
                f"{where} (SKU {movement.sku}) must move a non-zero whole quantity, got {qty}",
                expected_seq=expected_seq,
            )
        if movement.reason not in REASONS:
            raise InvalidEntry(
                f"{where} (SKU {movement.sku}) has an unknown reason {movement.reason}",
                expected_seq=expected_seq,
            )
        cost = movement.unit_cost_minor
        if cost is not None and cost < 0:
            raise InvalidEntry(
                f"{where} (SKU {movement.sku}) has a negative unit cost {cost}",
                expected_seq=expected_seq,
            )
