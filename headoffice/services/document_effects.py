"""What head office does when it applies a store's document, beyond moving stock.

A shipment makes a transfer in transit, a receipt against an order updates the
order, an approved write-off committed at the store closes its request. Each
effect runs inside apply_batch's transaction, after the entry's movements and
levels, once per applied entry, in sequence order, so it commits (or not)
with the entry itself and a replayed entry never runs it twice.

An effect never raises for a business mismatch: the store already committed
the entry, so it is a fact; the effect records the anomaly instead. It
returns True when it queued downstream events, so the caller wakes the
stores' downstream streams after commit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from common.pb.storeledger.v1 import ledger_pb2
from headoffice.services import transfer_effects, write_off_effects
from headoffice.services.ports import UnitOfWorkPort
from headoffice.services.purchasing_effects import receipt_effect, supplier_return_effect

Effect = Callable[[UnitOfWorkPort, str, ledger_pb2.JournalEntry, int], bool]

# document_type -> effect; each capability adds its own line.
EFFECTS: dict[str, Effect] = {
    "receipt": receipt_effect,  # purchasing: a receipt against an order updates the order
    "supplier_return": supplier_return_effect,  # purchasing: listed for hoctl supplier returns
    "write_off_request": write_off_effects.on_write_off_request,
    "write_off": write_off_effects.on_write_off,
}
EFFECTS.update(transfer_effects.EFFECTS)


def run_effects(
    uow: UnitOfWorkPort,
    store_code: str,
    entries: Iterable[ledger_pb2.JournalEntry],
    now_ms: int,
) -> bool:
    """Run the effect of every entry that has one; True when any queued downstream events."""
    if not EFFECTS:
        return False
    notify = False
    for entry in entries:
        effect = EFFECTS.get(entry.document_type)
        if effect is not None and effect(uow, store_code, entry, now_ms):
            notify = True
    return notify
