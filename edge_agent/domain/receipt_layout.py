"""The one receipt renderer: a CustomerReceipt as styled rows for a paper or screen width.

The screen text (`receipt_text`), the ESC/POS printout (devices.printer turns
the rows into bytes) and a reprint (the same rows under a REPRINT mark) all
come from `receipt_rows`. Every word printed on a receipt is in RECEIPT_WORDS
(and METHOD_WORDS), one table, so a translation sweep changes them in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from common.domain.money import format_minor
from edge_agent.domain.customer_receipt import SALE, CustomerReceipt, StoreHeader

SCREEN_WIDTH = 40  # the width of the receipt text shown on a till and by pos

RECEIPT_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "store": "Store {store_code}",
        "reprint": "*** REPRINT ***",
        "till": "Till {till_id}   Cashier {cashier}",
        "sale": "Sale {number}   Journal #{seq}",
        "return_for_sale": "RETURN {number} for sale {original_sale_no}",
        "return_without_receipt": "RETURN {number} without receipt",
        "journal": "Journal #{seq}",
        "price_override": "  price override (list {list_price})",
        "discount": "  discount",
        "written_off": " written off",
        "total": "TOTAL",
        "cash_rounding": "Cash rounding",
        "change": "CHANGE",
        "refund": "REFUND",
        "reason": "Reason: {reason}",
        "thanks": "Thank you for shopping with us",
        "keep": "Keep this receipt for returns",
    }
)
METHOD_WORDS: Mapping[str, str] = MappingProxyType({"cash": "CASH", "card": "CARD", "qr": "QR"})
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


class Row(NamedTuple):  # a tuple: a receipt builds a few dozen on the sale's commit path
    text: str
    bold: bool = False
    big: bool = False  # double height
    center: bool = False


class _Rows:
    """Rows for one width, money in one currency."""

    def __init__(self, width: int, currency: str) -> None:
        self.width = width
        self.currency = currency
        self.rows: list[Row] = []
        self._rule = Row("-" * width, False, False, False)

    def money(self, amount_minor: int) -> str:
        return format_minor(amount_minor, self.currency)

    def add(self, text: str, bold: bool = False, big: bool = False, center: bool = False) -> None:
        self.rows.append(Row(text[: self.width], bold, big, center))

    def pair(self, left: str, right: str, bold: bool = False) -> None:
        width = self.width
        left = left[: max(1, width - len(right) - 1)]
        self.rows.append(Row(f"{left:<{width - len(right)}}{right}", bold, False, False))

    def rule(self) -> None:
        self.rows.append(self._rule)

    def store(self, name: str, code: str) -> None:
        self.add(name or code, bold=True, big=True, center=True)
        self.add(RECEIPT_WORDS["store"].format(store_code=code), center=True)


def receipt_rows(receipt: CustomerReceipt, width: int, reprint: bool = False) -> list[Row]:
    r = receipt
    out = _Rows(width, r.currency)
    words = RECEIPT_WORDS
    out.store(r.store_name, r.store_code)
    if reprint:
        out.add(words["reprint"], bold=True, center=True)
    out.add(words["till"].format(till_id=r.till_id, cashier=r.cashier or "-"))
    if r.kind == SALE:
        out.add(words["sale"].format(number=r.number, seq=r.seq))
    else:
        against = "return_for_sale" if r.original_sale_no else "return_without_receipt"
        out.add(
            words[against].format(number=r.number, original_sale_no=r.original_sale_no),
            bold=True,
        )
        out.add(words["journal"].format(seq=r.seq))
    out.add(r.occurred_at.strftime(TIME_FORMAT))
    out.rule()
    for line in r.lines:
        out.add(line.name)
        note = words["written_off"] if line.written_off else ""
        out.pair(
            f"  {line.qty_base} x {out.money(line.unit_price_minor)}{note}",
            out.money(line.amount_minor),
        )
        if line.list_price_minor is not None:
            out.add(words["price_override"].format(list_price=out.money(line.list_price_minor)))
        if line.discount_minor:
            out.pair(words["discount"], out.money(-line.discount_minor))
    out.rule()
    total = words["total"] if r.kind == SALE else words["refund"]
    out.pair(total, f"{out.money(r.total_minor)} {r.currency}", bold=True)
    if r.rounding_minor:
        out.pair(words["cash_rounding"], out.money(r.rounding_minor))
    for payment in r.payments:
        label = METHOD_WORDS.get(payment.method, payment.method.upper())
        if payment.reference:
            label += f" {payment.reference}"
        out.pair(label, out.money(payment.amount_minor))
    if r.kind == SALE:
        out.pair(words["change"], out.money(r.change_minor))
    if r.reason:
        out.add(words["reason"].format(reason=r.reason))
    out.rule()
    out.add(words["thanks"], center=True)
    out.add(words["keep"], center=True)
    return out.rows


def rows_text(rows: list[Row], width: int) -> str:
    """Rows as plain text: centred rows centred, one line each."""
    lines = [(row.text.center(width) if row.center else row.text).rstrip() for row in rows]
    lines.append("")
    return "\n".join(lines)


def receipt_text(receipt: CustomerReceipt, width: int = SCREEN_WIDTH) -> str:
    """The receipt as the till screen and pos show it: the printout's rows as text."""
    return rows_text(receipt_rows(receipt, width), width)


def text_rows(store: StoreHeader, title: str, text: str, width: int) -> list[Row]:
    """A report printed as it was written (X/Z, shift close), under the store and a title."""
    out = _Rows(width, store.currency)
    out.store(store.store_name, store.store_code)
    out.add(title, bold=True, center=True)
    out.rule()
    for line in text.splitlines():
        while len(line) > width:
            out.add(line[:width])
            line = line[width:]
        out.add(line)
    return out.rows
