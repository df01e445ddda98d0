"""Sell: price, pay and commit a sale with its movements and journal entry in one transaction.

Also what the till asks before a sale: what a scanned code is, product search,
and the cart's price (with the cash total after rounding).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace

from common import journal_kinds as jk
from common.clock import now_ms
from common.domain.pricing import Quote, ScannedItem, quote, scan
from common.domain.product import CatalogueProduct
from common.domain.promotions import Member, PricingContext
from common.i18n import _
from common.ids import new_document_id
from common.logs import log_event
from edge_agent.domain.customer_receipt import CustomerReceipt, sale_receipt
from edge_agent.domain.errors import (
    InvalidInput,
    MemberPaymentNotRecorded,
    ShiftState,
    StoreLedgerError,
    UnknownDocument,
)
from edge_agent.domain.receipt_layout import receipt_text
from edge_agent.domain.sale import approvals_needed, build_sale
from edge_agent.domain.sale_record import RecordedSale, sale_movements
from edge_agent.domain.tender import MEMBER_METHODS, Tender, TenderOffer
from edge_agent.services import member_payments
from edge_agent.services.approving import use_approval
from edge_agent.services.context import StoreContext
from edge_agent.services.coupons import redeem_for_sale as coupons_at_head_office
from edge_agent.services.shifts import require_shift_cashier

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SaleResult:
    seq: int
    sale: RecordedSale
    receipt: CustomerReceipt
    replayed: bool  # True when the idempotency key had already recorded this sale
    occurred_at_ms: int
    member: member_payments.MemberPaid | None = (
        None  # the member and their payments (not on a replay)
    )

    @property
    def change_minor(self) -> int:
        return self.sale.change_minor

    @property
    def receipt_text(self) -> str:
        """The receipt as the till shows it, rendered when asked (after the commit)."""
        return receipt_text(self.receipt)


def check_same_sale(
    key: str, recorded: RecordedSale, till_id: str, items: list[ScannedItem]
) -> None:
    """A retry must be the same sale: same till, same codes, same quantities where given.

    Anything else reusing the key is a different sale, which must not be
    answered with the recorded one (it would never be recorded itself).
    """
    lines = recorded.lines
    same = recorded.till_id == till_id and len(lines) == len(items)
    same = same and all(
        line.scanned_code == item.code and item.qty_base in (0, line.qty_base)
        for line, item in zip(lines, items, strict=False)
    )
    if not same:
        raise InvalidInput(
            _(
                "idempotency key {key} was already used for sale {sale_no} at till {till} with "
                "other items; a new sale needs a new key"
            ).format(key=repr(key), sale_no=recorded.sale_no, till=recorded.till_id)
        )


def sell(
    ctx: StoreContext,
    till_id: str,
    cashier: str,
    items: list[ScannedItem],
    offers: list[TenderOffer],
    idempotency_key: str = "",
    member: Member | None = None,
    coupons: Iterable[str] = (),
    member_text: str = "",
) -> SaleResult:
    """Commit a sale durably before returning (so before any receipt prints).

    Sale, lines, tenders, movements, stock levels, the approvals it spends and
    the journal entry are written in one BEGIN IMMEDIATE transaction, the entry
    numbered max+1. The receipt is built from what was committed, after the
    commit, and rendered only when its text is asked for. The sale joins the till's open shift; with [till]
    require_open_shift a till without one is refused. A retry with a recorded
    idempotency key returns the recorded sale unchanged. Stock is never
    checked: a level may go negative. The lines are priced with the store's promotions
    in force at the commit's moment, on the store's wall clock to the minute (head office
    re-prices them at that minute); `member` and `coupons` feed the offers that need them
    (no member: no member offers; a coupon must have been redeemed at head office).
    `member_text` names the member as typed or scanned (services.member_payments): looked
    up at head office, priced with their level and birthday, and their stored-value and
    points payments booked online after every local check and before the commit.
    """
    found = None
    if member_text or any(o.method in MEMBER_METHODS for o in offers):
        replay = _replayed(ctx, idempotency_key, till_id, items)
        if replay is not None:
            return replay
        found = member_payments.find_member(ctx, member_text) if member_text else None
        member_payments.check_offers(offers, found)
        member = found.known.pricing() if found else member
        idempotency_key = idempotency_key or new_document_id()
    booked: list[Tender] = []  # what head office booked for this sale, as it goes
    try:
        return _sell(
            ctx, till_id, cashier, items, offers, idempotency_key, member, coupons, found, booked
        )
    except StoreLedgerError as exc:
        note = member_payments.booked_but_not_recorded(idempotency_key, booked, ctx.currency)
        if not note:
            raise
        raise MemberPaymentNotRecorded(
            _("{problem}; {advice}").format(problem=str(exc), advice=note)
        ) from exc


def _replayed(
    ctx: StoreContext, key: str, till_id: str, items: list[ScannedItem]
) -> SaleResult | None:
    if not key:
        return None
    with ctx.db.read() as uow:
        seq = uow.sales.by_key(key)
        if seq is None:
            return None
        recorded, occurred = uow.journal.sale_at(seq)
    check_same_sale(key, recorded, till_id, items)
    receipt = sale_receipt(ctx.header, recorded, seq, occurred, ctx.policy.time_zone)
    return SaleResult(seq, recorded, receipt, True, occurred)


def _sell(
    ctx: StoreContext,
    till_id: str,
    cashier: str,
    items: list[ScannedItem],
    offers: list[TenderOffer],
    idempotency_key: str,
    member: Member | None,
    coupons: Iterable[str],
    found: member_payments.FoundMember | None,
    booked: list[Tender],
) -> SaleResult:
    paid = None
    with ctx.db.write() as uow:
        seq = uow.sales.by_key(idempotency_key)
        if seq is not None:
            recorded, occurred = uow.journal.sale_at(seq)
            check_same_sale(idempotency_key, recorded, till_id, items)
            receipt = sale_receipt(ctx.header, recorded, seq, occurred, ctx.policy.time_zone)
            return SaleResult(seq, recorded, receipt, True, occurred)
        shift = uow.shifts.open_shift_of(till_id)
        if shift is None and ctx.policy.require_open_shift:
            raise ShiftState(
                _("till {till} has no open shift; open one before selling").format(till=till_id)
            )
        if shift is not None:
            require_shift_cashier(shift, cashier)
        occurred = now_ms()
        context = pricing_context(ctx, occurred, member, coupons)
        sale = build_sale(
            ctx.store_code,
            till_id,
            cashier,
            ctx.currency,
            items,
            offers,
            uow.catalogue.find_product,
            ctx.policy.labels,
            ctx.policy.rounding,
            shift.shift_id if shift else "",
            uow.promotions.in_force(occurred),
            context,
        )
        sale = coupons_at_head_office(ctx, uow, sale, occurred, idempotency_key, cashier)
        seq = uow.journal.next_seq()
        if found is not None:
            # Every local check before head office books anything (the approvals too).
            member_payments.check_approvals(uow, ctx, approvals_needed(sale.lines), till_id)
            tenders, paid = member_payments.authorise(
                ctx, uow, found, sale.tenders, idempotency_key, cashier, booked
            )
            sale = replace(sale, tenders=tenders)
        recorded = RecordedSale.numbered(sale, new_document_id(), uow.sales.next_sale_no())
        uow.journal.append(
            jk.SALE, recorded.sale_id, cashier, recorded, sale_movements(sale),
            occurred_at_ms=occurred, seq=seq,
        )  # fmt: skip
        for need in approvals_needed(sale.lines):
            use_approval(uow, ctx, need.action, need.details, need.approval_id, till_id, seq)
        uow.sales.insert(seq, recorded, idempotency_key, occurred)
        if paid is not None:
            member_payments.remember(uow, seq, paid, sale.tenders)
    log_event(
        log,
        logging.INFO,
        "sale committed",
        seq=seq,
        sale_no=recorded.sale_no,
        lines=len(sale.lines),
        total_minor=sale.total_minor,
        till_id=till_id,
    )
    receipt = sale_receipt(
        ctx.header,
        recorded,
        seq,
        occurred,
        ctx.policy.time_zone,
        member_payments.receipt_member(paid),
    )
    return SaleResult(seq, recorded, receipt, False, occurred, paid)


def pricing_context(
    ctx: StoreContext, at_ms: int, member: Member | None = None, coupons: Iterable[str] = ()
) -> PricingContext:
    """Who buys where and when, for the promotions: the store's wall clock to the minute."""
    local = dt.datetime.fromtimestamp(at_ms // 1000, ctx.policy.time_zone)
    when = local.replace(second=0, microsecond=0, tzinfo=None)
    return PricingContext(ctx.store_code, when, member, frozenset(coupons), ctx.currency)


@dataclass(frozen=True)
class ScanAnswer:
    """What a scanned code is: the product, how it was found, a label's weight or price."""

    product: CatalogueProduct
    barcodes: list[str]
    kind: str  # barcode, sku, weight_label, price_label
    qty_base: int
    amount_minor: int


def scan_code(ctx: StoreContext, code: str) -> ScanAnswer:
    """What a scanned code is (a label's weight or price included) and its product's barcodes."""
    with ctx.db.read() as uow:
        scanned = scan(code, uow.catalogue.find_product, ctx.store_code, ctx.policy.labels)
        barcodes = uow.catalogue.barcodes_of(scanned.product.sku)
    kind = scanned.kind
    if kind == "barcode_or_sku":
        kind = "sku" if code.strip() == scanned.product.sku else "barcode"
    return ScanAnswer(scanned.product, barcodes, kind, scanned.qty_base, scanned.amount_minor)


def search(ctx: StoreContext, text: str, limit: int) -> list[tuple[CatalogueProduct, list[str]]]:
    limit = max(1, min(limit or 20, 200))
    with ctx.db.read() as uow:
        found = uow.catalogue.search(text, limit)
        return [(p, uow.catalogue.barcodes_of(p.sku)) for p in found]


@dataclass(frozen=True)
class CartPrice:
    quote: Quote
    currency: str
    member: member_payments.FoundMember | None = None


def price_cart(
    ctx: StoreContext,
    items: list[ScannedItem],
    member: Member | None = None,
    coupons: Iterable[str] = (),
    member_text: str = "",
) -> CartPrice:
    """The cart as it would sell now: with the store's promotions in force (and the member's
    offers when `member_text` names one: found as services.member_payments finds them)."""
    found = member_payments.find_member(ctx, member_text) if member_text else None
    member = found.known.pricing() if found else member
    at = now_ms()
    with ctx.db.read() as uow:
        priced = quote(
            ctx.store_code,
            ctx.currency,
            items,
            uow.catalogue.find_product,
            ctx.policy.labels,
            ctx.policy.rounding,
            uow.promotions.in_force(at),
            pricing_context(ctx, at, member, coupons),
        )
    return CartPrice(priced, ctx.currency, found)


@dataclass(frozen=True)
class SaleRecord:
    seq: int
    occurred_at_ms: int
    sale: RecordedSale
    returned_qty_base: dict[int, int]
    receipt: CustomerReceipt

    @property
    def receipt_text(self) -> str:
        return receipt_text(self.receipt)


def get_sale(ctx: StoreContext, sale_no: int = 0, sale_id: str = "") -> SaleRecord:
    with ctx.db.read() as uow:
        seq = uow.sales.seq_of(sale_no, sale_id)
        if seq is None:
            if sale_id:
                sentence = _("store {store} has no sale with id {sale_id}")
            else:
                sentence = _("store {store} has no sale with number {sale_no}")
            raise UnknownDocument(
                sentence.format(store=ctx.store_code, sale_id=sale_id, sale_no=sale_no)
            )
        recorded, occurred = uow.journal.sale_at(seq)
        returned = uow.returns.returned_by_line(recorded.sale_id)
    receipt = sale_receipt(ctx.header, recorded, seq, occurred, ctx.policy.time_zone)
    return SaleRecord(seq, occurred, recorded, returned, receipt)
