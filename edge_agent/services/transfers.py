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
from dataclasses import dataclass

from common import journal_kinds as jk
from common.clock import now_ms
from common.domain.transfer_states import CORRECTING, OPEN, SHIPPED
from common.logs import log_event
from edge_agent.domain.idempotency import keyed
from edge_agent.domain.transfers import (
    Booked,
    StoreTransfer,
    TransferOrder,
    check_known,
    confirmations,
    correction_of,
    direction,
    plan_shipment,
    plan_transfer_receipt,
    shipment_movements,
    shipment_of,
    transfer_receipt_movements,
    transfer_receipt_of,
)
from edge_agent.services.context import StoreContext
from edge_agent.services.downstream import apply_once
from edge_agent.services.keys import remember, replayed
from edge_agent.store.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Booking:
    transfer: StoreTransfer
    direction: str  # out (this store ships), in (this store receives)
    seq: int
    lines: list[Booked]

    @property
    def differences(self) -> list[Booked]:
        return [line for line in self.lines if line.qty_base != line.expected_qty_base]


def apply_transfer_order(ctx: StoreContext, order: TransferOrder, cursor: int) -> bool:
    """Keep head office's order; book the correction it asks this (sending) store for."""

    def work(uow: UnitOfWork) -> None:
        uow.transfers.save_order(order, now_ms())
        if order.state == CORRECTING and order.from_store == ctx.store_code:
            known = uow.transfers.get(order.transfer_id)
            if known is not None and not known.corrected_seq:
                _book_correction(uow, order)

    return apply_once(ctx, cursor, work)


def _book_correction(uow: UnitOfWork, order: TransferOrder) -> None:
    body, movements = correction_of(order)
    document_id = f"{order.transfer_id}-correction"
    entry = uow.journal.append(jk.TRANSFER_CORRECTION, document_id, "headoffice", body, movements)
    uow.transfers.mark_booked(order.transfer_id, "corrected_seq", entry.seq)
    log_event(
        log, logging.INFO, "transfer correction booked", transfer=order.transfer_id, seq=entry.seq
    )


@dataclass(frozen=True)
class TransferView:
    transfer: StoreTransfer
    direction: str


def list_transfers(ctx: StoreContext, include_done: bool = False) -> list[TransferView]:
    """Transfers this store still has to ship or receive (or every one it knows)."""
    with ctx.db.read() as uow:
        known = uow.transfers.all()
    out = []
    for row in known:
        order = row.order
        to_ship = order.from_store == ctx.store_code and order.state == OPEN
        to_receive = order.to_store == ctx.store_code and order.state == SHIPPED
        pending = (to_ship and not row.shipped_seq) or (to_receive and not row.received_seq)
        if include_done or pending:
            out.append(TransferView(row, _direction(ctx, order)))
    return out


def _direction(ctx: StoreContext, order: TransferOrder) -> str:
    return direction(ctx.store_code, order.from_store, order.to_store)


def _replay(uow: UnitOfWork, ctx: StoreContext, transfer_id: str, seq: int, out: bool) -> Booking:
    """The booking a keyed retry asks for again, read back from its journal entry."""
    row = uow.transfers.get(transfer_id)
    assert row is not None
    lines = [
        Booked(line.sku, line.qty_base, line.shipped_qty_base)
        if out
        else Booked(line.sku, line.shipped_qty_base, line.received_qty_base, line.unit_cost_minor)
        for line in uow.journal.transfer_lines_at(seq)
    ]
    return Booking(row, _direction(ctx, row.order), seq, lines)


def ship(
    ctx: StoreContext,
    transfer_id: str,
    items: list[tuple[str, int]],
    actor: str = "",
    idempotency_key: str = "",
) -> Booking:
    """Ship a transfer: stock leaves this store (transfer_out), one journal entry. A retry
    with its idempotency key and the same content returns the first booking."""
    given = confirmations(items)
    request = keyed("transfer_shipment", idempotency_key, (transfer_id, items))
    with ctx.db.write() as uow:
        recorded = replayed(uow, request)
        if recorded is not None:
            return _replay(uow, ctx, transfer_id, recorded, out=True)
        row = uow.transfers.get(transfer_id)
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
        entry = uow.journal.append(
            jk.TRANSFER_SHIPMENT,
            f"{transfer_id}-shipment",
            actor,
            shipment_of(order, lines),
            shipment_movements(lines),
        )
        uow.transfers.mark_booked(transfer_id, "shipped_seq", entry.seq)
        remember(uow, request, entry.seq)
        booked = uow.transfers.get(transfer_id)
    assert booked is not None
    log_event(log, logging.INFO, "transfer shipped", transfer=transfer_id, seq=entry.seq)
    return Booking(booked, _direction(ctx, order), entry.seq, lines)


def receive(
    ctx: StoreContext,
    transfer_id: str,
    items: list[tuple[str, int]],
    actor: str = "",
    idempotency_key: str = "",
) -> Booking:
    """Receive a shipped transfer: stock comes in (transfer_in) at the shipment's cost. A
    retry with its idempotency key and the same content returns the first booking."""
    given = confirmations(items)
    request = keyed("transfer_receipt", idempotency_key, (transfer_id, items))
    with ctx.db.write() as uow:
        recorded = replayed(uow, request)
        if recorded is not None:
            return _replay(uow, ctx, transfer_id, recorded, out=False)
        row = uow.transfers.get(transfer_id)
        check_known(transfer_id, row)
        assert row is not None
        order = row.order
        lines = plan_transfer_receipt(
            ctx.store_code,
            transfer_id,
            order.from_store,
            order.to_store,
            order.state,
            row.received_seq,
            {line.sku: (line.shipped_qty_base, line.unit_cost_minor) for line in order.lines},
            given,
        )
        entry = uow.journal.append(
            jk.TRANSFER_RECEIPT,
            f"{transfer_id}-receipt",
            actor,
            transfer_receipt_of(order, lines),
            transfer_receipt_movements(lines),
        )
        uow.transfers.mark_booked(transfer_id, "received_seq", entry.seq)
        remember(uow, request, entry.seq)
        booked = uow.transfers.get(transfer_id)
    assert booked is not None
    log_event(log, logging.INFO, "transfer received", transfer=transfer_id, seq=entry.seq)
    return Booking(booked, _direction(ctx, order), entry.seq, lines)
