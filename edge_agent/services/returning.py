"""Return goods: against the original sale or without a receipt, refund, restock or write off.

A sale paid partly with points refunds in money only what the returned lines were paid
otherwise (domain.returns.points_paid_back); head office gives the points back.

One transaction: the return document, its RETURN (and WRITE_OFF) movements,
the approval it spends and its journal entry.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from common import journal_kinds as jk
from common.domain.product import resolve_code
from common.domain.typed_text import clean_note
from common.i18n import _
from common.ids import new_document_id
from common.logs import log_event
from edge_agent.domain import returns as rules
from edge_agent.domain.customer_receipt import CustomerReceipt, return_receipt
from edge_agent.domain.errors import UnknownDocument
from edge_agent.domain.idempotency import keyed
from edge_agent.domain.receipt_layout import receipt_text
from edge_agent.domain.returns import SaleReturn
from edge_agent.domain.sale import NeededApproval
from edge_agent.domain.sale_record import RecordedSale
from edge_agent.domain.tender import POINTS, STORED_VALUE, TenderOffer, stored_reference
from edge_agent.services import member_payments
from edge_agent.services.approving import use_approval
from edge_agent.services.context import StoreContext
from edge_agent.services.keys import remember, replayed

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReturnItemIn:
    code: str
    qty_base: int
    disposition: str = "restock"


@dataclass(frozen=True)
class ReturnResult:
    seq: int
    sale_return: SaleReturn
    receipt: CustomerReceipt
    occurred_at_ms: int
    replayed: bool

    @property
    def receipt_text(self) -> str:
        """The receipt as the till shows it, rendered when asked (after the commit)."""
        return receipt_text(self.receipt)


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
    """Commit a return; a retry with its idempotency key and the same content returns it.

    The reason and the refunds' references are checked as the till's typed text is
    (common.domain.typed_text): card security data refused, card numbers reduced, before
    anything is recorded."""
    tz = ctx.policy.time_zone
    reason = clean_note(_("the reason of the return"), reason)
    refunds = [replace(offer, reference=stored_reference(offer)) for offer in refunds]
    request = keyed(
        "sale_return",
        idempotency_key,
        (till_id, original_sale_no, items, refunds, reason),  # a retry may bring a new approval
    )
    with ctx.db.write() as uow:
        recorded = replayed(uow, request)
        if recorded is not None:
            done, occurred = uow.journal.sale_return_at(recorded)
            receipt = return_receipt(ctx.header, done, recorded, occurred, tz)
            return ReturnResult(recorded, done, receipt, occurred, True)
        requested = []
        for i in items:
            product = resolve_code(i.code, uow.catalogue.find_product, ctx.store_code)
            # A pack barcode's quantity counts packs: one case of 24 back is 24 pieces.
            qty = i.qty_base * product.pack_qty
            requested.append(rules.ReturnRequestItem(product, qty, i.disposition or "restock"))
        original_id = ""
        sale: RecordedSale | None = None
        if original_sale_no:
            seq = uow.sales.seq_of(original_sale_no)
            if seq is None:
                raise UnknownDocument(
                    _("store {store} has no sale {sale_no}").format(
                        store=ctx.store_code, sale_no=original_sale_no
                    )
                )
            sale, _occurred = uow.journal.sale_at(seq)
            original_id = sale.sale_id
            already = uow.returns.returned_by_line(sale.sale_id)
            sold = [
                rules.SoldLine(
                    line.line_no,
                    line.sku,
                    line.name,
                    line.qty_base,
                    line.unit_price_minor,
                    line.net_minor,  # after the promotions' share: what was paid for it
                    already.get(line.line_no, 0),
                )
                for line in sale.lines
            ]
            lines = rules.against_sale(original_sale_no, sold, requested)
            action, details = "return", rules.return_details(original_sale_no)
            # Points are not paid out: head office gives back what they paid of these lines.
            points_minor = rules.points_paid_back(sold, sale.tenders, lines).paid_minor
            paid_with = [p for p in sale.paid_with() if p[0] != POINTS]
        else:
            paid_with, points_minor = [], 0
            lines = rules.without_receipt(
                requested, ctx.policy.return_without_receipt_max_minor, ctx.currency
            )
            total = sum(line.amount_minor for line in lines)
            action, details = "return_without_receipt", rules.without_receipt_details(total)
        total = sum(line.amount_minor for line in lines)
        member_payments.check_refunds(sale, refunds)
        tenders = rules.settle_refunds(total - points_minor, refunds, ctx.currency, paid_with)
        if sale is not None and any(t.method == STORED_VALUE for t in tenders):
            # Every local check first; then head office gives the stored value back.
            need = NeededApproval(action, details, approval_id, 0)
            member_payments.check_approvals(uow, ctx, [need], till_id)
            tenders = member_payments.refund_stored_value(
                ctx, sale, tenders, idempotency_key or new_document_id(), cashier
            )
        shift = uow.shifts.open_shift_of(till_id)
        body = SaleReturn(
            return_id=new_document_id(),
            return_no=uow.returns.next_return_no(),
            original_sale_id=original_id,
            original_sale_no=original_sale_no,
            till_id=till_id,
            cashier=cashier,
            lines=tuple(lines),
            refunds=tuple(tenders),
            total_minor=total,
            currency=ctx.currency,
            approval_id=approval_id,
            shift_id=shift.shift_id if shift else "",
            reason=reason,
        )
        entry = uow.journal.append(
            jk.SALE_RETURN,
            body.return_id,
            cashier,
            body,
            rules.movements(lines, uow.catalogue.restock_moves_of),
        )
        use_approval(uow, ctx, action, details, approval_id, till_id, entry.seq)
        uow.returns.insert(entry.seq, body, idempotency_key, entry.occurred_at_ms)
        remember(uow, request, entry.seq)
    log_event(
        log,
        logging.INFO,
        "return committed",
        seq=entry.seq,
        return_no=body.return_no,
        total_minor=total,
        till_id=till_id,
    )
    receipt = return_receipt(ctx.header, body, entry.seq, entry.occurred_at_ms, tz)
    return ReturnResult(entry.seq, body, receipt, entry.occurred_at_ms, False)


def get_return(ctx: StoreContext, return_no: int) -> ReturnResult:
    with ctx.db.read() as uow:
        seq = uow.returns.seq_of(return_no)
        if seq is None:
            raise UnknownDocument(
                _("store {store} has no return {return_no}").format(
                    store=ctx.store_code, return_no=return_no
                )
            )
        body, occurred = uow.journal.sale_return_at(seq)
    receipt = return_receipt(ctx.header, body, seq, occurred, ctx.policy.time_zone)
    return ReturnResult(seq, body, receipt, occurred, True)
