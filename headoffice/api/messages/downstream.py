"""What a store receives down its Downstream stream: a changed product or a queued event.

store_event_message encodes a domain event (headoffice.domain.store_events)
for the downstream repository, which keeps it as the bytes the store will
receive; feed_event turns a feed item back into the message to send, its
cursor set.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence

from common.pb.storeledger.v1 import (
    catalogue_pb2,
    purchasing_pb2,
    stocktake_pb2,
    sync_pb2,
    write_offs_pb2,
)
from headoffice.api.messages.catalogue import product_message
from headoffice.api.messages.channels import channel_order
from headoffice.api.messages.counts import count_order, tolerance_message
from headoffice.api.messages.promotions import promotion_message
from headoffice.api.messages.purchasing import order_message
from headoffice.api.messages.till_staff import till_staff_member
from headoffice.api.messages.transfers import transfer_order
from headoffice.api.messages.write_offs import write_off_order
from headoffice.domain.catalogue import Product
from headoffice.domain.store_events import (
    ChannelOrderChanged,
    CountOrdered,
    CountPolicyChanged,
    FeedItem,
    KeyItemsSet,
    PromotionChanged,
    PurchaseOrderExpected,
    StoreEvent,
    TillStaffChanged,
    TransferChanged,
    WriteOffDecided,
    WriteOffPolicyChanged,
)


def store_event_message(event: StoreEvent) -> sync_pb2.DownstreamEvent:
    """The DownstreamEvent a store receives for a domain event (cursor and time unset)."""
    if isinstance(event, TransferChanged):
        return sync_pb2.DownstreamEvent(transfer=transfer_order(event.transfer))
    if isinstance(event, PurchaseOrderExpected):
        return sync_pb2.DownstreamEvent(
            purchase_order=purchasing_pb2.PurchaseOrderExpected(order=order_message(event.order))
        )
    if isinstance(event, WriteOffDecided):
        return sync_pb2.DownstreamEvent(write_off_order=write_off_order(event.write_off))
    if isinstance(event, WriteOffPolicyChanged):
        return sync_pb2.DownstreamEvent(
            write_off_policy=write_offs_pb2.WriteOffPolicy(
                approval_threshold_minor=event.approval_threshold_minor
            )
        )
    if isinstance(event, TillStaffChanged):
        return sync_pb2.DownstreamEvent(till_staff=till_staff_member(event.member, secrets=True))
    if isinstance(event, CountOrdered):
        return sync_pb2.DownstreamEvent(
            count_order=count_order(
                event.session, event.action, event.by, event.second_by, event.note
            )
        )
    if isinstance(event, CountPolicyChanged):
        return sync_pb2.DownstreamEvent(
            count_policy=stocktake_pb2.CountPolicy(tolerance=tolerance_message(event.tolerance))
        )
    if isinstance(event, KeyItemsSet):
        return sync_pb2.DownstreamEvent(
            key_items=stocktake_pb2.KeyItemsOrder(skus=list(event.skus), by=event.by)
        )
    if isinstance(event, PromotionChanged):
        return sync_pb2.DownstreamEvent(promotion=promotion_message(event.promotion))
    if isinstance(event, ChannelOrderChanged):
        return sync_pb2.DownstreamEvent(channel_order=channel_order(event.reservation))
    raise TypeError(f"{event!r} is not an event head office sends to a store")


def encode_store_event(event: StoreEvent, created_at_ms: int) -> bytes:
    """The event as the feed keeps it: the message with its time, the cursor left 0."""
    message = store_event_message(event)
    message.created_at_ms = created_at_ms
    return message.SerializeToString()


def feed_event(item: FeedItem) -> sync_pb2.DownstreamEvent:
    """The message a store is sent for one item of its feed (a product at the chain price:
    one message shared by every store, not to be changed)."""
    if item.event_payload is not None:
        event = sync_pb2.DownstreamEvent.FromString(item.event_payload)
        event.cursor = item.cursor
        return event
    if item.product is None:
        raise ValueError(f"feed item {item.cursor} has neither a product nor an event")
    if item.store_price_minor is None:
        return _chain_product_event(item.cursor, item.created_at_ms, item.product)
    return _product_event(item.cursor, item.created_at_ms, item.product, item.store_price_minor)


def _product_event(
    cursor: int, created_at_ms: int, product: Product, store_price_minor: int | None
) -> sync_pb2.DownstreamEvent:
    return sync_pb2.DownstreamEvent(
        cursor=cursor,
        created_at_ms=created_at_ms,
        product=catalogue_pb2.ProductChange(product=product_message(product, store_price_minor)),
    )


# A catalogue change at the chain price is the same message for every store that reads it
# (a price change reaching 200 stores built 200 times over was most of head office's fan-out
# once the pages were shared: store.feed_pages), so it is built once. The message returned
# is shared: callers send or copy it, never change it.
PRODUCT_EVENTS = 40_000


@functools.lru_cache(maxsize=PRODUCT_EVENTS)
def _chain_product_event(
    cursor: int, created_at_ms: int, product: Product
) -> sync_pb2.DownstreamEvent:
    return _product_event(cursor, created_at_ms, product, None)


def feed_messages(items: Sequence[FeedItem], batches: bool) -> Iterator[sync_pb2.DownstreamEvent]:
    """The messages for a page of a store's feed, in order: with `batches` (the agent said it
    reads them) each run of consecutive catalogue changes goes as one ProductBatch event, so a
    30,000-SKU price change is 60 writes to each store's stream instead of 30,000; every
    other item, and every item without `batches`, goes as an event of its own."""
    run: list[sync_pb2.DownstreamEvent] = []
    for item in items:
        event = feed_event(item)
        if batches and item.product is not None:
            run.append(event)
            continue
        if run:
            yield _batch(run)
            run = []
        yield event
    if run:
        yield _batch(run)


def _batch(run: list[sync_pb2.DownstreamEvent]) -> sync_pb2.DownstreamEvent:
    if len(run) == 1:
        return run[0]
    return sync_pb2.DownstreamEvent(
        cursor=run[-1].cursor,
        created_at_ms=run[-1].created_at_ms,
        products=sync_pb2.ProductBatch(changes=run),
    )
