"""Purchasing at the store: orders head office sent, receiving against one, supplier returns.

A receipt against an order is an ordinary receipt journal entry that names
the order (Receipt.purchase_order_id), committed with the order's raised
received quantities in one transaction; head office updates its order when
it applies the entry. A supplier return moves stock out (SUPPLIER_RETURN)
without a cost: head office values it at its moving-average cost.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from common.clock import now_ms
from common.ids import new_document_id
from common.logs import log_event
from common.pb.storeledger.v1 import ledger_pb2, purchasing_pb2, sync_pb2
from edge_agent.domain.product import resolve_code
from edge_agent.domain.purchase_orders import (
    ExpectedLine,
    ExpectedOrder,
    ReceiveItem,
    check_supplier_return,
    plan_receipt,
)
from edge_agent.domain.purchasing_errors import UnknownPurchaseOrder
from edge_agent.services.context import StoreContext
from edge_agent.services.downstream import apply_once
from edge_agent.store import catalogue, documents, journal, purchase_orders, stock

log = logging.getLogger(__name__)


def apply_expected_order(ctx: StoreContext, event: sync_pb2.DownstreamEvent) -> bool:
    """Record an order head office sent (or its new state), once per cursor."""
    order = event.purchase_order.order
    expected = ExpectedOrder(
        po_id=order.po_id,
        supplier_code=order.supplier_code,
        supplier_name=order.supplier_name,
        head_office_state=order.state,
        currency=order.currency or ctx.currency,
        over_tolerance_pct=order.over_tolerance_pct,
        lines=tuple(
            ExpectedLine(ln.line_no, ln.sku, ln.name, ln.qty_ordered, ln.unit_cost_minor, 0)
            for ln in order.lines
        ),
    )
    return apply_once(
        ctx,
        event.cursor,
        lambda conn: purchase_orders.save_expected(conn, expected, event.cursor),
    )


def expected_orders(ctx: StoreContext, include_finished: bool = False) -> list[ExpectedOrder]:
    with ctx.db.read() as conn:
        orders = purchase_orders.list_orders(conn)
    if include_finished:
        return orders
    return [o for o in orders if o.state not in ("closed", "cancelled")]


@dataclass(frozen=True)
class OrderReceipt:
    seq: int
    receipt: ledger_pb2.Receipt
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
) -> OrderReceipt:
    """Book a delivery against an order: default the remaining quantities at the order's cost."""
    po_id = po_id.strip().upper()
    with ctx.db.write() as conn:
        recorded = documents.receipt_seq_by_key(conn, idempotency_key)
        if recorded is not None:
            receipt = journal.entry_at(conn, recorded).receipt
            order = purchase_orders.get_order(conn, receipt.purchase_order_id)
            assert order is not None
            return OrderReceipt(recorded, receipt, order, [], True)
        order = purchase_orders.get_order(conn, po_id)
        if order is None:
            raise UnknownPurchaseOrder(po_id, ctx.store_code)
        plan = plan_receipt(order, items, allow_over)
        seq = journal.next_seq(conn)
        receipt = ledger_pb2.Receipt(
            receipt_id=new_document_id(),
            supplier_ref=supplier_ref.strip() or po_id,
            purchase_order_id=po_id,
            lines=[
                ledger_pb2.ReceiptLine(sku=sku, qty_base=qty, unit_cost_minor=cost)
                for sku, qty, cost in plan.lines
            ],
        )
        entry = ledger_pb2.JournalEntry(
            seq=seq,
            occurred_at_ms=now_ms(),
            actor=actor,
            document_type="receipt",
            document_id=receipt.receipt_id,
            movements=[
                ledger_pb2.Movement(
                    sku=sku,
                    qty_base=qty,
                    reason=ledger_pb2.MOVEMENT_REASON_RECEIPT,
                    unit_cost_minor=cost,
                )
                for sku, qty, cost in plan.lines
            ],
            receipt=receipt,
        )
        journal.append_entry(conn, entry)
        documents.insert_receipt(conn, seq, receipt, actor, idempotency_key)
        stock.book_movements(conn, seq, list(entry.movements))
        purchase_orders.add_received(conn, po_id, plan.lines)
        after = purchase_orders.get_order(conn, po_id)
        assert after is not None
    log_event(
        log, logging.INFO, "delivery received against purchase order",
        seq=seq, purchase_order=po_id, lines=len(plan.lines), state=after.state,
    )  # fmt: skip
    return OrderReceipt(seq, receipt, after, plan.warnings, False)


@dataclass(frozen=True)
class ReturnResult:
    seq: int
    supplier_return: purchasing_pb2.SupplierReturn
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
    with ctx.db.write() as conn:
        recorded = purchase_orders.supplier_return_seq_by_key(conn, idempotency_key)
        if recorded is not None:
            return ReturnResult(recorded, journal.entry_at(conn, recorded).supplier_return, True)
        lines = []
        for code, qty in items:
            product = resolve_code(code, lambda c: catalogue.find_product(conn, c), ctx.store_code)
            lines.append((product.sku, qty))
        seq = journal.next_seq(conn)
        body = purchasing_pb2.SupplierReturn(
            return_id=new_document_id(),
            supplier_code=supplier_code,
            reason=reason,
            lines=[purchasing_pb2.SupplierReturnLine(sku=sku, qty_base=qty) for sku, qty in lines],
        )
        entry = ledger_pb2.JournalEntry(
            seq=seq,
            occurred_at_ms=now_ms(),
            actor=actor,
            document_type="supplier_return",
            document_id=body.return_id,
            movements=[
                ledger_pb2.Movement(
                    sku=sku, qty_base=-qty, reason=ledger_pb2.MOVEMENT_REASON_SUPPLIER_RETURN
                )
                for sku, qty in lines
            ],
            supplier_return=body,
        )
        journal.append_entry(conn, entry)
        purchase_orders.insert_supplier_return(
            conn, body.return_id, seq, supplier_code, reason, actor, idempotency_key
        )
        stock.book_movements(conn, seq, list(entry.movements))
    log_event(
        log, logging.INFO, "goods returned to supplier",
        seq=seq, supplier=supplier_code, lines=len(lines),
    )  # fmt: skip
    return ReturnResult(seq, body, False)
