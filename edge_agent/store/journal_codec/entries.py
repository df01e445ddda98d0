"""Whole journal entries: which body field each document fills, movements, encode and decode."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from google.protobuf.message import Message

from common.errors import InvalidInput
from common.journal_kinds import BODY_FIELDS, REASON_NUMBERS
from common.pb.storeledger.v1 import ledger_pb2
from edge_agent.domain.approvals import Approval
from edge_agent.domain.journal import JournalEntry, Movement
from edge_agent.domain.purchase_orders import SupplierReturn
from edge_agent.domain.receiving import SupplierDelivery
from edge_agent.domain.reports import TillReport
from edge_agent.domain.returns import SaleReturn
from edge_agent.domain.sale_record import RecordedSale
from edge_agent.domain.shift import ShiftEvent
from edge_agent.domain.till_actions import CartVoid, NoSale
from edge_agent.domain.transfers import TransferReceipt, TransferShipment
from edge_agent.domain.write_offs import WriteOff, WriteOffRequest
from edge_agent.store.journal_codec.sales import cart_void_pb, sale_pb, sale_return_pb
from edge_agent.store.journal_codec.stock import (
    delivery_pb,
    supplier_return_pb,
    transfer_receipt_pb,
    transfer_shipment_pb,
    write_off_pb,
    write_off_request_pb,
)
from edge_agent.store.journal_codec.till import (
    approval_pb,
    no_sale_pb,
    shift_event_pb,
    till_report_pb,
)

# Each domain document: the JournalEntry `body` field it fills, and its encoder.
_BODIES: dict[type, tuple[str, Callable[[Any], Message]]] = {
    RecordedSale: ("sale", sale_pb),
    SupplierDelivery: ("receipt", delivery_pb),
    SaleReturn: ("sale_return", sale_return_pb),
    ShiftEvent: ("shift_event", shift_event_pb),
    TillReport: ("till_report", till_report_pb),
    Approval: ("approval", approval_pb),
    NoSale: ("no_sale", no_sale_pb),
    CartVoid: ("cart_void", cart_void_pb),
    TransferShipment: ("transfer_shipment", transfer_shipment_pb),
    TransferReceipt: ("transfer_receipt", transfer_receipt_pb),
    WriteOff: ("write_off", write_off_pb),
    WriteOffRequest: ("write_off_request", write_off_request_pb),
    SupplierReturn: ("supplier_return", supplier_return_pb),
}
_NOT_BODIES = sorted(field for field, _ in _BODIES.values() if field not in BODY_FIELDS)
if _NOT_BODIES:  # the proto's oneof lost a field this table still fills
    raise RuntimeError(f"{_NOT_BODIES} are not JournalEntry body fields")


def body_field_of(body: object) -> str:
    """The body field a document fills; InvalidInput for anything that is not a document."""
    found = _BODIES.get(type(body))
    if found is None:
        raise InvalidInput(f"a {type(body).__name__} is not a document a journal entry can hold")
    return found[0]


def movement_pb(m: Movement) -> ledger_pb2.Movement:
    # REASON_NUMBERS holds the MovementReason enum's own numbers.
    reason = REASON_NUMBERS[m.reason]
    movement = ledger_pb2.Movement(sku=m.sku, qty_base=m.qty_base, reason=reason)  # type: ignore[arg-type]
    if m.unit_cost_minor is not None:
        movement.unit_cost_minor = m.unit_cost_minor
    return movement


def encode_entry(entry: JournalEntry) -> bytes:
    """The entry as the journal stores it and head office receives it."""
    field, encode = _BODIES[type(entry.body)]
    message = ledger_pb2.JournalEntry(
        seq=entry.seq,
        occurred_at_ms=entry.occurred_at_ms,
        actor=entry.actor,
        document_type=entry.kind.name,
        document_id=entry.document_id,
        movements=[movement_pb(m) for m in entry.movements],
    )
    getattr(message, field).CopyFrom(encode(entry.body))
    return message.SerializeToString()


def decode_entry(payload: bytes) -> ledger_pb2.JournalEntry:
    return ledger_pb2.JournalEntry.FromString(payload)
