"""The one receipt renderer: a CustomerReceipt as styled rows for a paper or screen width.

The screen text (`receipt_text`), the ESC/POS printout (devices.printer turns
the rows into bytes) and a reprint (the same rows under a REPRINT mark) all
come from `receipt_rows`. Every word printed on a receipt is in RECEIPT_WORDS
(and METHOD_WORDS), one table marked for translation: a receipt is printed in
the language of the call that prints it (the till's, else the store's), with
amounts as ¥12.34 (common.i18n.display_amount). Widths are character cells: a
Chinese character takes two (domain.text_columns), on paper as on a screen.
Every row is printable (common.text_safety): a product, store or cashier name
holding ESC, a bidi override or another control character shows U+FFFD there,
so neither the printer nor a terminal showing the receipt obeys it.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from common.i18n import N_, _, display_amount
from common.text_safety import printable
from edge_agent.domain.customer_receipt import SALE, CustomerReceipt, ReceiptMember, StoreHeader
from edge_agent.domain.text_columns import centre, clip, pair, split_lines

SCREEN_WIDTH = 40  # the width of the receipt text shown on a till and by pos

# Marked for translation; translated where they are printed (words()).
RECEIPT_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "store": N_("Store {store_code}"),
        "reprint": N_("*** REPRINT ***"),
        "till": N_("Till {till_id}   Cashier {cashier}"),
        "sale": N_("Sale {number}   Journal #{seq}"),
        "return_for_sale": N_("RETURN {number} for sale {original_sale_no}"),
        "return_without_receipt": N_("RETURN {number} without receipt"),
        "journal": N_("Journal #{seq}"),
        "price_override": N_("price override (list {list_price})"),
        "discount": N_("discount"),
        "written_off": N_("written off"),
        "total": N_("TOTAL"),
        "cash_rounding": N_("Cash rounding"),
        "change": N_("CHANGE"),
        "refund": N_("REFUND"),
        "reason": N_("Reason: {reason}"),
        "coupon": N_("Coupon {code}"),
        "thanks": N_("Thank you for shopping with us"),
        "keep": N_("Keep this receipt for returns"),
        "member": N_("Member {member}"),
        "member_level": N_("Member {member} ({level})"),
        "balance": N_("Stored value balance"),
        "points_paid": N_("Points paid"),
        "card_uses": N_("Card {card} ({covers}): {uses} uses left"),
        "offline": N_("OFFLINE: stored value taken without head office; it confirms later"),
    }
)
METHOD_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "cash": N_("CASH"),
        "card": N_("CARD"),
        "qr": N_("QR"),
        "stored_value": N_("STORED VALUE"),
        "points": N_("POINTS"),
    }
)
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
INDENT = "  "  # a line's quantity and price, its discount, under its name


def words() -> dict[str, str]:
    """RECEIPT_WORDS in the current language."""
    return {key: _(text) for key, text in RECEIPT_WORDS.items()}


def method_word(method: str) -> str:
    """A payment method as a receipt or report prints it ('CASH', '现金'); an unknown one
    as its code in capitals."""
    return _(METHOD_WORDS[method]) if method in METHOD_WORDS else method.upper()


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
        return display_amount(amount_minor, self.currency)

    def add(self, text: str, bold: bool = False, big: bool = False, center: bool = False) -> None:
        self.rows.append(Row(clip(printable(text), self.width), bold, big, center))

    def pair(self, left: str, right: str, bold: bool = False) -> None:
        self.rows.append(
            Row(pair(printable(left), printable(right), self.width), bold, False, False)
        )

    def rule(self) -> None:
        self.rows.append(self._rule)

    def store(self, name: str, code: str) -> None:
        self.add(name or code, bold=True, big=True, center=True)
        self.add(_(RECEIPT_WORDS["store"]).format(store_code=code), center=True)


def receipt_rows(receipt: CustomerReceipt, width: int, reprint: bool = False) -> list[Row]:
    r = receipt
    out = _Rows(width, r.currency)
    said = words()
    out.store(r.store_name, r.store_code)
    if reprint:
        out.add(said["reprint"], bold=True, center=True)
    out.add(said["till"].format(till_id=r.till_id, cashier=r.cashier or "-"))
    if r.kind == SALE:
        out.add(said["sale"].format(number=r.number, seq=r.seq))
    else:
        against = "return_for_sale" if r.original_sale_no else "return_without_receipt"
        out.add(
            said[against].format(number=r.number, original_sale_no=r.original_sale_no),
            bold=True,
        )
        out.add(said["journal"].format(seq=r.seq))
    out.add(r.occurred_at.strftime(TIME_FORMAT))
    out.rule()
    for line in r.lines:
        out.add(line.name)
        detail = f"{INDENT}{line.qty_base} x {out.money(line.unit_price_minor)}"
        if line.written_off:
            detail += " " + said["written_off"]
        out.pair(detail, out.money(line.amount_minor))
        if line.list_price_minor is not None:
            list_price = out.money(line.list_price_minor)
            out.add(INDENT + said["price_override"].format(list_price=list_price))
        if line.discount_minor:
            out.pair(INDENT + said["discount"], out.money(-line.discount_minor))
        for text, off in line.offers:
            out.pair(INDENT + text, out.money(-off))
    out.rule()
    total = said["total"] if r.kind == SALE else said["refund"]
    out.pair(total, out.money(r.total_minor), bold=True)
    if r.rounding_minor:
        out.pair(said["cash_rounding"], out.money(r.rounding_minor))
    for payment in r.payments:
        label = method_word(payment.method)
        if payment.reference:
            label += f" {payment.reference}"
        out.pair(label, out.money(payment.amount_minor))
    if r.kind == SALE:
        out.pair(said["change"], out.money(r.change_minor))
    if r.member is not None:
        _member_rows(out, r.member, said)
    if r.reason:
        out.add(said["reason"].format(reason=r.reason))
    for code in r.coupons:
        out.add(said["coupon"].format(code=code))
    out.rule()
    out.add(said["thanks"], center=True)
    out.add(said["keep"], center=True)
    return out.rows


def _member_rows(out: _Rows, member: ReceiptMember, said: dict[str, str]) -> None:
    out.rule()
    if member.level:
        out.add(said["member_level"].format(member=member.shown_as, level=member.level))
    else:
        out.add(said["member"].format(member=member.shown_as))
    if member.balance_minor is not None:
        out.pair(said["balance"], out.money(member.balance_minor))
    if member.points_paid:
        out.pair(said["points_paid"], str(member.points_paid))
    for card in member.cards:
        text = said["card_uses"].format(
            card=card.entitlement_id, covers=card.covers, uses=card.uses_left
        )
        for part in split_lines(text, out.width):
            out.add(part)
    if member.offline:
        for part in split_lines(said["offline"], out.width):
            out.add(part, bold=True)


def rows_text(rows: list[Row], width: int) -> str:
    """Rows as plain text: centred rows centred, one line each."""
    lines = [(centre(row.text, width) if row.center else row.text).rstrip() for row in rows]
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
        for part in split_lines(line, width):
            out.add(part)
    return out.rows
