"""Expected purchase orders (from head office, to pos), receiving against one, supplier returns."""

from __future__ import annotations

from collections.abc import Iterable

from common.pb.storeledger.v1 import purchasing_pb2
from edge_agent.domain.purchase_orders import ExpectedLine, ExpectedOrder, ReceiveItem
from edge_agent.services.purchasing import OrderDelivery, ReturnResult
from edge_agent.store.journal_codec.stock import supplier_return_pb


def order_pb(order: ExpectedOrder) -> purchasing_pb2.PurchaseOrder:
    return purchasing_pb2.PurchaseOrder(
        po_id=order.po_id,
        supplier_code=order.supplier_code,
        supplier_name=order.supplier_name,
        state=order.state,
        currency=order.currency,
        over_tolerance_pct=order.over_tolerance_pct,
        lines=[
            purchasing_pb2.PurchaseOrderLine(
                line_no=ln.line_no,
                sku=ln.sku,
                name=ln.name,
                ordered_qty_base=ln.ordered_qty_base,
                unit_cost_minor=ln.unit_cost_minor,
                received_qty_base=ln.received_qty_base,
            )
            for ln in order.lines
        ],
        total_minor=order.total_minor,
    )


def expected_order(order: purchasing_pb2.PurchaseOrder) -> ExpectedOrder:
    """An order as head office sent it; this store has received nothing against it yet."""
    return ExpectedOrder(
        po_id=order.po_id,
        supplier_code=order.supplier_code,
        supplier_name=order.supplier_name,
        head_office_state=order.state,
        currency=order.currency,
        over_tolerance_pct=order.over_tolerance_pct,
        lines=tuple(
            ExpectedLine(ln.line_no, ln.sku, ln.name, ln.ordered_qty_base, ln.unit_cost_minor, 0)
            for ln in order.lines
        ),
    )


def receive_items(items: Iterable[purchasing_pb2.ReceiveOrderItem]) -> list[ReceiveItem]:
    return [
        ReceiveItem(i.sku, i.qty_base, i.unit_cost_minor if i.HasField("unit_cost_minor") else None)
        for i in items
    ]


def receive_order_reply(result: OrderDelivery) -> purchasing_pb2.ReceiveOrderReply:
    return purchasing_pb2.ReceiveOrderReply(
        seq=result.seq,
        delivery_id=result.delivery.delivery_id,
        lines=[
            purchasing_pb2.ReceivedLine(
                sku=ln.sku,
                qty_base=ln.qty_base,
                unit_cost_minor=ln.unit_cost_minor,
                expiry_date=ln.expiry_date,
            )
            for ln in result.delivery.lines
        ],
        order=order_pb(result.order),
        warnings=result.warnings,
    )


def return_lines(lines: Iterable[purchasing_pb2.SupplierReturnLine]) -> list[tuple[str, int]]:
    return [(ln.sku, ln.qty_base) for ln in lines]


def return_to_supplier_reply(result: ReturnResult) -> purchasing_pb2.ReturnToSupplierReply:
    return purchasing_pb2.ReturnToSupplierReply(
        seq=result.seq, supplier_return=supplier_return_pb(result.supplier_return)
    )
