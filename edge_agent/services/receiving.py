"""Receive: book a supplier delivery as receipt movements in one journal entry."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from common.clock import now_ms
from common.ids import new_document_id
from common.logs import log_event
from common.pb.storeledger.v1 import ledger_pb2
from edge_agent.domain.receiving import DeliveryItem, build_delivery
from edge_agent.services.context import StoreContext
from edge_agent.store import catalogue, documents, journal, stock

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReceiveResult:
    seq: int
    receipt: ledger_pb2.Receipt
    replayed: bool


def receive(
    ctx: StoreContext,
    supplier_ref: str,
    items: list[DeliveryItem],
    actor: str = "",
    idempotency_key: str = "",
) -> ReceiveResult:
    """Commit a delivery (receipt + movements + levels + journal entry) in one transaction."""
    with ctx.db.write() as conn:
        recorded = documents.receipt_seq_by_key(conn, idempotency_key)
        if recorded is not None:
            return ReceiveResult(recorded, journal.entry_at(conn, recorded).receipt, True)
        delivery = build_delivery(
            ctx.store_code,
            supplier_ref,
            actor,
            items,
            lambda code: catalogue.find_product(conn, code),
        )
        seq = journal.next_seq(conn)
        receipt = ledger_pb2.Receipt(
            receipt_id=new_document_id(),
            supplier_ref=delivery.supplier_ref,
            lines=[
                ledger_pb2.ReceiptLine(sku=sku, qty_base=qty, unit_cost_minor=cost)
                for sku, qty, cost in delivery.stock_in()
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
                for sku, qty, cost in delivery.stock_in()
            ],
            receipt=receipt,
        )
        journal.append_entry(conn, entry)
        documents.insert_receipt(conn, seq, receipt, actor, idempotency_key)
        stock.book_movements(conn, seq, list(entry.movements))
    log_event(
        log,
        logging.INFO,
        "delivery received",
        seq=seq,
        supplier_ref=receipt.supplier_ref,
        lines=len(receipt.lines),
    )
    return ReceiveResult(seq, receipt, False)
