"""A sale as the ledger recorded it: numbered, with its id, lines and tenders as committed.

`Sale` (domain.sale) is a sale being priced and paid; once committed it is a
`RecordedSale`: what the journal entry carries, what the `sales` tables hold,
what a receipt is printed from and what a return is matched against.
"""

from __future__ import annotations

from dataclasses import dataclass

from common.domain.pricing import SaleLine
from common.domain.promotions import LineOffer
from edge_agent.domain.journal import Movement, Reason
from edge_agent.domain.sale import Sale
from edge_agent.domain.tender import Tender


@dataclass(frozen=True)
class RecordedLine:
    line_no: int
    sku: str
    scanned_code: str
    name: str
    qty_base: int
    unit_price_minor: int
    amount_minor: int  # qty x unit price - discount
    list_price_minor: int = 0
    discount_minor: int = 0
    approval_id: str = ""
    label_code: str = ""
    offer_discount_minor: int = 0  # the promotions' share of the line
    offers: tuple[LineOffer, ...] = ()

    @property
    def net_minor(self) -> int:
        """What the customer paid for the line: what returning all of it refunds."""
        return self.amount_minor - self.offer_discount_minor

    @classmethod
    def of(cls, line: SaleLine) -> RecordedLine:
        return cls(
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
            offer_discount_minor=line.offer_discount_minor,
            offers=line.offers,
        )

    @property
    def price_overridden(self) -> bool:
        """Sold at another price than the list's (a label's own price is not an override)."""
        return self.unit_price_minor != self.list_price_minor and not self.label_code


@dataclass(frozen=True)
class RecordedSale:
    sale_id: str
    sale_no: int
    till_id: str
    cashier: str
    currency: str
    lines: tuple[RecordedLine, ...]
    tenders: tuple[Tender, ...]
    total_minor: int
    rounding_minor: int = 0
    shift_id: str = ""
    priced_local: str = ""
    coupons: tuple[str, ...] = ()
    promo_ids: tuple[str, ...] = ()
    member_id: str = ""
    member_level: str = ""
    member_birthday: str = ""
    coupon_key: str = ""

    @classmethod
    def numbered(cls, sale: Sale, sale_id: str, sale_no: int) -> RecordedSale:
        return cls(
            sale_id=sale_id,
            sale_no=sale_no,
            till_id=sale.till_id,
            cashier=sale.cashier,
            currency=sale.currency,
            lines=tuple(RecordedLine.of(line) for line in sale.lines),
            tenders=tuple(sale.tenders),
            total_minor=sale.total_minor,
            rounding_minor=sale.rounding_minor,
            shift_id=sale.shift_id,
            priced_local=sale.priced_local,
            coupons=sale.coupons,
            promo_ids=sale.promo_ids,
            member_id=sale.member_id,
            member_level=sale.member_level,
            member_birthday=sale.member_birthday,
            coupon_key=sale.coupon_key,
        )

    @property
    def change_minor(self) -> int:
        return sum(t.change_minor for t in self.tenders)

    @property
    def discount_minor(self) -> int:
        return sum(line.discount_minor for line in self.lines)

    @property
    def paid_in_cash(self) -> bool:
        return any(t.method == "cash" for t in self.tenders)

    def paid_with(self) -> list[tuple[str, int, str]]:
        """(method, amount, reference) per tender: how a refund goes back."""
        return [(t.method, t.amount_minor, t.reference) for t in self.tenders]

    def tender_of(self, method: str) -> Tender | None:
        """The sale's (one) tender of `method`, if any."""
        return next((t for t in self.tenders if t.method == method), None)


def sale_movements(sale: Sale) -> list[Movement]:
    """What the sale takes off the shelf (a bundle its components), one SALE movement each."""
    return [Movement(sku, qty, Reason.SALE) for sku, qty in sale.stock_out()]
