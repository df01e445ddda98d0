"""What goes on the paper: sale and return receipts and text reports as styled rows.

Built from the ledger's own documents (ledger_pb2.Sale / SaleReturn) so a
reprint reads exactly what was committed. printer.py turns rows into ESC/POS.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from common.domain.money import format_minor
from common.pb.storeledger.v1 import ledger_pb2
from edge_agent.devices.peripherals import StoreHeader

FOOTER = ("Thank you for shopping with us", "Keep this receipt for returns")


@dataclass(frozen=True)
class Row:
    text: str
    bold: bool = False
    big: bool = False  # double height
    center: bool = False


class Layout:
    """Rows for one paper width, money in the store's currency."""

    def __init__(self, width: int, currency: str, tz: ZoneInfo) -> None:
        self.width = width
        self.currency = currency
        self.tz = tz
        self.rows: list[Row] = []

    def money(self, amount_minor: int) -> str:
        return format_minor(amount_minor, self.currency)

    def add(self, text: str = "", **style: bool) -> None:
        self.rows.append(Row(text[: self.width], **style))

    def pair(self, left: str, right: str, bold: bool = False) -> None:
        left = left[: max(1, self.width - len(right) - 1)]
        self.rows.append(Row(left + " " * (self.width - len(left) - len(right)) + right, bold))

    def rule(self) -> None:
        self.rows.append(Row("-" * self.width))

    def header(self, store: StoreHeader, till_id: str, cashier: str, reprint: bool) -> None:
        self.add(store.store_name or store.store_code, bold=True, big=True, center=True)
        self.add(f"Store {store.store_code}", center=True)
        if reprint:
            self.add("*** REPRINT ***", bold=True, center=True)
        self.add(f"Till {till_id}   Cashier {cashier or '-'}")

    def when(self, occurred_at_ms: int) -> None:
        at = dt.datetime.fromtimestamp(occurred_at_ms // 1000, self.tz)
        self.add(at.strftime("%Y-%m-%d %H:%M:%S"))

    def tender(self, tender: ledger_pb2.Tender, refund: bool = False) -> None:
        label = tender.method.upper() + (f" {tender.reference}" if tender.reference else "")
        shown = (
            tender.amount_minor if refund or not tender.tendered_minor else tender.tendered_minor
        )
        self.pair(label, self.money(shown))

    def footer(self) -> None:
        self.rule()
        for line in FOOTER:
            self.add(line, center=True)


def sale_rows(
    store: StoreHeader,
    sale: ledger_pb2.Sale,
    seq: int,
    occurred_at_ms: int,
    width: int,
    tz: ZoneInfo,
    reprint: bool = False,
) -> list[Row]:
    out = Layout(width, sale.currency or store.currency, tz)
    out.header(store, sale.till_id, sale.cashier, reprint)
    out.add(f"Sale {sale.sale_no}   Journal #{seq}")
    out.when(occurred_at_ms)
    out.rule()
    for line in sale.lines:
        out.add(line.name or line.sku)
        gross = line.amount_minor + line.discount_minor
        out.pair(f"  {line.qty_base} x {out.money(line.unit_price_minor)}", out.money(gross))
        if line.unit_price_minor != line.list_price_minor and not line.label_code:
            out.add(f"  price override (list {out.money(line.list_price_minor)})")
        if line.discount_minor:
            out.pair("  discount", out.money(-line.discount_minor))
    out.rule()
    out.pair("TOTAL", f"{out.money(sale.total_minor)} {out.currency}", bold=True)
    if sale.rounding_minor:
        out.pair("Cash rounding", out.money(sale.rounding_minor))
    for tender in sale.tenders:
        out.tender(tender)
    change = sum(t.change_minor for t in sale.tenders)
    out.pair("CHANGE", out.money(change))
    out.footer()
    return out.rows


def return_rows(
    store: StoreHeader,
    sale_return: ledger_pb2.SaleReturn,
    seq: int,
    occurred_at_ms: int,
    width: int,
    tz: ZoneInfo,
    reprint: bool = False,
) -> list[Row]:
    r = sale_return
    out = Layout(width, r.currency or store.currency, tz)
    out.header(store, r.till_id, r.cashier, reprint)
    against = f"for sale {r.original_sale_no}" if r.original_sale_no else "without receipt"
    out.add(f"RETURN {r.return_no} {against}", bold=True)
    out.add(f"Journal #{seq}")
    out.when(occurred_at_ms)
    out.rule()
    for line in r.lines:
        out.add(line.name or line.sku)
        note = " written off" if line.disposition == "write_off" else ""
        out.pair(
            f"  {line.qty_base} x {out.money(line.unit_price_minor)}{note}",
            out.money(-line.amount_minor),
        )
    out.rule()
    out.pair("REFUND", f"{out.money(r.total_minor)} {out.currency}", bold=True)
    for tender in r.refunds:
        out.tender(tender, refund=True)
    if r.reason:
        out.add(f"Reason: {r.reason}")
    out.footer()
    return out.rows


def text_rows(store: StoreHeader, title: str, text: str, width: int, tz: ZoneInfo) -> list[Row]:
    """A report printed as it was written (X/Z, shift close), under the store and a title."""
    out = Layout(width, store.currency, tz)
    out.add(store.store_name or store.store_code, bold=True, big=True, center=True)
    out.add(f"Store {store.store_code}", center=True)
    out.add(title, bold=True, center=True)
    out.rule()
    for line in text.splitlines():
        while len(line) > width:
            out.add(line[:width])
            line = line[width:]
        out.add(line)
    return out.rows
