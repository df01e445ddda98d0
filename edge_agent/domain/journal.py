"""Journal entries as the edge appends them, and the guard that keeps each one acceptable.

Every entry names its kind from the one registry (common.journal_kinds). Before
an entry is written, `check_entry` checks what head office will check when it
applies it: the kind is registered, the document is the kind's body, every
movement names a SKU, moves a non-zero whole quantity with a reason the kind
allows and the sign that reason must have, at no negative cost. A refusal here
is a bug in the edge (a service built a wrong entry), so it raises InvalidInput
with a sentence and the transaction changes nothing: the edge never commits an
entry head office would refuse, which would wedge the store's sync.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from common.errors import InvalidInput
from common.journal_kinds import KINDS, REASON_NUMBERS, JournalKind


class Reason(enum.StrEnum):
    """The movement reasons the edge books; each must be one of the proto's (checked below)."""

    SALE = "sale"
    RETURN = "return"
    SUPPLIER_DELIVERY = "receipt"  # the stored and wire name of a delivery's reason
    SUPPLIER_RETURN = "supplier_return"
    TRANSFER_OUT = "transfer_out"
    TRANSFER_IN = "transfer_in"
    WRITE_OFF = "write_off"
    ADJUSTMENT = "adjustment"  # a stocktake's variance (count_posting)
    REDEMPTION = "redemption"  # a punch card's or package's use (redemption)
    CHANNEL_FULFILMENT = "channel_fulfilment"  # an online order handed over


_UNKNOWN_REASONS = sorted(r.value for r in Reason if r.value not in REASON_NUMBERS)
if _UNKNOWN_REASONS:  # the proto enum lost a reason this table still names
    raise RuntimeError(f"movement reasons {_UNKNOWN_REASONS} are not in the MovementReason enum")


@dataclass(frozen=True)
class Movement:
    """One signed stock change of one SKU in this store."""

    sku: str
    qty_base: int
    reason: str
    unit_cost_minor: int | None = None  # per base unit, when the document fixes it


@dataclass(frozen=True)
class JournalEntry:
    """One entry as appended: numbered gap-free, its document, its movements."""

    seq: int
    occurred_at_ms: int
    kind: JournalKind
    document_id: str
    actor: str
    body: object
    movements: tuple[Movement, ...] = ()


@dataclass(frozen=True)
class AppendedEntry:
    seq: int
    occurred_at_ms: int


@dataclass(frozen=True)
class StoredEntry:
    """An entry as the journal keeps it: the wire bytes head office receives."""

    seq: int
    occurred_at_ms: int
    payload: bytes
    # Chained over the previous entry's hash (common.domain.entry_chain).
    entry_hash: bytes = b""


def check_entry(
    kind: JournalKind, body_field: str, document_id: str, movements: Sequence[Movement]
) -> None:
    """Refuse (InvalidInput) an entry head office would refuse; see the module docstring."""
    if KINDS.get(kind.name) is not kind:
        raise InvalidInput(f"journal entry kind {kind.name!r} is not in the journal-kind registry")
    where = f"{kind.name} entry {document_id}"
    if body_field != kind.body_field:
        raise InvalidInput(
            f"a {kind.name} entry holds a {kind.body_field} document, not a {body_field} ({where})"
        )
    for index, m in enumerate(movements, start=1):
        qty = m.qty_base
        sign = kind.sign_of(m.reason)
        cost = m.unit_cost_minor
        # The common case in one test; the sentences are built only for a refusal.
        if (
            m.sku.strip()
            and type(qty) is int
            and sign is not None
            and sign.allows(qty)
            and (cost is None or (type(cost) is int and cost >= 0))
        ):
            continue
        at = f"{where} movement {index}"
        if not m.sku.strip():
            raise InvalidInput(f"{at} names no SKU")
        if type(qty) is not int or qty == 0:
            raise InvalidInput(
                f"{at} (SKU {m.sku}) must move a non-zero whole quantity, got {qty!r}"
            )
        if sign is None:
            allowed = ", ".join(kind.moves) or "none: it moves no stock"
            raise InvalidInput(
                f"{at} (SKU {m.sku}) has reason {str(m.reason)!r}, which a {kind.name} entry may "
                f"not carry (its reasons: {allowed})"
            )
        if not sign.allows(qty):
            raise InvalidInput(
                f"{at} (SKU {m.sku}): {str(m.reason)} movements of a {kind.name} entry "
                f"{sign.wording}, got {qty}"
            )
        raise InvalidInput(f"{at} (SKU {m.sku}) has unit cost {cost!r}; it must be zero or more")
