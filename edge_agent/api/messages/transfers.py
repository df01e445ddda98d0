"""Transfers as this store sees them (pos transfer), and head office's orders coming down."""

from __future__ import annotations

from collections.abc import Iterable

from common.pb.storeledger.v1 import transfers_pb2
from edge_agent.domain.transfers import StoreTransfer, TransferOrder
from edge_agent.services.transfers import Booking
from edge_agent.store.journal_codec.stock import transfer_order_of, transfer_order_pb


def transfer_order(order: transfers_pb2.TransferOrder) -> TransferOrder:
    return transfer_order_of(order)


def store_transfer(transfer: StoreTransfer, direction: str) -> transfers_pb2.StoreTransfer:
    return transfers_pb2.StoreTransfer(
        order=transfer_order_pb(transfer.order),
        direction=direction,
        shipped_seq=transfer.shipped_seq,
        received_seq=transfer.received_seq,
        corrected_seq=transfer.corrected_seq,
    )


def items(given: Iterable[transfers_pb2.TransferItem]) -> list[tuple[str, int]]:
    return [(item.sku, item.qty_base) for item in given]


def booking_reply(booking: Booking) -> transfers_pb2.StoreTransferReply:
    return transfers_pb2.StoreTransferReply(
        transfer=store_transfer(booking.transfer, booking.direction),
        seq=booking.seq,
        lines=[
            transfers_pb2.TransferLine(
                sku=line.sku,
                shipped_qty_base=line.expected_qty_base,
                received_qty_base=line.qty_base,
                unit_cost_minor=line.unit_cost_minor,
            )
            for line in booking.lines
        ],
    )
