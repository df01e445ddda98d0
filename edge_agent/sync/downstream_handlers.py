"""Which service applies each kind of downstream event (keyed by DownstreamEvent's oneof name).

Each handler applies its event idempotently and records the cursor in the same
transaction (edge_agent.services.downstream.apply_once); it returns True when
the event was applied, False when it had been applied before.
"""

from __future__ import annotations

from collections.abc import Callable

from common.pb.storeledger.v1 import sync_pb2
from edge_agent.services.catalogue import apply_catalogue_change
from edge_agent.services.context import StoreContext
from edge_agent.services.purchasing import apply_expected_order
from edge_agent.services.transfers import apply_transfer_order
from edge_agent.services.write_offs import apply_write_off_order, apply_write_off_policy

Handler = Callable[[StoreContext, sync_pb2.DownstreamEvent], bool]


def _product(ctx: StoreContext, event: sync_pb2.DownstreamEvent) -> bool:
    return apply_catalogue_change(ctx, event.product.product, event.cursor)


def _transfer(ctx: StoreContext, event: sync_pb2.DownstreamEvent) -> bool:
    return apply_transfer_order(ctx, event.transfer, event.cursor)


def _write_off_order(ctx: StoreContext, event: sync_pb2.DownstreamEvent) -> bool:
    return apply_write_off_order(ctx, event.write_off_order, event.cursor)


def _write_off_policy(ctx: StoreContext, event: sync_pb2.DownstreamEvent) -> bool:
    return apply_write_off_policy(ctx, event.write_off_policy, event.cursor)


HANDLERS: dict[str, Handler] = {
    "product": _product,
    "transfer": _transfer,
    "purchase_order": apply_expected_order,
    "write_off_order": _write_off_order,
    "write_off_policy": _write_off_policy,
}
