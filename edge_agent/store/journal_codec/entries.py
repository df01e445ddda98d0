"""Whole journal entries: which body field each document fills, movements, encode and decode."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from google.protobuf.message import Message

from common import journal_kinds as jk
from common.errors import InvalidInput
from common.journal_kinds import REASON_NUMBERS
from common.pb.storeledger.v1 import ledger_pb2
from edge_agent.domain.approvals import Approval
from edge_agent.domain.channel_orders import ChannelFulfilment, ChannelPick
from edge_agent.domain.counts import (
    CountLineEntry,
    CountPostingEntry,
    KeyItemsEntry,
    SessionEvent,
)
from edge_agent.domain.journal import JournalEntry, Movement
from edge_agent.domain.member_desk import MemberDeskEntry
from edge_agent.domain.purchase_orders import SupplierReturn
from edge_agent.domain.receiving import SupplierDelivery
from edge_agent.domain.redemptions import Redemption
from edge_agent.domain.reports import TillReport
from edge_agent.domain.returns import SaleReturn
from edge_agent.domain.rewards import Reward
from edge_agent.domain.sale_record import RecordedSale
from edge_agent.domain.shift import ShiftEvent
from edge_agent.domain.till_actions import CartVoid, NoSale
from edge_agent.domain.transfers import TransferReceipt, TransferShipment
from edge_agent.domain.vouchers import VoucherCancel, VoucherRedemption
from edge_agent.domain.write_offs import WriteOff, WriteOffRequest
from edge_agent.store.journal_codec.channels import channel_fulfilment_pb, channel_pick_pb
from edge_agent.store.journal_codec.counts import (
    count_line_pb,
    count_posting_of,
    count_posting_pb,
    counted_line_of,
    key_items_of,
    key_items_pb,
    session_event_of,
    session_event_pb,
)
from edge_agent.store.journal_codec.members import redemption_pb, reward_pb
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
    member_desk_pb,
    no_sale_pb,
    shift_event_pb,
    till_report_pb,
)
from edge_agent.store.journal_codec.vouchers import voucher_cancel_pb, voucher_redemption_pb

# Each domain document: the JournalEntry `body` field it fills (its kinds' body field in the
# registry), and its encoder.
_BODIES: dict[type, tuple[str, Callable[[Any], Message]]] = {
    RecordedSale: (jk.SALE.body_field, sale_pb),
    SupplierDelivery: (jk.SUPPLIER_DELIVERY.body_field, delivery_pb),
    SaleReturn: (jk.SALE_RETURN.body_field, sale_return_pb),
    ShiftEvent: (jk.SHIFT_EVENT.body_field, shift_event_pb),
    TillReport: (jk.TILL_REPORT.body_field, till_report_pb),
    Approval: (jk.APPROVAL.body_field, approval_pb),
    NoSale: (jk.NO_SALE.body_field, no_sale_pb),
    CartVoid: (jk.CART_VOID.body_field, cart_void_pb),
    # A shipment and the correction head office asks the sender for share one body.
    TransferShipment: (jk.TRANSFER_SHIPMENT.body_field, transfer_shipment_pb),
    TransferReceipt: (jk.TRANSFER_RECEIPT.body_field, transfer_receipt_pb),
    WriteOff: (jk.WRITE_OFF.body_field, write_off_pb),
    WriteOffRequest: (jk.WRITE_OFF_REQUEST.body_field, write_off_request_pb),
    SupplierReturn: (jk.SUPPLIER_RETURN.body_field, supplier_return_pb),
    SessionEvent: (jk.COUNT_SESSION.body_field, session_event_pb),
    CountLineEntry: (jk.COUNT_LINE.body_field, count_line_pb),
    CountPostingEntry: (jk.COUNT_POSTING.body_field, count_posting_pb),
    KeyItemsEntry: (jk.KEY_ITEMS.body_field, key_items_pb),
    Redemption: (jk.REDEMPTION.body_field, redemption_pb),
    MemberDeskEntry: (jk.MEMBER_DESK.body_field, member_desk_pb),
    Reward: (jk.REWARD.body_field, reward_pb),
    ChannelPick: (jk.CHANNEL_PICK.body_field, channel_pick_pb),
    ChannelFulfilment: (jk.CHANNEL_FULFILMENT.body_field, channel_fulfilment_pb),
    VoucherRedemption: (jk.VOUCHER_REDEMPTION.body_field, voucher_redemption_pb),
    VoucherCancel: (jk.VOUCHER_CANCEL.body_field, voucher_cancel_pb),
}


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
    return entry_message(entry).SerializeToString()


def entry_message(entry: JournalEntry) -> ledger_pb2.JournalEntry:
    """The entry as the JournalEntry message head office decodes (and checks)."""
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
    return message


def decode_entry(payload: bytes) -> ledger_pb2.JournalEntry:
    return ledger_pb2.JournalEntry.FromString(payload)


def count_entry_of(payload: bytes) -> JournalEntry:
    """A stocktake entry of the journal (count_session, count_line, count_posting,
    key_items) with its body as the domain holds it, for a rebuilt ledger to replay; a
    posting comes without its result lines (the rebuild keeps only its approvals)."""
    m = decode_entry(payload)
    field = m.WhichOneof("body")
    body: object
    if field == "count_session":
        body = session_event_of(m.count_session)
    elif field == "count_line":
        body = CountLineEntry(m.count_line.session_id, counted_line_of(m.count_line, m.seq))
    elif field == "count_posting":
        body = count_posting_of(m.count_posting)
    elif field == "key_items":
        body = key_items_of(m.key_items)
    else:
        raise InvalidInput(f"journal entry {m.seq} ({m.document_type}) is not a stocktake entry")
    return JournalEntry(
        seq=m.seq,
        occurred_at_ms=m.occurred_at_ms,
        kind=jk.kind_named(m.document_type),
        document_id=m.document_id,
        actor=m.actor,
        body=body,
    )
