"""What head office does when it applies a store's document, beyond moving stock.

A shipment makes a transfer in transit, a delivery against an order updates the
order, an approved write-off committed at the store closes its request. Each
effect is registered against its journal kind (common.journal_kinds), once:

    @effect(jk.TRANSFER_SHIPMENT, body=TransferShipmentBody)
    def on_shipment(uow, store_code, document, now_ms) -> bool: ...

A kind whose `headoffice_effect` is True has exactly one effect and a kind
whose `headoffice_effect` is False has none (a unit test walks the table).
The effect gets the entry as a JournalDocument whose body is decoded into the
declared type by the journal repository's codec, and only entries of kinds
with an effect are decoded.

Each effect runs inside apply_batch's transaction, after the entry's
movements and levels, once per applied entry, in sequence order, so it
commits (or not) with the entry itself and a replayed entry never runs it
twice. An effect never raises for a business mismatch: the store already
committed the entry, so it is a fact; the effect records the anomaly instead.
It returns True when it queued downstream events, so the caller wakes the
stores' downstream streams after commit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, TypeVar

from common.journal_kinds import KINDS, JournalKind
from headoffice.domain.actors import at_store
from headoffice.domain.documents import JournalDocument
from headoffice.domain.ledger import EntryLike
from headoffice.services.ports import UnitOfWorkPort

Effect = Callable[[UnitOfWorkPort, str, JournalDocument[Any], int], bool]
F = TypeVar("F", bound=Effect)


@dataclass(frozen=True)
class RegisteredEffect:
    kind: JournalKind
    body_type: type[Any]
    run: Effect


_EFFECTS: dict[str, RegisteredEffect] = {}
# Every registered effect by kind name; a live read-only view.
EFFECTS: Mapping[str, RegisteredEffect] = MappingProxyType(_EFFECTS)


def store_actor(store_code: str, document: JournalDocument[Any]) -> str:
    """Who did it, as the audit log writes it: the entry's person at the store (`sam@S001`)."""
    return at_store(document.actor, store_code).text


def effect(kind: JournalKind, body: type[Any]) -> Callable[[F], F]:
    """Register the decorated function as head office's effect for `kind`.

    `body` is the plain type (a dataclass named after the body message's
    fields) the entry's body is decoded into for the effect.
    """

    def register(run: F) -> F:
        if not kind.headoffice_effect:
            raise ValueError(
                f"journal kind {kind} has headoffice_effect=False in common/journal_kinds.py; "
                f"set it to True before registering {run.__name__} as its effect"
            )
        known = _EFFECTS.get(kind.name)
        if known is not None:
            raise ValueError(
                f"journal kind {kind} already has the effect {known.run.__name__}; "
                f"{run.__name__} would be a second one"
            )
        _EFFECTS[kind.name] = RegisteredEffect(kind, body, run)
        return run

    return register


def unregister(kind: JournalKind) -> None:
    """Take a kind's effect out again (tests that add a toy kind)."""
    known = _EFFECTS.get(kind.name)
    if known is not None and known.kind is kind:
        del _EFFECTS[kind.name]


def effect_for(kind: JournalKind) -> RegisteredEffect:
    """The effect registered for a kind that has one (a kind named alike but not it: none)."""
    known = _EFFECTS.get(kind.name)
    if known is None or known.kind is not kind:
        raise LookupError(
            f"journal kind {kind} says head office has an effect for it, but none is "
            "registered; write one with @effect(kind, body=...) in its area's *_effects module"
        )
    return known


def run_effects(
    uow: UnitOfWorkPort, store_code: str, entries: Iterable[EntryLike], now_ms: int
) -> bool:
    """Run the effect of every entry whose kind has one; True when any queued downstream events.

    The entries were checked by plan_batch, so every kind is in the table.
    """
    notify = False
    kinds = KINDS
    for entry in entries:
        kind = kinds[entry.document_type]
        if not kind.headoffice_effect:
            continue
        known = effect_for(kind)
        document = uow.journal.document(entry, kind, known.body_type)
        if known.run(uow, store_code, document, now_ms):
            notify = True
    return notify
