"""Purchasing at the store: orders head office sent, receiving against one, supplier returns.

A delivery against an order is an ordinary supplier-delivery journal entry that names
the order (po_id), committed with the order's raised received
quantities in one transaction; head office updates its order when it applies
the entry. A supplier return moves stock out (SUPPLIER_RETURN) without a
cost: head office values it at its moving-average cost.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace

from common import journal_kinds as jk
from common.domain.product import resolve_code
from common.ids import new_document_id
from common.logs import log_event
from edge_agent.domain.idempotency import keyed
from edge_agent.domain.purchase_orders import (
    ExpectedOrder,
    ReceiveItem,
    SupplierReturn,
    SupplierReturnLine,
    check_supplier_return,
    plan_delivery,
)
from edge_agent.domain.purchasing_errors import UnknownPurchaseOrder
from edge_agent.domain.receiving import SupplierDelivery, lines_with_lots
from edge_agent.services.context import StoreContext
from edge_agent.services.downstream import apply_once
from edge_agent.services.keys import remember, replayed

log = logging.getLogger(__name__)


def apply_expected_order(ctx: StoreContext, order: ExpectedOrder, cursor: int) -> bool:
    """Record an order head office sent (or its new state), once per cursor."""
    if not order.currency:
        order = replace(order, currency=ctx.currency)
    return apply_once(ctx, cursor, lambda uow: uow.purchase_orders.save_expected(order, cursor))


def expected_orders(ctx: StoreContext, include_finished: bool = False) -> list[ExpectedOrder]:
    with ctx.db.read() as uow:
        orders = uow.purchase_orders.all()
    if include_finished:
        return orders
    return [o for o in orders if o.state not in ("closed", "cancelled")]


@dataclass(frozen=True)
class OrderDelivery:
    seq: int
    delivery: SupplierDelivery
    order: ExpectedOrder
    warnings: list[str]
    replayed: bool


def receive_against_order(
    ctx: StoreContext,
    po_id: str,
    items: list[ReceiveItem],
    allow_over: bool = False,
    actor: str = "",
    supplier_ref: str = "",
    idempotency_key: str = "",
    expiry_dates: Mapping[str, str] | None = None,
) -> OrderDelivery:
    """Book a delivery against an order: default the remaining quantities at the order's cost;
    `expiry_dates` (SKU -> YYYY-MM-DD) the best-before day of the lots received."""
    po_id = po_id.strip().upper()
    expiry = dict(sorted((expiry_dates or {}).items()))
    content: tuple[object, ...] = ("receive_order", po_id, items, allow_over, supplier_ref.strip())
    # Expiry days join the fingerprint only when given: a key recorded before they could be
    # still matches its retry.
    request = keyed("supplier_delivery", idempotency_key, content + ((expiry,) if expiry else ()))
    with ctx.db.write() as uow:
        recorded = replayed(uow, request)
        if recorded is not None:
            delivery = uow.journal.delivery_at(recorded)
            order = uow.purchase_orders.get(delivery.po_id)
            assert order is not None
            return OrderDelivery(recorded, delivery, order, [], True)
        order = uow.purchase_orders.get(po_id)
        if order is None:
            raise UnknownPurchaseOrder(po_id, ctx.store_code)
        plan = plan_delivery(order, items, allow_over)
        delivery = SupplierDelivery(
            delivery_id=new_document_id(),
            supplier_ref=supplier_ref.strip() or po_id,
            lines=lines_with_lots(plan.lines, expiry, po_id),
            po_id=po_id,
        )
        entry = uow.journal.append(
            jk.SUPPLIER_DELIVERY, delivery.delivery_id, actor, delivery, delivery.movements()
        )
        uow.deliveries.insert(entry.seq, delivery, actor, idempotency_key)
        remember(uow, request, entry.seq)
        uow.purchase_orders.add_received(po_id, plan.lines)
        after = uow.purchase_orders.get(po_id)
        assert after is not None
    log_event(
        log, logging.INFO, "delivery received against purchase order",
        seq=entry.seq, purchase_order=po_id, lines=len(plan.lines), state=after.state,
    )  # fmt: skip
    return OrderDelivery(entry.seq, delivery, after, plan.warnings, False)


@dataclass(frozen=True)
class ReturnResult:
    seq: int
    supplier_return: SupplierReturn
    replayed: bool


def return_to_supplier(
    ctx: StoreContext,
    supplier_code: str,
    items: list[tuple[str, int]],
    reason: str,
    actor: str = "",
    idempotency_key: str = "",
) -> ReturnResult:
    """Send goods back to a supplier: stock moves out, valued at cost by head office."""
    supplier_code, reason = check_supplier_return(supplier_code, reason, items)
    request = keyed("supplier_return", idempotency_key, (supplier_code, reason, items))
    with ctx.db.write() as uow:
        recorded = replayed(uow, request)
        if recorded is not None:
            return ReturnResult(recorded, uow.journal.supplier_return_at(recorded), True)
        lines = tuple(
            SupplierReturnLine(
                resolve_code(code, uow.catalogue.find_product, ctx.store_code).sku, qty
            )
            for code, qty in items
        )
        body = SupplierReturn(new_document_id(), supplier_code, reason, lines)
        entry = uow.journal.append(
            jk.SUPPLIER_RETURN, body.return_id, actor, body, body.movements()
        )
        uow.purchase_orders.insert_supplier_return(
            body.return_id, entry.seq, supplier_code, reason, actor, idempotency_key
        )
        remember(uow, request, entry.seq)
    log_event(
        log, logging.INFO, "goods returned to supplier",
        seq=entry.seq, supplier=supplier_code, lines=len(lines),
    )  # fmt: skip
    return ReturnResult(entry.seq, body, False)
