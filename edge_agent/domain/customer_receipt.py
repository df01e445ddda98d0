"""The customer's receipt: one model for a sale's or a return's slip.

Built from what the ledger committed (a RecordedSale or SaleReturn, its
journal seq and time), so the text on the screen, the ESC/POS printout and a
reprint years later all say the same thing: one renderer
(domain.receipt_layout) turns this model into rows for any paper width.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from common.domain.coupons import mask
from common.i18n import N_, Phrase
from edge_agent.domain.returns import SaleReturn
from edge_agent.domain.sale_record import RecordedSale

SALE = "sale"
RETURN = "return"


@dataclass(frozen=True)
class StoreHeader:
    """What a printed document says about where it came from."""

    store_code: str
    store_name: str
    currency: str


@dataclass(frozen=True)
class ReceiptLine:
    name: str
    qty_base: int
    unit_price_minor: int
    amount_minor: int  # on the right: a sale line before its discount, a refund negative
    discount_minor: int = 0
    list_price_minor: int | None = None  # the list price, when the price was overridden
    written_off: bool = False  # a returned line that was written off, not restocked
    # Why the line got its price: each promotion's words and what it took off the line.
    offers: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class ReceiptPayment:
    method: str
    reference: str  # masked card/QR reference, never a card number
    amount_minor: int  # what was handed over (cash) or paid; for a refund, what was paid back


@dataclass(frozen=True)
class ReceiptCard:
    """A punch card or package the member holds, as the sale's receipt reminds them of it."""

    entitlement_id: int
    covers: str  # the SKUs a use is for, comma separated
    uses_left: int


@dataclass(frozen=True)
class ReceiptMember:
    """The member a sale was for, as a receipt may print them: the phone masked by head
    office (or the member id when a reprint has no phone), never a name in the clear."""

    shown_as: str  # 138****5678, else M000001
    level: str
    balance_minor: int | None  # stored value after the sale; None: not known (a reprint)
    points_paid: int
    offline: bool  # stored value taken without head office
    cards: tuple[ReceiptCard, ...] = ()  # usable here, as head office said at the sale


@dataclass(frozen=True)
class CustomerReceipt:
    kind: str  # SALE or RETURN
    store_code: str
    store_name: str
    till_id: str
    cashier: str
    number: int  # the sale's or the return's number
    seq: int  # the journal entry that committed it
    occurred_at: dt.datetime  # in the store's time zone
    currency: str
    lines: tuple[ReceiptLine, ...]
    total_minor: int
    payments: tuple[ReceiptPayment, ...]
    rounding_minor: int = 0
    change_minor: int = 0
    original_sale_no: int = 0  # a return against a sale; 0 without a receipt
    reason: str = ""  # a return's reason
    member: ReceiptMember | None = None
    coupons: tuple[str, ...] = ()  # a sale's single-use coupons, masked

    @property
    def what(self) -> Phrase:
        """How a sentence names this receipt ('the receipt of sale 7'), said when shown."""
        if self.kind == SALE:
            return Phrase(N_("the receipt of sale {number}"), number=self.number)
        return Phrase(N_("the receipt of return {number}"), number=self.number)


def _local(occurred_at_ms: int, tz: dt.tzinfo) -> dt.datetime:
    return dt.datetime.fromtimestamp(occurred_at_ms // 1000, tz)


def recorded_member(sale: RecordedSale) -> ReceiptMember | None:
    """What a reprint knows of the sale's member: the id, level, points and offline flag."""
    if not sale.member_id:
        return None
    return ReceiptMember(
        shown_as=sale.member_id,
        level=sale.member_level,
        balance_minor=None,
        points_paid=sum(t.points for t in sale.tenders),
        offline=any(t.offline for t in sale.tenders),
    )


def sale_receipt(
    store: StoreHeader,
    sale: RecordedSale,
    seq: int,
    occurred_at_ms: int,
    tz: dt.tzinfo,
    member: ReceiptMember | None = None,
) -> CustomerReceipt:
    lines = tuple(
        ReceiptLine(
            name=line.name or line.sku,
            qty_base=line.qty_base,
            unit_price_minor=line.unit_price_minor,
            amount_minor=line.amount_minor + line.discount_minor,
            discount_minor=line.discount_minor,
            list_price_minor=line.list_price_minor if line.price_overridden else None,
            offers=tuple((o.text or o.offer_id, o.discount_minor) for o in line.offers),
        )
        for line in sale.lines
    )
    payments = tuple(
        ReceiptPayment(t.method, t.reference, t.tendered_minor or t.amount_minor)
        for t in sale.tenders
    )
    return CustomerReceipt(
        kind=SALE,
        store_code=store.store_code,
        store_name=store.store_name,
        till_id=sale.till_id,
        cashier=sale.cashier,
        number=sale.sale_no,
        seq=seq,
        occurred_at=_local(occurred_at_ms, tz),
        currency=sale.currency or store.currency,
        lines=lines,
        total_minor=sale.total_minor,
        payments=payments,
        rounding_minor=sale.rounding_minor,
        change_minor=sale.change_minor,
        member=member or recorded_member(sale),
        coupons=tuple(mask(code) for code in sale.coupons),
    )


def return_receipt(
    store: StoreHeader, sale_return: SaleReturn, seq: int, occurred_at_ms: int, tz: dt.tzinfo
) -> CustomerReceipt:
    r = sale_return
    lines = tuple(
        ReceiptLine(
            name=line.name or line.sku,
            qty_base=line.qty_base,
            unit_price_minor=line.unit_price_minor,
            amount_minor=-line.amount_minor,
            written_off=line.disposition == "write_off",
        )
        for line in r.lines
    )
    payments = tuple(ReceiptPayment(t.method, t.reference, t.amount_minor) for t in r.refunds)
    points = r.total_minor - sum(t.amount_minor for t in r.refunds)
    if points > 0:  # what the sale's points paid of the lines: head office gives it back
        payments += (ReceiptPayment("points", "", points),)
    return CustomerReceipt(
        kind=RETURN,
        store_code=store.store_code,
        store_name=store.store_name,
        till_id=r.till_id,
        cashier=r.cashier,
        number=r.return_no,
        seq=seq,
        occurred_at=_local(occurred_at_ms, tz),
        currency=r.currency or store.currency,
        lines=lines,
        total_minor=r.total_minor,
        payments=payments,
        original_sale_no=r.original_sale_no,
        reason=r.reason,
    )
