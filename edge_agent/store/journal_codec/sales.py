"""Sales, returns, their lines and tenders, and cart voids <-> ledger_pb2."""

from __future__ import annotations

from typing import Protocol

from common.domain.promotions import LineOffer
from common.pb.storeledger.v1 import ledger_pb2
from edge_agent.domain.returns import ReturnLine, SaleReturn
from edge_agent.domain.sale_record import RecordedLine, RecordedSale
from edge_agent.domain.tender import Tender
from edge_agent.domain.till_actions import CartVoid


class LineLike(Protocol):
    """A sale line, priced (domain.sale.SaleLine) or recorded (RecordedLine)."""

    @property
    def line_no(self) -> int: ...
    @property
    def sku(self) -> str: ...
    @property
    def scanned_code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def qty_base(self) -> int: ...
    @property
    def unit_price_minor(self) -> int: ...
    @property
    def amount_minor(self) -> int: ...
    @property
    def list_price_minor(self) -> int: ...
    @property
    def discount_minor(self) -> int: ...
    @property
    def approval_id(self) -> str: ...
    @property
    def label_code(self) -> str: ...
    @property
    def offer_discount_minor(self) -> int: ...
    @property
    def offers(self) -> tuple[LineOffer, ...]: ...


def tender_pb(t: Tender) -> ledger_pb2.Tender:
    return ledger_pb2.Tender(
        method=t.method,
        amount_minor=t.amount_minor,
        tendered_minor=t.tendered_minor,
        change_minor=t.change_minor,
        reference=t.reference,
        authorisation_key=t.authorisation_key,
        offline=t.offline,
        points=t.points,
    )


def tender_of(m: ledger_pb2.Tender) -> Tender:
    return Tender(
        m.method, m.amount_minor, m.tendered_minor, m.change_minor, m.reference,
        m.authorisation_key, m.offline, m.points,
    )  # fmt: skip


def sale_line_pb(line: LineLike) -> ledger_pb2.SaleLine:
    return ledger_pb2.SaleLine(
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
        offers=[
            ledger_pb2.LineOfferApplied(
                offer_id=o.offer_id, discount_minor=o.discount_minor, text=o.text
            )
            for o in line.offers
        ],
    )


def recorded_line_of(m: ledger_pb2.SaleLine) -> RecordedLine:
    return RecordedLine(
        line_no=m.line_no,
        sku=m.sku,
        scanned_code=m.scanned_code,
        name=m.name,
        qty_base=m.qty_base,
        unit_price_minor=m.unit_price_minor,
        amount_minor=m.amount_minor,
        list_price_minor=m.list_price_minor,
        discount_minor=m.discount_minor,
        approval_id=m.approval_id,
        label_code=m.label_code,
        offer_discount_minor=m.offer_discount_minor,
        offers=tuple(LineOffer(o.offer_id, o.discount_minor, o.text) for o in m.offers),
    )


def sale_pb(sale: RecordedSale) -> ledger_pb2.Sale:
    return ledger_pb2.Sale(
        sale_id=sale.sale_id,
        sale_no=sale.sale_no,
        till_id=sale.till_id,
        cashier=sale.cashier,
        lines=[sale_line_pb(line) for line in sale.lines],
        tenders=[tender_pb(t) for t in sale.tenders],
        total_minor=sale.total_minor,
        currency=sale.currency,
        rounding_minor=sale.rounding_minor,
        shift_id=sale.shift_id,
        priced_local=sale.priced_local,
        coupons=list(sale.coupons),
        promo_ids=list(sale.promo_ids),
        member_id=sale.member_id,
        member_level=sale.member_level,
        member_birthday=sale.member_birthday,
        coupon_key=sale.coupon_key,
    )


def recorded_sale_of(m: ledger_pb2.Sale) -> RecordedSale:
    return RecordedSale(
        sale_id=m.sale_id,
        sale_no=m.sale_no,
        till_id=m.till_id,
        cashier=m.cashier,
        currency=m.currency,
        lines=tuple(recorded_line_of(line) for line in m.lines),
        tenders=tuple(tender_of(t) for t in m.tenders),
        total_minor=m.total_minor,
        rounding_minor=m.rounding_minor,
        shift_id=m.shift_id,
        priced_local=m.priced_local,
        coupons=tuple(m.coupons),
        promo_ids=tuple(m.promo_ids),
        member_id=m.member_id,
        member_level=m.member_level,
        member_birthday=m.member_birthday,
        coupon_key=m.coupon_key,
    )


def return_line_pb(line: ReturnLine) -> ledger_pb2.ReturnLine:
    return ledger_pb2.ReturnLine(
        sku=line.sku,
        name=line.name,
        qty_base=line.qty_base,
        unit_price_minor=line.unit_price_minor,
        amount_minor=line.amount_minor,
        disposition=line.disposition,
        original_line_no=line.original_line_no,
    )


def sale_return_pb(r: SaleReturn) -> ledger_pb2.SaleReturn:
    return ledger_pb2.SaleReturn(
        return_id=r.return_id,
        return_no=r.return_no,
        original_sale_id=r.original_sale_id,
        original_sale_no=r.original_sale_no,
        till_id=r.till_id,
        cashier=r.cashier,
        lines=[return_line_pb(line) for line in r.lines],
        refunds=[tender_pb(t) for t in r.refunds],
        total_minor=r.total_minor,
        currency=r.currency,
        approval_id=r.approval_id,
        shift_id=r.shift_id,
        reason=r.reason,
    )


def sale_return_of(m: ledger_pb2.SaleReturn) -> SaleReturn:
    return SaleReturn(
        return_id=m.return_id,
        return_no=m.return_no,
        original_sale_id=m.original_sale_id,
        original_sale_no=m.original_sale_no,
        till_id=m.till_id,
        cashier=m.cashier,
        lines=tuple(
            ReturnLine(
                sku=line.sku,
                name=line.name,
                qty_base=line.qty_base,
                unit_price_minor=line.unit_price_minor,
                amount_minor=line.amount_minor,
                disposition=line.disposition,
                original_line_no=line.original_line_no,
            )
            for line in m.lines
        ),
        refunds=tuple(tender_of(t) for t in m.refunds),
        total_minor=m.total_minor,
        currency=m.currency,
        approval_id=m.approval_id,
        shift_id=m.shift_id,
        reason=m.reason,
    )


def cart_void_pb(v: CartVoid) -> ledger_pb2.CartVoid:
    return ledger_pb2.CartVoid(
        till_id=v.till_id,
        cashier=v.cashier,
        scope=v.scope,
        lines=[sale_line_pb(line) for line in v.lines],
        approval_id=v.approval_id,
    )
