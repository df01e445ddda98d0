"""Sell: price, pay and commit a sale with its movements and journal entry in one transaction.

Also what the till asks before a sale: what a scanned code is, product search,
and the cart's price (with the cash total after rounding).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from common.clock import now_ms
from common.ids import new_document_id
from common.logs import log_event
from common.pb.storeledger.v1 import ledger_pb2
from edge_agent.domain.errors import InvalidInput, ShiftState, UnknownDocument
from edge_agent.domain.product import CatalogueProduct
from edge_agent.domain.receipt_text import receipt_text
from edge_agent.domain.sale import (
    Quote,
    Sale,
    Scanned,
    ScannedItem,
    approvals_needed,
    build_sale,
    quote,
    scan,
)
from edge_agent.domain.tender import TenderOffer
from edge_agent.services.approving import use_approval
from edge_agent.services.context import StoreContext
from edge_agent.services.shifts import require_shift_cashier
from edge_agent.store import catalogue, documents, journal, shifts, stock
from edge_agent.store import returns as returns_store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SaleResult:
    seq: int
    sale: ledger_pb2.Sale
    receipt_text: str
    change_minor: int
    replayed: bool  # True when the idempotency key had already recorded this sale
    occurred_at_ms: int = 0


def sale_message(sale: Sale, sale_id: str, sale_no: int) -> ledger_pb2.Sale:
    return ledger_pb2.Sale(
        sale_id=sale_id,
        sale_no=sale_no,
        till_id=sale.till_id,
        cashier=sale.cashier,
        total_minor=sale.total_minor,
        currency=sale.currency,
        rounding_minor=sale.rounding_minor,
        shift_id=sale.shift_id,
        lines=[
            ledger_pb2.SaleLine(
                line_no=line.line_no,
                sku=line.sku,
                scanned_code=line.scanned_code,
                name=line.name,
                qty_base=line.qty_base,
                unit_price_minor=line.unit_price_minor,
                amount_minor=line.amount_minor,
                list_price_minor=line.list_price_minor,
                discount_minor=line.discount_minor,
                approval_id=line.approval_id,
                label_code=line.label_code,
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


def check_same_sale(
    key: str, recorded: ledger_pb2.Sale, till_id: str, items: list[ScannedItem]
) -> None:
    """A retry must be the same sale: same till, same codes, same quantities where given.

    Anything else reusing the key is a different sale, which must not be
    answered with the recorded one (it would never be recorded itself).
    """
    lines = list(recorded.lines)
    same = recorded.till_id == till_id and len(lines) == len(items)
    same = same and all(
        line.scanned_code == item.code and item.qty_base in (0, line.qty_base)
        for line, item in zip(lines, items, strict=False)
    )
    if not same:
        raise InvalidInput(
            f"idempotency key {key!r} was already used for sale {recorded.sale_no} at till "
            f"{recorded.till_id} with other items; a new sale needs a new key"
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

    Sale, lines, tenders, movements, stock levels, the approvals it spends and
    the journal entry are written in one BEGIN IMMEDIATE transaction, the entry
    numbered max+1. The sale joins the till's open shift; with [till]
    require_open_shift a till without one is refused. A retry with a recorded
    idempotency key returns the recorded sale unchanged. Stock is never
    checked: a level may go negative.
    """
    with ctx.db.write() as conn:
        recorded = documents.sale_by_key(conn, idempotency_key)
        if recorded is not None:
            seq, change, text = recorded
            entry = journal.entry_at(conn, seq)
            check_same_sale(idempotency_key, entry.sale, till_id, items)
            return SaleResult(seq, entry.sale, text, change, True, entry.occurred_at_ms)
        shift = shifts.open_shift_of(conn, till_id)
        if shift is None and ctx.policy.require_open_shift:
            raise ShiftState(f"till {till_id} has no open shift; open one before selling")
        if shift is not None:
            require_shift_cashier(shift, cashier)
        sale = build_sale(
            ctx.store_code,
            till_id,
            cashier,
            ctx.currency,
            items,
            offers,
            lambda code: catalogue.find_product(conn, code),
            ctx.policy.labels,
            ctx.policy.rounding,
            shift.shift_id if shift else "",
        )
        seq = journal.next_seq(conn)
        sale_no = documents.next_sale_no(conn)
        occurred = now_ms()
        message = sale_message(sale, new_document_id(), sale_no)
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
        text = receipt_text(sale, ctx.store_name, sale_no, seq, occurred, ctx.policy.time_zone)
        journal.append_entry(conn, entry)
        for need in approvals_needed(sale.lines):
            use_approval(conn, ctx, need.action, need.details, need.approval_id, till_id, seq)
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
    return SaleResult(seq, message, text, sale.change_minor, False, occurred)


def scan_code(ctx: StoreContext, code: str) -> tuple[Scanned, list[str]]:
    """What a scanned code is (a label's weight or price included) and its product's barcodes."""
    with ctx.db.read() as conn:
        scanned = scan(
            code, lambda c: catalogue.find_product(conn, c), ctx.store_code, ctx.policy.labels
        )
        return scanned, catalogue.barcodes_of(conn, scanned.product.sku)


def search(ctx: StoreContext, text: str, limit: int) -> list[tuple[CatalogueProduct, list[str]]]:
    limit = max(1, min(limit or 20, 200))
    with ctx.db.read() as conn:
        found = catalogue.search_products(conn, text, limit)
        return [(p, catalogue.barcodes_of(conn, p.sku)) for p in found]


def price_cart(ctx: StoreContext, items: list[ScannedItem]) -> Quote:
    with ctx.db.read() as conn:
        return quote(
            ctx.store_code,
            ctx.currency,
            items,
            lambda code: catalogue.find_product(conn, code),
            ctx.policy.labels,
            ctx.policy.rounding,
        )


@dataclass(frozen=True)
class SaleRecord:
    seq: int
    occurred_at_ms: int
    sale: ledger_pb2.Sale
    returned_qty: dict[int, int]
    receipt_text: str


def get_sale(ctx: StoreContext, sale_no: int = 0, sale_id: str = "") -> SaleRecord:
    with ctx.db.read() as conn:
        seq = documents.sale_seq(conn, sale_no, sale_id)
        if seq is None:
            which = f"id {sale_id}" if sale_id else f"number {sale_no}"
            raise UnknownDocument(f"store {ctx.store_code} has no sale with {which}")
        entry = journal.entry_at(conn, seq)
        text = conn.execute("SELECT receipt_text FROM sales WHERE seq = ?", (seq,)).fetchone()[0]
        returned = returns_store.returned_by_line(conn, entry.sale.sale_id)
    return SaleRecord(seq, entry.occurred_at_ms, entry.sale, returned, text)
