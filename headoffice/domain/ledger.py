"""Which journal entries of a batch head office applies (DESIGN invariants 3 and 8).

A store numbers its journal gap-free. Head office applies entries in sequence
order, each exactly once: an entry at or below the last committed sequence is
a replay, acknowledged and ignored when it is the same entry (a resend after a
lost acknowledgement) and refusing the whole batch with ConflictingEntry when
it is not (two agents writing one store's journal); the first new entry must
be exactly last + 1 and every later new one must continue it, otherwise the
whole batch is refused with SequenceGap naming the sequence head office needs next.

Every new entry is checked against its kind in the journal-kind table
(common.journal_kinds) before anything is applied: a kind head office does not
know, a movement reason its kind may not carry or a quantity of the wrong sign
for that reason refuses the batch with InvalidEntry, as do text fields longer
than head office keeps (a document type, id or actor is never cut).

The rules read entries and movements through the small protocols below, so
head office applies them to the decoded protobuf messages as they arrive
(no copy into domain objects on the hot path) and tests to plain `Entry`s.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from common.i18n import _
from common.journal_kinds import (
    KINDS,
    MAX_KIND_NAME,
    REASON_NAMES,
    REASON_NUMBERS,
    JournalKind,
    Sign,
    UnknownJournalKind,
    kind_named,
)
from common.journal_kinds import reason_name as reason_name
from headoffice.domain.errors import ConflictingEntry, InvalidEntry, SequenceGap

# The longest text head office keeps for an entry's document id and actor, and a SKU.
MAX_DOCUMENT_ID = 64
MAX_ACTOR = 64
MAX_SKU = 64


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
    """What the rules read of a journal entry (a JournalEntry message satisfies it)."""

    @property
    def seq(self) -> int: ...
    @property
    def occurred_at_ms(self) -> int: ...
    @property
    def actor(self) -> str: ...
    @property
    def document_type(self) -> str: ...
    @property
    def document_id(self) -> str: ...
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


def plan_batch(
    store_code: str,
    committed_seq: int,
    entries: Sequence[E],
    movements_checked_later: Container[str] = (),
) -> BatchPlan[E]:
    """Split a batch into replays and consecutive new entries, or refuse it whole.

    Entries of the kinds in `movements_checked_later` have only their kind and text
    checked here: the caller holds their movements to their documents afterwards
    (apply_batch, common.journal_rules), which covers reasons and signs in the same
    pass, and re-runs check_entry for the precise sentence when a movement is refused.

    Raises SequenceGap (expected_seq = committed_seq + 1) when a new entry
    does not continue the journal, and InvalidEntry when a new entry breaks a
    rule of its kind (check_entry); in both cases nothing of the batch may be applied.
    """
    expected = committed_seq + 1
    running_last = committed_seq
    to_apply: list[E] = []
    replayed: list[E] = []
    for entry in entries:
        seq = entry.seq
        if seq <= 0:
            raise InvalidEntry(
                _(
                    "store {store} sent a journal entry with sequence {seq}; sequences start at 1"
                ).format(store=store_code, seq=seq),
                expected_seq=expected,
            )
        if seq <= running_last:
            replayed.append(entry)
            continue
        if seq != running_last + 1:
            raise SequenceGap(store_code, expected, seq)
        try:
            check_entry(
                store_code,
                entry,
                expected_seq=expected,
                movements=entry.document_type not in movements_checked_later,
            )
        except InvalidEntry as exc:
            # Whichever rule refused it, sync status names the entry (exc.seq).
            exc.seq = exc.seq or seq
            raise
        to_apply.append(entry)
        running_last = seq
    return BatchPlan(to_apply=to_apply, replayed=replayed)


def kind_of(store_code: str, entry: EntryLike, expected_seq: int = 0) -> JournalKind:
    """The entry's kind, or InvalidEntry naming the store, the entry and the unknown kind."""
    kind = KINDS.get(entry.document_type)
    if kind is not None:
        return kind
    try:
        return kind_named(entry.document_type)
    except UnknownJournalKind as exc:
        name = entry.document_type
        shown = name if len(name) <= MAX_KIND_NAME else name[:MAX_KIND_NAME] + "..."
        raise InvalidEntry(
            _(
                "store {store} entry {seq} was refused: journal entry kind {kind} is not one "
                "StoreLedger knows (known: {known})"
            ).format(
                store=store_code, seq=entry.seq, kind=repr(shown), known=", ".join(sorted(KINDS))
            ),
            expected_seq=expected_seq,
            code="unknown_kind",
            seq=entry.seq,
        ) from exc


# Each kind's signs by reason number, as Sign values (-1 out, 1 in, 0 either way but not
# zero) so the common case is one multiplication, built on first use (keyed by name,
# checked by identity: a test may register a toy kind under a name and take it out again).
_SIGNS: dict[str, tuple[JournalKind, dict[int, int]]] = {}


def _signs_of(kind: JournalKind) -> dict[int, int]:
    cached = _SIGNS.get(kind.name)
    if cached is None or cached[0] is not kind:
        signs = {REASON_NUMBERS[reason]: sign.value for reason, sign in kind.moves.items()}
        cached = _SIGNS[kind.name] = (kind, signs)
    return cached[1]


def check_entry(
    store_code: str, entry: EntryLike, expected_seq: int = 0, *, movements: bool = True
) -> JournalKind:
    """Check an entry against its kind; return the kind.

    The kind must be known, the document id and actor must fit what head office
    keeps, and (unless `movements` is False) every movement must name a SKU, move a
    non-zero whole quantity, carry a reason its kind allows with the sign the kind
    gives that reason, and have no negative cost.
    """
    kind = kind_of(store_code, entry, expected_seq)
    if len(entry.document_id) > MAX_DOCUMENT_ID or len(entry.actor) > MAX_ACTOR:
        _refuse_long_text(store_code, entry, expected_seq)
    if not movements:
        return kind
    signs = _signs_of(kind)
    for index, movement in enumerate(entry.movements, start=1):
        sku = movement.sku
        qty = movement.qty_base
        cost = movement.unit_cost_minor
        sign = signs.get(movement.reason)
        # The common case in one test (Sign.allows, inlined); the sentences are built
        # only for a refusal.
        if (
            sku
            and type(qty) is int
            and sign is not None
            and (qty * sign > 0 or (sign == 0 and qty != 0))
            and (cost is None or cost >= 0)
            and len(sku) <= MAX_SKU
            and not sku.isspace()
        ):
            continue
        _refuse_movement(store_code, entry, kind, index, movement, expected_seq)
    return kind


def _refuse_long_text(store_code: str, entry: EntryLike, expected_seq: int) -> None:
    where = {"store": store_code, "seq": entry.seq}
    if len(entry.document_id) > MAX_DOCUMENT_ID:
        raise InvalidEntry(
            _(
                "store {store} entry {seq} has a document id of {length} characters; "
                "head office keeps at most {most}"
            ).format(**where, length=len(entry.document_id), most=MAX_DOCUMENT_ID),
            expected_seq=expected_seq,
        )
    if len(entry.actor) > MAX_ACTOR:
        raise InvalidEntry(
            _(
                "store {store} entry {seq} has an actor of {length} characters; "
                "head office keeps at most {most}"
            ).format(**where, length=len(entry.actor), most=MAX_ACTOR),
            expected_seq=expected_seq,
        )


def _refuse_movement(
    store_code: str,
    entry: EntryLike,
    kind: JournalKind,
    index: int,
    movement: MovementLike,
    expected_seq: int,
) -> None:
    """Raise InvalidEntry with the sentence for the first rule this movement breaks."""
    sku = movement.sku
    qty = movement.qty_base
    where = {"store": store_code, "seq": entry.seq, "index": index, "sku": sku}
    if not sku.strip():
        raise InvalidEntry(
            _("store {store} entry {seq} movement {index} names no SKU").format(**where),
            expected_seq=expected_seq,
        )
    if len(sku) > MAX_SKU:
        raise InvalidEntry(
            _(
                "store {store} entry {seq} movement {index} names a SKU of {length} characters; "
                "head office keeps at most {most}"
            ).format(**where, length=len(sku), most=MAX_SKU),
            expected_seq=expected_seq,
        )
    if isinstance(qty, bool) or not isinstance(qty, int) or qty == 0:
        raise InvalidEntry(
            _(
                "store {store} entry {seq} movement {index} (SKU {sku}) must move a non-zero "
                "whole quantity, got {qty}"
            ).format(**where, qty=qty),
            expected_seq=expected_seq,
        )
    reason = REASON_NAMES.get(movement.reason)
    if reason is None:
        raise InvalidEntry(
            _(
                "store {store} entry {seq} movement {index} (SKU {sku}) has an unknown reason "
                "{reason}"
            ).format(**where, reason=movement.reason),
            expected_seq=expected_seq,
        )
    sign = kind.sign_of(reason)
    if sign is None:
        allowed = ", ".join(sorted(kind.moves)) or _("none: it moves no stock")
        raise InvalidEntry(
            _(
                "store {store} entry {seq} movement {index} (SKU {sku}) has reason {reason}, "
                "which a {kind} entry may not carry (reasons of a {kind} entry: {allowed})"
            ).format(**where, reason=reason, kind=kind, allowed=allowed),
            expected_seq=expected_seq,
        )
    if not sign.allows(qty):
        raise InvalidEntry(
            _wrong_sign(sign).format(**where, reason=reason, kind=kind, qty=qty),
            expected_seq=expected_seq,
            code="wrong_sign",
        )
    raise InvalidEntry(
        _(
            "store {store} entry {seq} movement {index} (SKU {sku}) has a negative unit cost {cost}"
        ).format(**where, cost=movement.unit_cost_minor),
        expected_seq=expected_seq,
    )


def _wrong_sign(sign: Sign) -> str:
    """The refusal of a quantity of the wrong sign, one whole sentence per sign."""
    if sign is Sign.OUT:
        return _(
            "store {store} entry {seq} movement {index} (SKU {sku}): reason {reason} in a "
            "{kind} entry must take stock out (below zero), got {qty}"
        )
    if sign is Sign.IN:
        return _(
            "store {store} entry {seq} movement {index} (SKU {sku}): reason {reason} in a "
            "{kind} entry must bring stock in (above zero), got {qty}"
        )
    return _(
        "store {store} entry {seq} movement {index} (SKU {sku}): reason {reason} in a "
        "{kind} entry must move stock (not zero), got {qty}"
    )


# What apply_batch hands the journal and levels repositories, as plain tuples (the hot path):
# a journal row (seq, document_type, document_id, occurred_at_ms, payload);
JournalRow = tuple[int, str, str, int, bytes]
# what an entry's movements share (seq, document_type, document_id, actor, occurred_at_ms);
EntryHead = tuple[int, str, str, str, int]
# and each movement's own (sku, qty_base, reason, unit_cost_minor).
ValuedMovement = tuple[str, int, str, int]
