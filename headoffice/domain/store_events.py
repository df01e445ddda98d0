"""What head office sends a store down its feed, and the feed a store reads.

A use case queues an event for a store inside its own transaction
(uow.downstream.enqueue_store_event); the downstream repository keeps it in
the form the store receives it (encoded by headoffice/api/messages/
downstream.py) under the feed's cursor, so reading the feed hands each event
back as those bytes, untouched, beside the catalogue's changed products.
"""

from __future__ import annotations

from dataclasses import dataclass

from common.domain import stocktake as st
from headoffice.domain.catalogue import Product
from headoffice.domain.channels import Reservation
from headoffice.domain.counts import CountSession
from headoffice.domain.promotions import Promotion
from headoffice.domain.purchasing import OrderView
from headoffice.domain.till_staff import TillStaffMember
from headoffice.domain.transfers import Transfer
from headoffice.domain.write_offs import WriteOff


@dataclass(frozen=True)
class TransferChanged:
    """A transfer changed state: both its stores are told (TransferOrder)."""

    transfer: Transfer


@dataclass(frozen=True)
class PurchaseOrderExpected:
    """An order was sent, cancelled or closed: its store expects the delivery, or not."""

    order: OrderView


@dataclass(frozen=True)
class WriteOffDecided:
    """A write-off was approved (the store commits it) or rejected (the store shows why)."""

    write_off: WriteOff


@dataclass(frozen=True)
class WriteOffPolicyChanged:
    """The chain's write-off approval threshold, for a store that was not sent it."""

    approval_threshold_minor: int


@dataclass(frozen=True)
class TillStaffChanged:
    """A member of a store's till staff was added or changed: the store replaces its row."""

    member: TillStaffMember


@dataclass(frozen=True)
class CountOrdered:
    """Head office opens, cancels or approves a count session at its store (CountOrder).

    action: open | cancel | approve; `by` and `second_by` name the approvers."""

    session: CountSession
    action: str
    by: str = ""
    second_by: str = ""
    note: str = ""


@dataclass(frozen=True)
class CountPolicyChanged:
    """The chain's count tolerance, for a store that was not sent it (its own sessions')."""

    tolerance: st.Tolerance


@dataclass(frozen=True)
class KeyItemsSet:
    """A store's key items for handover spot counts, set at head office (KeyItemsOrder)."""

    skus: tuple[str, ...]
    by: str


@dataclass(frozen=True)
class PromotionChanged:
    """A promotion was created or ended: the stores in its scope replace their copy."""

    promotion: Promotion


@dataclass(frozen=True)
class ChannelOrderChanged:
    """A channel's order was confirmed (the store picks it) or, once sent, cancelled."""

    reservation: Reservation


StoreEvent = (
    TransferChanged
    | PurchaseOrderExpected
    | WriteOffDecided
    | WriteOffPolicyChanged
    | TillStaffChanged
    | CountOrdered
    | CountPolicyChanged
    | KeyItemsSet
    | PromotionChanged
    | ChannelOrderChanged
)


@dataclass(frozen=True)
class FeedItem:
    """One row of a store's feed: a changed product (with the store's own price, if any) or
    an event queued for the store, as the bytes the store receives (the cursor set by the API)."""

    cursor: int
    created_at_ms: int
    product: Product | None = None
    event_payload: bytes | None = None
    store_price_minor: int | None = None


@dataclass(frozen=True)
class FeedPage:
    items: list[FeedItem]
    last_cursor: int  # the newest row read, even one with nothing to send
    full: bool  # the page hit its limit: read again at once
