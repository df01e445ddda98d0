"""The sale being rung up on this screen: lines as scanned, before the agent prices and sells them."""

from __future__ import annotations

from dataclasses import dataclass, field

from common.pb.storeledger.v1 import ledger_pb2, till_pb2

LABEL_KINDS = ("weight_label", "price_label")


@dataclass
class CartLine:
    code: str  # what goes back to the agent: barcode, SKU or the whole label
    sku: str
    name: str
    unit: str
    qty_base: int
    unit_price_minor: int  # the catalogue price, or the override
    list_price_minor: int
    kind: str = "barcode"
    label_amount_minor: int = 0  # a price label fixes the line's amount
    price_override_minor: int | None = None
    discount_minor: int = 0
    approval_id: str = ""
    amount_minor: int = 0  # as the agent priced it (PriceCart)
    offer_discount_minor: int = 0  # the promotions' share of the line (PriceCart)
    offer_words: tuple[str, ...] = ()  # why: each promotion that took something off

    @property
    def from_label(self) -> bool:
        return self.kind in LABEL_KINDS

    def local_amount(self) -> int:
        if self.kind == "price_label":
            return self.label_amount_minor - self.discount_minor
        return self.qty_base * self.unit_price_minor - self.discount_minor

    def sell_item(self) -> till_pb2.SellItem:
        item = till_pb2.SellItem(
            code=self.code,
            qty_base=0 if self.from_label else self.qty_base,
            discount_minor=self.discount_minor,
            approval_id=self.approval_id,
        )
        if self.price_override_minor is not None:
            item.price_override_minor = self.price_override_minor
        return item

    def sale_line(self, line_no: int) -> ledger_pb2.SaleLine:
        return ledger_pb2.SaleLine(
            line_no=line_no,
            sku=self.sku,
            scanned_code=self.code,
            name=self.name,
            qty_base=self.qty_base,
            unit_price_minor=self.unit_price_minor,
            amount_minor=self.amount_minor or self.local_amount(),
            list_price_minor=self.list_price_minor,
            discount_minor=self.discount_minor,
        )


@dataclass
class Cart:
    lines: list[CartLine] = field(default_factory=list)
    total_minor: int = 0
    cash_total_minor: int = 0
    currency: str = "CNY"
    member: str = ""  # the member as typed or scanned (F11); "" for none
    member_shown: str = ""  # as the agent found them: masked phone, level

    def add(self, scan: till_pb2.ScanResult, code: str, qty_base: int) -> int:
        """Add a scanned item (a repeat scan of a plain line adds to it); returns the line index."""
        p = scan.product
        kind = scan.kind or "barcode"
        if kind not in LABEL_KINDS:
            for index, line in enumerate(self.lines):
                if line.sku == p.sku and not line.from_label and line.price_override_minor is None:
                    line.qty_base += qty_base
                    return index
        self.lines.append(
            CartLine(
                code=code,
                sku=p.sku,
                name=p.name,
                unit=p.unit,
                qty_base=scan.qty_base if kind == "weight_label" else qty_base,
                unit_price_minor=p.price_minor,
                list_price_minor=p.price_minor,
                kind=kind,
                label_amount_minor=scan.amount_minor,
            )
        )
        if p.currency:
            self.currency = p.currency
        return len(self.lines) - 1

    def sell_request(self, till_id: str, cashier: str) -> till_pb2.SellRequest:
        return till_pb2.SellRequest(
            till_id=till_id,
            cashier=cashier,
            items=[line.sell_item() for line in self.lines],
            member=self.member,
        )

    def apply_quote(self, quote: till_pb2.CartQuote) -> None:
        for line, priced in zip(self.lines, quote.lines, strict=False):
            line.amount_minor = priced.amount_minor
            line.offer_discount_minor = priced.offer_discount_minor
            line.offer_words = tuple(o.text or o.offer_id for o in priced.offers)
        self.total_minor = quote.total_minor
        self.cash_total_minor = quote.cash_total_minor or quote.total_minor
        if quote.currency:
            self.currency = quote.currency
        if quote.HasField("member"):
            m = quote.member
            self.member_shown = f"{m.phone_masked or m.member_id} {m.level}".strip()

    def clear(self) -> None:
        self.lines.clear()
        self.total_minor = self.cash_total_minor = 0
        self.member = self.member_shown = ""
