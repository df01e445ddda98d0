"""Transfers: TransferOrder (to both stores and in replies), TransferInfo, stock in transit."""

from __future__ import annotations

from collections.abc import Sequence

from common.domain.money import DEFAULT_CURRENCY
from common.pb.storeledger.v1 import transfers_pb2
from headoffice.domain.transfers import InTransitLine, Transfer, in_transit_value, loss_value


def transfer_order(transfer: Transfer) -> transfers_pb2.TransferOrder:
    return transfers_pb2.TransferOrder(
        transfer_id=transfer.transfer_id,
        from_store=transfer.from_store,
        to_store=transfer.to_store,
        state=transfer.state,
        created_at_ms=transfer.created_at_ms,
        created_by=transfer.created_by,
        resolution=transfer.resolution,
        lines=[
            transfers_pb2.TransferLine(
                sku=line.sku,
                qty_base=line.qty_base,
                shipped_qty_base=line.shipped_qty_base,
                received_qty_base=line.received_qty_base,
                unit_cost_minor=line.unit_cost_minor,
                resolved_qty_base=line.resolved_qty_base,
            )
            for line in transfer.lines
        ],
    )


def transfer_info(transfer: Transfer) -> transfers_pb2.TransferInfo:
    return transfers_pb2.TransferInfo(
        order=transfer_order(transfer),
        updated_at_ms=transfer.updated_at_ms,
        shipped_at_ms=transfer.shipped_at_ms,
        received_at_ms=transfer.received_at_ms,
        resolved_at_ms=transfer.resolved_at_ms,
        resolved_by=transfer.resolved_by,
        in_transit_value_minor=in_transit_value(transfer),
        loss_value_minor=loss_value(transfer),
        currency=DEFAULT_CURRENCY,
    )


def requested_lines(request: transfers_pb2.CreateTransferRequest) -> list[tuple[str, int]]:
    return [(item.sku, item.qty_base) for item in request.items]


def in_transit_reply(lines: Sequence[InTransitLine]) -> transfers_pb2.InTransitReply:
    return transfers_pb2.InTransitReply(
        rows=[
            transfers_pb2.InTransitRow(
                transfer_id=line.transfer_id,
                from_store=line.from_store,
                to_store=line.to_store,
                sku=line.sku,
                qty_base=line.qty_base,
                unit_cost_minor=line.unit_cost_minor,
                value_minor=line.value_minor,
                state=line.state,
            )
            for line in lines
        ],
        total_qty_base=sum(line.qty_base for line in lines),
        total_value_minor=sum(line.value_minor for line in lines),
        currency=DEFAULT_CURRENCY,
    )
