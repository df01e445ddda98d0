"""Transfers at the store: keep head office's orders, ship, receive, book corrections.

Shipping and receiving each commit one journal entry (movements, levels, the
transfer's booked sequence) in one transaction. A correction head office
asks for (the sender really shipped less) is booked as a journal entry of
the sending store in the same transaction as the downstream event that
carries it, so it is booked exactly once and reaches head office like any
other entry: the store's and head office's ledgers stay equal.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass

from common.clock import now_ms
from common.logs import log_event
from common.pb.storeledger.v1 import ledger_pb2, transfers_pb2
from edge_agent.domain.transfers import (
    Booked,
    check_known,
    confirmations,
    plan_receipt,
    plan_shipment,
)
from edge_agent.services.context import StoreContext
from edge_agent.services.downstream import apply_once
from edge_agent.store import journal, stock
from edge_agent.store import transfers as store_transfers
from edge_agent.store.transfers import StoreTransferRow

log = logging.getLogger(__name__)

TRANSFER_OUT = ledger_pb2.MOVEMENT_REASON_TRANSFER_OUT
TRANSFER_IN = ledger_pb2.MOVEMENT_REASON_TRANSFER_IN


@dataclass(frozen=True)
class Booking:
    transfer: StoreTransferRow
    seq: int
    lines: list[Booked]

    @property
    def differences(self) -> list[Booked]:
        return [line for line in self.lines if line.qty_base != line.expected_qty_base]


def apply_transfer_order(
    ctx: StoreContext, order: transfers_pb2.TransferOrder, cursor: int
) -> bool:
    """Keep head office's order; book the correction it asks this (sending) store for."""

    def work(conn: sqlite3.Connection) -> None:
        store_transfers.save_order(conn, order, now_ms())
        if order.state == "correcting" and order.from_store == ctx.store_code:
            row = store_transfers.get(conn, order.transfer_id)
            if row is not None and not row.corrected_seq:
                _book_correction(conn, ctx, order)

    return apply_once(ctx, cursor, work)


def _book_correction(
    conn: sqlite3.Connection, ctx: StoreContext, order: transfers_pb2.TransferOrder
) -> None:
    """The difference comes back into this store's stock at the cost it left at (a positive
    transfer_out reverses the shipment); more received than shipped leaves it."""
    lines = [line for line in order.lines if line.resolved_qty_base]
    movements = []
    for line in lines:
        qty = line.resolved_qty_base
        movement = ledger_pb2.Movement(sku=line.sku, qty_base=qty, reason=TRANSFER_OUT)
        if qty > 0:
            movement.unit_cost_minor = line.unit_cost_minor
        movements.append(movement)
    body = transfers_pb2.TransferShipment(
        transfer_id=order.transfer_id,
        from_store=order.from_store,
        to_store=order.to_store,
        kind="correction",
        lines=lines,
    )
    seq = _append(conn, "transfer_correction", f"{order.transfer_id}-correction", "headoffice",
                  movements, transfer_shipment=body)  # fmt: skip
    store_transfers.mark_booked(conn, order.transfer_id, "corrected_seq", seq)
    log_event(log, logging.INFO, "transfer correction booked", transfer=order.transfer_id, seq=seq)


def _append(
    conn: sqlite3.Connection,
    document_type: str,
    document_id: str,
    actor: str,
    movements: list[ledger_pb2.Movement],
    **body: object,
) -> int:
    seq = journal.next_seq(conn)
    entry = ledger_pb2.JournalEntry(
        seq=seq,
        occurred_at_ms=now_ms(),
        actor=actor,
        document_type=document_type,
        document_id=document_id,
        movements=movements,
        **body,  # type: ignore[arg-type]
    )
    journal.append_entry(conn, entry)
    if movements:
        stock.book_movements(conn, seq, movements)
    return seq


def list_transfers(ctx: StoreContext, include_done: bool = False) -> list[StoreTransferRow]:
    """Transfers this store still has to ship or receive (or every one it knows)."""
    with ctx.db.read() as conn:
        rows = store_transfers.all_transfers(conn)
    if include_done:
        return rows
    out = []
    for row in rows:
        order = row.order
        to_ship = order.from_store == ctx.store_code and order.state == "open"
        to_receive = order.to_store == ctx.store_code and order.state == "shipped"
        if (to_ship and not row.shipped_seq) or (to_receive and not row.received_seq):
            out.append(row)
    return out


def ship(
    ctx: StoreContext, transfer_id: str, items: list[tuple[str, int]], actor: str = ""
) -> Booking:
    """Ship a transfer: stock leaves this store (transfer_out), one journal entry."""
    given = confirmations(items)
    with ctx.db.write() as conn:
        row = store_transfers.get(conn, transfer_id)
        check_known(transfer_id, row)
        assert row is not None
        order = row.order
        lines = plan_shipment(
            ctx.store_code,
            transfer_id,
            order.from_store,
            order.to_store,
            order.state,
            row.shipped_seq,
            {line.sku: line.qty_base for line in order.lines},
            given,
        )
        body = transfers_pb2.TransferShipment(
            transfer_id=transfer_id,
            from_store=order.from_store,
            to_store=order.to_store,
            kind="shipment",
            lines=[
                transfers_pb2.TransferLine(
                    sku=line.sku, qty_base=line.expected_qty_base, shipped_qty_base=line.qty_base
                )
                for line in lines
            ],
        )
        movements = [
            ledger_pb2.Movement(sku=line.sku, qty_base=-line.qty_base, reason=TRANSFER_OUT)
            for line in lines
            if line.qty_base
        ]
        seq = _append(conn, "transfer_shipment", f"{transfer_id}-shipment", actor, movements,
                      transfer_shipment=body)  # fmt: skip
        store_transfers.mark_booked(conn, transfer_id, "shipped_seq", seq)
        booked = store_transfers.get(conn, transfer_id)
    assert booked is not None
    log_event(log, logging.INFO, "transfer shipped", transfer=transfer_id, seq=seq)
    return Booking(booked, seq, lines)


def receive(
    ctx: StoreContext, transfer_id: str, items: list[tuple[str, int]], actor: str = ""
) -> Booking:
    """Receive a shipped transfer: stock comes in (transfer_in) at the shipment's cost."""
    given = confirmations(items)
    with ctx.db.write() as conn:
        row = store_transfers.get(conn, transfer_id)
        check_known(transfer_id, row)
        assert row is not None
        order = row.order
        lines = plan_receipt(
            ctx.store_code,
            transfer_id,
            order.from_store,
            order.to_store,
            order.state,
            row.received_seq,
            {line.sku: (line.shipped_qty_base, line.unit_cost_minor) for line in order.lines},
            given,
        )
        body = transfers_pb2.TransferReceipt(
            transfer_id=transfer_id,
            from_store=order.from_store,
            to_store=order.to_store,
            lines=[
                transfers_pb2.TransferLine(
                    sku=line.sku,
                    shipped_qty_base=line.expected_qty_base,
                    received_qty_base=line.qty_base,
                    unit_cost_minor=line.unit_cost_minor,
                )
                for line in lines
            ],
        )
        movements = [
            ledger_pb2.Movement(
                sku=line.sku,
                qty_base=line.qty_base,
                reason=TRANSFER_IN,
                unit_cost_minor=line.unit_cost_minor,
            )
            for line in lines
            if line.qty_base
        ]
        seq = _append(conn, "transfer_receipt", f"{transfer_id}-receipt", actor, movements,
                      transfer_receipt=body)  # fmt: skip
        store_transfers.mark_booked(conn, transfer_id, "received_seq", seq)
        booked = store_transfers.get(conn, transfer_id)
    assert booked is not None
    log_event(log, logging.INFO, "transfer received", transfer=transfer_id, seq=seq)
    return Booking(booked, seq, lines)
