"""Which service applies each kind of downstream event (keyed by DownstreamEvent's oneof name).

Each handler translates its event from protobuf to the domain
(edge_agent.api.messages) and calls one service, which applies it idempotently
and records the cursor in the same transaction
(edge_agent.services.downstream.apply_once); it returns True when the event
was applied, False when it had been applied before.
"""

from __future__ import annotations

from collections.abc import Callable

from common.pb.storeledger.v1 import catalogue_pb2, sync_pb2, transfers_pb2, write_offs_pb2
from edge_agent.api.messages.catalogue import catalogue_change
from edge_agent.api.messages.channel_orders import sent_order
from edge_agent.api.messages.counts import count_order
from edge_agent.api.messages.promotions import store_promotion
from edge_agent.api.messages.purchasing import expected_order
from edge_agent.api.messages.till_staff import staff_member
from edge_agent.api.messages.transfers import transfer_order
from edge_agent.api.messages.write_offs import write_off_decision
from edge_agent.services import (
    catalogue,
    channel_orders,
    count_approval,
    handover_counts,
    promotions,
    purchasing,
    staff_list,
    transfers,
    write_offs,
)
from edge_agent.services.context import StoreContext
from edge_agent.store.journal_codec.counts import tolerance_of

Handler = Callable[[StoreContext, sync_pb2.DownstreamEvent], bool]


def apply_product(ctx: StoreContext, product: catalogue_pb2.Product, cursor: int) -> bool:
    return catalogue.apply_catalogue_change(ctx, catalogue_change(product), cursor)


def apply_transfer_order(
    ctx: StoreContext, order: transfers_pb2.TransferOrder, cursor: int
) -> bool:
    return transfers.apply_transfer_order(ctx, transfer_order(order), cursor)


def apply_expected_order(ctx: StoreContext, event: sync_pb2.DownstreamEvent) -> bool:
    order = expected_order(event.purchase_order.order)
    return purchasing.apply_expected_order(ctx, order, event.cursor)


def apply_write_off_order(
    ctx: StoreContext, order: write_offs_pb2.WriteOffOrder, cursor: int
) -> bool:
    return write_offs.apply_write_off_decision(ctx, write_off_decision(order), cursor)


def apply_write_off_policy(
    ctx: StoreContext, policy: write_offs_pb2.WriteOffPolicy, cursor: int
) -> bool:
    return write_offs.apply_write_off_threshold(ctx, policy.approval_threshold_minor, cursor)


def _product(ctx: StoreContext, event: sync_pb2.DownstreamEvent) -> bool:
    return apply_product(ctx, event.product.product, event.cursor)


def _transfer(ctx: StoreContext, event: sync_pb2.DownstreamEvent) -> bool:
    return apply_transfer_order(ctx, event.transfer, event.cursor)


def _write_off_order(ctx: StoreContext, event: sync_pb2.DownstreamEvent) -> bool:
    return apply_write_off_order(ctx, event.write_off_order, event.cursor)


def _write_off_policy(ctx: StoreContext, event: sync_pb2.DownstreamEvent) -> bool:
    return apply_write_off_policy(ctx, event.write_off_policy, event.cursor)


def apply_count_order(ctx: StoreContext, event: sync_pb2.DownstreamEvent) -> bool:
    """Head office opens, cancels or approves a count session (stocktake)."""
    return count_approval.apply_count_order(ctx, count_order(event.count_order), event.cursor)


def apply_count_policy(ctx: StoreContext, event: sync_pb2.DownstreamEvent) -> bool:
    """The chain's count tolerance, which the store's own count sessions open with."""
    tolerance = tolerance_of(event.count_policy.tolerance)
    return count_approval.apply_count_policy(ctx, tolerance, event.cursor)


def apply_key_items(ctx: StoreContext, event: sync_pb2.DownstreamEvent) -> bool:
    """The store's key items for handover spot counts, set at head office."""
    order = event.key_items
    return handover_counts.apply_key_items(ctx, list(order.skus), order.by, event.cursor)


def _till_staff(ctx: StoreContext, event: sync_pb2.DownstreamEvent) -> bool:
    return staff_list.apply_staff_member(ctx, staff_member(event.till_staff), event.cursor)


def apply_promotion(ctx: StoreContext, event: sync_pb2.DownstreamEvent) -> bool:
    """A promotion created or ended at head office: the store keeps head office's copy."""
    return promotions.apply_promotion(ctx, store_promotion(event.promotion), event.cursor)


def apply_channel_order(ctx: StoreContext, event: sync_pb2.DownstreamEvent) -> bool:
    """An online order confirmed for the store to pick and hand over, or cancelled."""
    return channel_orders.apply_channel_order(ctx, sent_order(event.channel_order), event.cursor)


HANDLERS: dict[str, Handler] = {
    "product": _product,
    "transfer": _transfer,
    "purchase_order": apply_expected_order,
    "write_off_order": _write_off_order,
    "write_off_policy": _write_off_policy,
    "till_staff": _till_staff,
    "count_order": apply_count_order,
    "count_policy": apply_count_policy,
    "key_items": apply_key_items,
    "promotion": apply_promotion,
    "channel_order": apply_channel_order,
}
