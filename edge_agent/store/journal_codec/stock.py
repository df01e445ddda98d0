"""Deliveries, supplier returns, transfers and write-offs <-> protobuf."""

from __future__ import annotations

from common.pb.storeledger.v1 import ledger_pb2, purchasing_pb2, transfers_pb2, write_offs_pb2
from edge_agent.domain.purchase_orders import SupplierReturn, SupplierReturnLine
from edge_agent.domain.receiving import DeliveredLine, SupplierDelivery
from edge_agent.domain.transfers import (
    TransferLine,
    TransferOrder,
    TransferReceipt,
    TransferShipment,
)
from edge_agent.domain.write_offs import WriteOff, WriteOffLine, WriteOffRequest


def delivery_pb(d: SupplierDelivery) -> ledger_pb2.SupplierDelivery:
    return ledger_pb2.SupplierDelivery(
        delivery_id=d.delivery_id,
        supplier_ref=d.supplier_ref,
        lines=[
            ledger_pb2.SupplierDeliveryLine(
                sku=line.sku,
                qty_base=line.qty_base,
                unit_cost_minor=line.unit_cost_minor,
                expiry_date=line.expiry_date,
            )
            for line in d.lines
        ],
        po_id=d.po_id,
    )


def delivery_of(m: ledger_pb2.SupplierDelivery) -> SupplierDelivery:
    return SupplierDelivery(
        delivery_id=m.delivery_id,
        supplier_ref=m.supplier_ref,
        lines=tuple(
            DeliveredLine(ln.sku, ln.qty_base, ln.unit_cost_minor, ln.expiry_date) for ln in m.lines
        ),
        po_id=m.po_id,
    )


def supplier_return_pb(r: SupplierReturn) -> purchasing_pb2.SupplierReturn:
    return purchasing_pb2.SupplierReturn(
        return_id=r.return_id,
        supplier_code=r.supplier_code,
        reason=r.reason,
        lines=[
            purchasing_pb2.SupplierReturnLine(sku=ln.sku, qty_base=ln.qty_base) for ln in r.lines
        ],
    )


def supplier_return_of(m: purchasing_pb2.SupplierReturn) -> SupplierReturn:
    return SupplierReturn(
        return_id=m.return_id,
        supplier_code=m.supplier_code,
        reason=m.reason,
        lines=tuple(SupplierReturnLine(ln.sku, ln.qty_base) for ln in m.lines),
    )


def transfer_line_pb(line: TransferLine) -> transfers_pb2.TransferLine:
    return transfers_pb2.TransferLine(
        sku=line.sku,
        qty_base=line.qty_base,
        shipped_qty_base=line.shipped_qty_base,
        received_qty_base=line.received_qty_base,
        unit_cost_minor=line.unit_cost_minor,
        resolved_qty_base=line.resolved_qty_base,
    )


def transfer_line_of(m: transfers_pb2.TransferLine) -> TransferLine:
    return TransferLine(
        sku=m.sku,
        qty_base=m.qty_base,
        shipped_qty_base=m.shipped_qty_base,
        received_qty_base=m.received_qty_base,
        unit_cost_minor=m.unit_cost_minor,
        resolved_qty_base=m.resolved_qty_base,
    )


def transfer_order_pb(o: TransferOrder) -> transfers_pb2.TransferOrder:
    return transfers_pb2.TransferOrder(
        transfer_id=o.transfer_id,
        from_store=o.from_store,
        to_store=o.to_store,
        lines=[transfer_line_pb(line) for line in o.lines],
        state=o.state,
        created_at_ms=o.created_at_ms,
        created_by=o.created_by,
        resolution=o.resolution,
    )


def transfer_order_of(m: transfers_pb2.TransferOrder) -> TransferOrder:
    return TransferOrder(
        transfer_id=m.transfer_id,
        from_store=m.from_store,
        to_store=m.to_store,
        lines=tuple(transfer_line_of(line) for line in m.lines),
        state=m.state,
        created_at_ms=m.created_at_ms,
        created_by=m.created_by,
        resolution=m.resolution,
    )


def transfer_shipment_pb(s: TransferShipment) -> transfers_pb2.TransferShipment:
    return transfers_pb2.TransferShipment(
        transfer_id=s.transfer_id,
        from_store=s.from_store,
        to_store=s.to_store,
        lines=[transfer_line_pb(line) for line in s.lines],
        kind=s.kind,
    )


def transfer_receipt_pb(r: TransferReceipt) -> transfers_pb2.TransferReceipt:
    return transfers_pb2.TransferReceipt(
        transfer_id=r.transfer_id,
        from_store=r.from_store,
        to_store=r.to_store,
        lines=[transfer_line_pb(line) for line in r.lines],
    )


def write_off_line_pb(line: WriteOffLine) -> write_offs_pb2.WriteOffLine:
    return write_offs_pb2.WriteOffLine(
        sku=line.sku,
        qty_base=line.qty_base,
        unit_cost_minor=line.unit_cost_minor,
        value_minor=line.value_minor,
    )


def write_off_pb(w: WriteOff) -> write_offs_pb2.WriteOff:
    return write_offs_pb2.WriteOff(
        write_off_id=w.write_off_id,
        reason=w.reason,
        note=w.note,
        lines=[write_off_line_pb(line) for line in w.lines],
        value_minor=w.value_minor,
        origin=w.origin,
        approved_by=w.approved_by,
    )


def write_off_request_pb(w: WriteOffRequest) -> write_offs_pb2.WriteOffRequest:
    return write_offs_pb2.WriteOffRequest(
        write_off_id=w.write_off_id,
        reason=w.reason,
        note=w.note,
        lines=[write_off_line_pb(line) for line in w.lines],
        value_minor=w.value_minor,
        threshold_minor=w.threshold_minor,
    )
