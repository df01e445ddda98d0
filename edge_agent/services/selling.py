"""Sell: price, pay and commit a sale with its movements and journal entry in one transaction."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from common.clock import now_ms
from common.ids import new_document_id
from common.logs import log_event
from common.pb.storeledger.v1 import ledger_pb2
from edge_agent.domain.receipt_text import receipt_text
from edge_agent.domain.sale import Sale, ScannedItem, build_sale
from edge_agent.domain.tender import TenderOffer
from edge_agent.services.context import StoreContext
from edge_agent.store import catalogue, documents, journal, stock

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SaleResult:
    seq: int
    sale: ledger_pb2.Sale
    receipt_text: str
    change_minor: int
    replayed: bool  # True when the idempotency key had already recorded this sale


def _sale_message(sale: Sale, sale_id: str, sale_no: int) -> ledger_pb2.Sale:
    return ledger_pb2.Sale(
        sale_id=sale_id,
        sale_no=sale_no,
        till_id=sale.till_id,
        cashier=sale.cashier,
        total_minor=sale.total_minor,
        currency=sale.currency,
        lines=[
            ledger_pb2.SaleLine(
                line_no=line.line_no,
                sku=line.sku,
                scanned_code=line.scanned_code,
                name=line.name,
                qty_base=line.qty_base,
                unit_price_minor=line.unit_price_minor,
                amount_minor=line.amount_minor,
            )
            for line in sale.lines
        ],
        tenders=[
            ledger_pb2.Tender(
                method=t.method,
                amount_minor=t.amount_minor,
                tendered_minor=t.tendered_minor,
                change_minor=t.change_minor,
                reference=t.reference,
            )
            for t in sale.tenders
        ],
    )


def sell(
    ctx: StoreContext,
    till_id: str,
    cashier: str,
    items: list[ScannedItem],
    offers: list[TenderOffer],
    idempotency_key: str = "",
) -> SaleResult:
    """Commit a sale durably before returning (so before any receipt prints).

    Sale, lines, tenders, movements, stock levels and the journal entry are
    written in one BEGIN IMMEDIATE transaction, the entry numbered max+1.
    A retry with a recorded idempotency key returns the recorded sale unchanged.
    Stock is never checked: a level may go negative.
    """
    with ctx.db.write() as conn:
        recorded = documents.sale_by_key(conn, idempotency_key)
        if recorded is not None:
            seq, change, text = recorded
            entry = journal.entry_at(conn, seq)
            return SaleResult(seq, entry.sale, text, change, replayed=True)
        sale = build_sale(
            ctx.store_code,
            till_id,
            cashier,
            ctx.currency,
            items,
            offers,
            lambda code: catalogue.find_product(conn, code),
        )
        seq = journal.next_seq(conn)
        sale_no = documents.next_sale_no(conn)
        occurred = now_ms()
        message = _sale_message(sale, new_document_id(), sale_no)
        entry = ledger_pb2.JournalEntry(
            seq=seq,
            occurred_at_ms=occurred,
            actor=cashier,
            document_type="sale",
            document_id=message.sale_id,
            movements=[
                ledger_pb2.Movement(sku=sku, qty_base=qty, reason=ledger_pb2.MOVEMENT_REASON_SALE)
                for sku, qty in sale.stock_out()
            ],
            sale=message,
        )
        text = receipt_text(sale, ctx.store_name, sale_no, seq, occurred)
        journal.append_entry(conn, entry)
        documents.insert_sale(
            conn, seq, message, sale.change_minor, idempotency_key, text, occurred
        )
        stock.book_movements(conn, seq, list(entry.movements))
    log_event(
        log,
        logging.INFO,
        "sale committed",
        seq=seq,
        sale_no=sale_no,
        lines=len(sale.lines),
        total_minor=sale.total_minor,
        till_id=till_id,
    )
    return SaleResult(seq, message, text, sale.change_minor, replayed=False)
