"""Purchasing: suppliers, purchase orders (in replies and sent to the store), supplier returns."""

from __future__ import annotations

from common.pb.storeledger.v1 import purchasing_pb2
from headoffice.domain.purchasing import (
    DEFAULT_OVER_TOLERANCE_PCT,
    OrderView,
    Supplier,
    SupplierReturn,
)


def order_message(view: OrderView) -> purchasing_pb2.PurchaseOrder:
    order = view.order
    return purchasing_pb2.PurchaseOrder(
        po_id=order.po_id,
        store_code=order.store_code,
        supplier_code=order.supplier_code,
        supplier_name=view.supplier_name,
        state=order.state,
        currency=order.currency,
        over_tolerance_pct=order.over_tolerance_pct,
        lines=[
            purchasing_pb2.PurchaseOrderLine(
                line_no=line.line_no,
                sku=line.sku,
                name=view.product_names.get(line.sku, ""),
                ordered_qty_base=line.ordered_qty_base,
                unit_cost_minor=line.unit_cost_minor,
                received_qty_base=line.received_qty_base,
            )
            for line in order.lines
        ],
        created_at_ms=order.created_at_ms,
        created_by=order.created_by,
        updated_at_ms=order.updated_at_ms,
        total_minor=order.total_minor,
    )


def supplier_message(supplier: Supplier) -> purchasing_pb2.Supplier:
    return purchasing_pb2.Supplier(
        code=supplier.code,
        name=supplier.name,
        contact=supplier.contact,
        created_at_ms=supplier.created_at_ms,
        created_by=supplier.created_by,
    )


def return_message(returned: SupplierReturn) -> purchasing_pb2.SupplierReturnInfo:
    return purchasing_pb2.SupplierReturnInfo(
        store_code=returned.store_code,
        seq=returned.seq,
        return_id=returned.return_id,
        supplier_code=returned.supplier_code,
        reason=returned.reason,
        actor=returned.actor,
        occurred_at_ms=returned.occurred_at_ms,
        qty_base=returned.qty_base,
        value_minor=returned.value_minor,
        lines=[purchasing_pb2.SupplierReturnLine(sku=s, qty_base=q) for s, q, _ in returned.lines],
    )


def order_items(request: purchasing_pb2.CreateOrderRequest) -> list[tuple[str, int, int]]:
    """(sku, qty ordered, unit cost) of each requested line."""
    return [(line.sku, line.ordered_qty_base, line.unit_cost_minor) for line in request.lines]


def over_tolerance_pct(request: purchasing_pb2.CreateOrderRequest) -> int:
    """The tolerance asked for, or the default when the request leaves it out."""
    if request.HasField("over_tolerance_pct"):
        return request.over_tolerance_pct
    return DEFAULT_OVER_TOLERANCE_PCT
