"""Store documents as head office's effects read them: a journal entry and its body.

When head office applies an entry whose kind has an effect (a shipment, a
delivery against an order, a write-off...), the effect gets a JournalDocument:
who wrote the entry, when, under which sequence and document id, and its
body decoded into the plain type the effect declared (headoffice.services.
effects). The body types below name only what head office reads of each body;
their field names are the body message's, so the journal codec
(headoffice/store/journal_codec.py) fills them without a line per kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from common.journal_kinds import JournalKind
from headoffice.domain.transfers import LineState
from headoffice.domain.write_offs import Line

B = TypeVar("B")


@dataclass(frozen=True)
class JournalDocument(Generic[B]):
    """One applied entry of a store's journal, with its body."""

    seq: int
    occurred_at_ms: int
    actor: str
    kind: JournalKind
    document_id: str
    body: B


# -- supplier deliveries and returns (purchasing_effects) ----------------------------


@dataclass(frozen=True)
class DeliveredLine:
    sku: str
    qty_base: int


@dataclass(frozen=True)
class ReceivedLine:
    """A delivery's line: with its lot's best-before day (YYYY-MM-DD; "" when not recorded)."""

    sku: str
    qty_base: int
    unit_cost_minor: int
    expiry_date: str


@dataclass(frozen=True)
class SupplierDeliveryBody:
    """A delivery booked at the store; against an order when po_id is set."""

    po_id: str
    lines: tuple[ReceivedLine, ...]


@dataclass(frozen=True)
class SupplierReturnBody:
    """Goods the store sent back to a supplier; the lines are its movements."""

    return_id: str
    supplier_code: str
    reason: str
    lines: tuple[DeliveredLine, ...]


# -- transfers (transfer_effects) -----------------------------------------------------


@dataclass(frozen=True)
class TransferShipmentBody:
    """A shipment (or, as a transfer_correction entry, a correction) by the sending store."""

    transfer_id: str
    lines: tuple[LineState, ...]


@dataclass(frozen=True)
class TransferReceiptBody:
    """What the receiving store booked in."""

    transfer_id: str
    lines: tuple[LineState, ...]


# -- write-offs (write_off_effects) ---------------------------------------------------


@dataclass(frozen=True)
class WriteOffRequestBody:
    """A write-off the store asked head office to approve (nothing moved yet)."""

    write_off_id: str
    reason: str
    note: str
    lines: tuple[Line, ...]
    value_minor: int
    threshold_minor: int


@dataclass(frozen=True)
class WriteOffBody:
    """A write-off the store committed: an approved one, or its own below the threshold."""

    write_off_id: str
    reason: str
    note: str
    lines: tuple[Line, ...]
    value_minor: int
    origin: str
    approved_by: str


# -- stocktake (count_effects) ----------------------------------------------------------


@dataclass(frozen=True)
class CountScopeBody:
    kind: str
    categories: tuple[str, ...]
    locations: tuple[str, ...]
    abc_classes: tuple[str, ...]
    skus: tuple[str, ...]


@dataclass(frozen=True)
class CountToleranceBody:
    a_bp: int
    b_bp: int
    c_bp: int
    value_minor: int
    second_approval_minor: int


@dataclass(frozen=True)
class SkuClassBody:
    sku: str
    abc_class: str


@dataclass(frozen=True)
class CountSessionBody:
    """Something that happened to a count session at the store (opened, submitted, ...)."""

    session_id: str
    event: str
    origin: str
    scope: CountScopeBody
    tolerance: CountToleranceBody
    classes: tuple[SkuClassBody, ...]
    title: str
    blind: bool
    note: str
    recount_skus: tuple[str, ...]
    round: int
    by: str
    selling_locations: tuple[str, ...]


@dataclass(frozen=True)
class CountLineBody:
    """One count line, with the store's book of its SKU at the entry's position."""

    session_id: str
    line_id: str
    sku: str
    scanned_code: str
    location: str
    qty_base: int
    reason: str
    round: int
    book_qty_base: int
    counter: str


@dataclass(frozen=True)
class CountResultLineBody:
    sku: str
    book_qty_base: int
    counted_qty_base: int
    variance_qty_base: int
    unit_cost_minor: int
    value_minor: int
    abc_class: str
    within_tolerance: bool
    round: int
    moved_qty_base: int


@dataclass(frozen=True)
class CountPostingBody:
    """An approved session's variance as the store posted it (ADJUSTMENT movements)."""

    session_id: str
    lines: tuple[CountResultLineBody, ...]
    approved_by: str
    second_approved_by: str
    part: int
    parts: int


@dataclass(frozen=True)
class KeyItemsBody:
    """The store's key items replaced (by its staff, or by head office's order as the store
    applied it); order_cursor: the last order it applied."""

    skus: tuple[str, ...]
    by: str
    origin: str
    order_cursor: int


# -- members: punch-card and package uses (redemption_effects) ------------------------


@dataclass(frozen=True)
class RedemptionBody:
    """A use head office authorised, recorded at the till (ledger.proto Redemption)."""

    redemption_id: str
    member_id: str
    card_no: int
    sku: str
    uses: int
    authorisation_key: str


@dataclass(frozen=True)
class RewardBody:
    """A reward item taken for points, recorded at the till (ledger.proto Reward)."""

    reward_id: str
    member_id: str
    sku: str
    qty: int
    points: int
    authorisation_key: str


# -- channels: an online order picked and handed over (channel_effects) -------------------


@dataclass(frozen=True)
class ChannelLineBody:
    sku: str
    qty_base: int


@dataclass(frozen=True)
class ChannelPickBody:
    """An online order picked at the store (channels.proto ChannelPick)."""

    reservation_id: str
    till_id: str
    cashier: str
    lines: tuple[ChannelLineBody, ...]


@dataclass(frozen=True)
class ChannelFulfilmentBody:
    """An online order handed over at the store (channels.proto ChannelFulfilment)."""

    reservation_id: str
    till_id: str
    cashier: str
    channel: str
    order_ref: str


@dataclass(frozen=True)
class VoucherRedemptionBody:
    """A group-buy voucher redeemed at the till after head office verified it
    (voucher_entries.proto VoucherRedemptionEntry)."""

    redemption_id: str  # VR000001
    platform: str
    code_masked: str
    product_id: str
    count: int
    request_id: str


@dataclass(frozen=True)
class VoucherCancelBody:
    """A voucher redemption cancelled within the platform's window (VoucherCancelEntry)."""

    redemption_id: str
    platform: str
    code_masked: str
    request_id: str
