"""What head office does when a store's transfer document is applied (services.effects).

A shipment makes the transfer `shipped`, its quantities in transit at the
unit cost head office valued the sender's movements at; a receipt makes it
`received` or, when quantities differ, `discrepancy`; a correction entry from
the sender closes a `correcting` transfer. Each tells both stores the new
state. The store already committed its entry, so a mismatch (unknown
transfer, wrong store, wrong state) is never refused: it is logged and
audited as an anomaly and the transfer is left as it was.
"""

from __future__ import annotations

import logging
from typing import Any

from common import journal_kinds as jk
from common.domain.transfer_states import CANCELLED, CORRECTING, OPEN, RESOLVED, SHIPPED
from common.errors import StoreLedgerError
from common.i18n import DEFAULT_LANGUAGE, use_language
from common.logs import log_event
from headoffice.domain.documents import JournalDocument, TransferReceiptBody, TransferShipmentBody
from headoffice.domain.transfers import (
    LineState,
    Transfer,
    parse_transfer_id,
    state_after_transfer_receipt,
    with_changes,
)
from headoffice.services import audit
from headoffice.services.effects import effect, store_actor
from headoffice.services.ports import UnitOfWorkPort
from headoffice.services.transfer_events import publish, record_change

log = logging.getLogger(__name__)


def _anomaly(
    uow: UnitOfWorkPort,
    store_code: str,
    entry: JournalDocument[Any],
    transfer_id: str,
    problem: str,
    now_ms: int,
) -> bool:
    log_event(
        log,
        logging.WARNING,
        "transfer anomaly",
        store=store_code,
        seq=entry.seq,
        document_type=entry.kind.name,
        transfer=transfer_id,
        problem=problem,
    )
    audit.record(
        uow,
        store_actor(store_code, entry),
        "transfer.anomaly",
        "transfer",
        transfer_id or "?",
        None,
        {
            "store": store_code,
            "seq": entry.seq,
            "document": entry.kind.name,
            "problem": problem,
        },
        now_ms=now_ms,
    )
    return False


def _find(
    uow: UnitOfWorkPort,
    store_code: str,
    entry: JournalDocument[Any],
    transfer_id: str,
    side: str,
    states: tuple[str, ...],
    now_ms: int,
) -> Transfer | str:
    """The locked transfer this entry is about, or the sentence saying why it is not.

    The sentence goes into the audit log, which stays language-neutral (English),
    whatever the language of the store's sync call.
    """
    try:
        with use_language(DEFAULT_LANGUAGE):
            number = parse_transfer_id(transfer_id)
    except StoreLedgerError as exc:
        return str(exc)
    row = uow.transfers.get_transfer(number, lock=True)
    if row is None:
        return f"no transfer {transfer_id} at head office"
    expected = row.from_store if side == "from" else row.to_store
    if expected != store_code:
        return f"transfer {row.transfer_id} is for store {expected}, not {store_code}"
    if row.state not in states:
        return f"transfer {row.transfer_id} is {row.state}"
    return row


@effect(jk.TRANSFER_SHIPMENT, body=TransferShipmentBody)
def on_shipment(
    uow: UnitOfWorkPort,
    store_code: str,
    entry: JournalDocument[TransferShipmentBody],
    now_ms: int,
) -> bool:
    body = entry.body
    # A store may ship before it heard of a cancellation: the goods did leave, so
    # the shipment stands and the transfer is in transit again.
    found = _find(uow, store_code, entry, body.transfer_id, "from", (OPEN, CANCELLED), now_ms)
    if isinstance(found, str):
        return _anomaly(uow, store_code, entry, body.transfer_id, found, now_ms)
    before = found
    shipped = {line.sku: line.shipped_qty_base for line in body.lines}
    costs = uow.transfers.movement_costs(store_code, entry.seq)
    skus = [line.sku for line in before.lines] + [s for s in shipped if s not in costs]
    averages = uow.levels.average_costs(store_code, skus)
    ordered = {line.sku: line for line in before.lines}
    lines = [
        LineState(
            sku=sku,
            qty_base=ordered[sku].qty_base if sku in ordered else 0,
            shipped_qty_base=shipped.get(sku, 0),
            unit_cost_minor=costs.get(sku, averages.get(sku, 0)),
        )
        for sku in sorted(set(ordered) | set(shipped))
    ]
    after = with_changes(
        before,
        state=SHIPPED,
        shipped_seq=entry.seq,
        shipped_at_ms=entry.occurred_at_ms or now_ms,
        updated_at_ms=now_ms,
        lines=tuple(lines),
    )
    uow.transfers.save(before, after)
    publish(uow, after, now_ms)
    record_change(uow, store_actor(store_code, entry), "transfer.ship", before, after, now_ms)
    return True


@effect(jk.TRANSFER_RECEIPT, body=TransferReceiptBody)
def on_transfer_receipt(
    uow: UnitOfWorkPort,
    store_code: str,
    entry: JournalDocument[TransferReceiptBody],
    now_ms: int,
) -> bool:
    body = entry.body
    found = _find(uow, store_code, entry, body.transfer_id, "to", (SHIPPED,), now_ms)
    if isinstance(found, str):
        return _anomaly(uow, store_code, entry, body.transfer_id, found, now_ms)
    before = found
    received = {line.sku: line.received_qty_base for line in body.lines}
    existing = {line.sku: line for line in before.lines}
    lines = []
    for sku in sorted(set(existing) | set(received)):
        line = existing.get(sku) or LineState(sku=sku, qty_base=0)
        lines.append(
            LineState(
                sku=sku,
                qty_base=line.qty_base,
                shipped_qty_base=line.shipped_qty_base,
                received_qty_base=received.get(sku, 0),
                unit_cost_minor=line.unit_cost_minor,
            )
        )
    after = with_changes(
        before,
        state=state_after_transfer_receipt(lines),
        received_seq=entry.seq,
        received_at_ms=entry.occurred_at_ms or now_ms,
        updated_at_ms=now_ms,
        lines=tuple(lines),
    )
    uow.transfers.save(before, after)
    publish(uow, after, now_ms)
    record_change(uow, store_actor(store_code, entry), "transfer.receive", before, after, now_ms)
    return True


@effect(jk.TRANSFER_CORRECTION, body=TransferShipmentBody)
def on_correction(
    uow: UnitOfWorkPort,
    store_code: str,
    entry: JournalDocument[TransferShipmentBody],
    now_ms: int,
) -> bool:
    body = entry.body
    found = _find(uow, store_code, entry, body.transfer_id, "from", (CORRECTING,), now_ms)
    if isinstance(found, str):
        return _anomaly(uow, store_code, entry, body.transfer_id, found, now_ms)
    before = found
    after = with_changes(before, state=RESOLVED, updated_at_ms=now_ms)
    uow.transfers.save(before, after)
    publish(uow, after, now_ms)
    record_change(uow, store_actor(store_code, entry), "transfer.correct", before, after, now_ms)
    return True
