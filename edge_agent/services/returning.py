"""Return goods: against the original sale or without a receipt, refund, restock or write off.

One transaction: the return document, its RETURN (and WRITE_OFF) movements,
the approval it spends and its journal entry.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from common.ids import new_document_id
from common.logs import log_event
from common.pb.storeledger.v1 import ledger_pb2
from edge_agent.domain import returns as rules
from edge_agent.domain.errors import UnknownDocument
from edge_agent.domain.product import resolve_code
from edge_agent.domain.receipt_text import return_text
from edge_agent.domain.tender import TenderOffer
from edge_agent.services.approving import use_approval
from edge_agent.services.context import StoreContext
from edge_agent.services.recording import record
from edge_agent.store import catalogue, documents, journal, shifts
from edge_agent.store import returns as store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReturnItemIn:
    code: str
    qty_base: int
    disposition: str = "restock"


@dataclass(frozen=True)
class ReturnResult:
    seq: int
    sale_return: ledger_pb2.SaleReturn
    receipt_text: str
    occurred_at_ms: int
    replayed: bool


def return_goods(
    ctx: StoreContext,
    till_id: str,
    cashier: str,
    original_sale_no: int,
    items: list[ReturnItemIn],
    refunds: list[TenderOffer],
    approval_id: str = "",
    reason: str = "",
    idempotency_key: str = "",
) -> ReturnResult:
    with ctx.db.write() as conn:
        recorded = store.return_by_key(conn, idempotency_key)
        if recorded is not None:
            entry = journal.entry_at(conn, recorded[0])
            return ReturnResult(
                entry.seq, entry.sale_return, recorded[1], entry.occurred_at_ms, True
            )
        requested = []
        for i in items:
            product = resolve_code(
                i.code, lambda c: catalogue.find_product(conn, c), ctx.store_code
            )
            # A pack barcode's quantity counts packs: one case of 24 back is 24 pieces.
            qty = i.qty_base * product.pack_qty
            requested.append(rules.ReturnRequestItem(product, qty, i.disposition or "restock"))
        original_id = ""
        if original_sale_no:
            seq = documents.sale_seq(conn, original_sale_no)
            if seq is None:
                raise UnknownDocument(f"store {ctx.store_code} has no sale {original_sale_no}")
            sale = journal.entry_at(conn, seq).sale
            original_id = sale.sale_id
            done = store.returned_by_line(conn, sale.sale_id)
            sold = [
                rules.SoldLine(
                    line.line_no,
                    line.sku,
                    line.name,
                    line.qty_base,
                    line.unit_price_minor,
                    line.amount_minor,
                    done.get(line.line_no, 0),
                )
                for line in sale.lines
            ]
            lines = rules.against_sale(original_sale_no, sold, requested)
            action, details = "return", rules.return_details(original_sale_no)
            paid_with = [(t.method, t.amount_minor, t.reference) for t in sale.tenders]
        else:
            paid_with = []
            lines = rules.without_receipt(
                requested, ctx.policy.return_without_receipt_max_minor, ctx.currency
            )
            total = sum(line.amount_minor for line in lines)
            action, details = "return_without_receipt", rules.without_receipt_details(total)
        total = sum(line.amount_minor for line in lines)
        tenders = rules.settle_refunds(total, refunds, ctx.currency, paid_with)
        shift = shifts.open_shift_of(conn, till_id)
        message = ledger_pb2.SaleReturn(
            return_id=new_document_id(),
            return_no=store.next_return_no(conn),
            original_sale_id=original_id,
            original_sale_no=original_sale_no,
            till_id=till_id,
            cashier=cashier,
            lines=[
                ledger_pb2.ReturnLine(
                    sku=line.sku,
                    name=line.name,
                    qty_base=line.qty_base,
                    unit_price_minor=line.unit_price_minor,
                    amount_minor=line.amount_minor,
                    disposition=line.disposition,
                    original_line_no=line.original_line_no,
                )
                for line in lines
            ],
            refunds=[
                ledger_pb2.Tender(
                    method=t.method,
                    amount_minor=t.amount_minor,
                    tendered_minor=t.tendered_minor,
                    reference=t.reference,
                )
                for t in tenders
            ],
            total_minor=total,
            currency=ctx.currency,
            approval_id=approval_id,
            shift_id=shift.shift_id if shift else "",
            reason=reason,
        )
        entry = record(
            conn,
            "sale_return",
            message.return_id,
            cashier,
            "sale_return",
            message,
            rules.movements(lines, lambda sku: catalogue.stock_moves_of(conn, sku)),
        )
        use_approval(conn, ctx, action, details, approval_id, till_id, entry.seq)
        text = return_text(
            ctx.store_name,
            ctx.store_code,
            till_id,
            cashier,
            message.return_no,
            original_sale_no,
            entry.seq,
            entry.occurred_at_ms,
            lines,
            tenders,
            ctx.currency,
            ctx.policy.time_zone,
        )
        store.insert_return(conn, entry.seq, message, idempotency_key, text, entry.occurred_at_ms)
    log_event(
        log,
        logging.INFO,
        "return committed",
        seq=entry.seq,
        return_no=message.return_no,
        total_minor=total,
        till_id=till_id,
    )
    return ReturnResult(entry.seq, message, text, entry.occurred_at_ms, False)


def get_return(ctx: StoreContext, return_no: int) -> ReturnResult:
    with ctx.db.read() as conn:
        seq = store.return_seq(conn, return_no)
        if seq is None:
            raise UnknownDocument(f"store {ctx.store_code} has no return {return_no}")
        entry = journal.entry_at(conn, seq)
        text = conn.execute("SELECT receipt_text FROM returns WHERE seq = ?", (seq,)).fetchone()
    return ReturnResult(seq, entry.sale_return, text[0], entry.occurred_at_ms, True)
