"""A sale built from scanned items and the catalogue: lines, total, tenders, stock movements.

A sale is never refused for lack of stock (the goods are in the customer's
hand, DESIGN invariant 1): building one does not look at stock levels at all.
A line may carry a price override or a line discount; which of those need a
manager's approval is the store's policy, checked by the service against the
approvals the line names (`approvals_needed`).
"""

from __future__ import annotations

from dataclasses import dataclass

from common.domain.money import div_round_half_up
from common.domain.pricing import (
    CashRounding,
    check_override,
    discount_details,
    line_amount,
    override_details,
)
from common.domain.units import require_positive
from common.errors import InvalidQuantity
from edge_agent.domain.errors import EmptySale, InvalidInput, UnknownBarcode
from edge_agent.domain.labels import PRICE, LabelLayout, decode_label
from edge_agent.domain.product import (
    CatalogueProduct,
    ProductLookup,
    require_on_sale,
    resolve_code,
)
from edge_agent.domain.tender import Tender, TenderOffer, settle


@dataclass(frozen=True)
class ScannedItem:
    code: str  # barcode, SKU or an in-store label, as scanned or typed
    qty_base: int  # 0 with a label: taken from it
    price_override_minor: int | None = None
    discount_minor: int = 0
    approval_id: str = ""


@dataclass(frozen=True)
class SaleLine:
    line_no: int
    sku: str
    scanned_code: str
    name: str
    unit: str
    qty_base: int
    unit_price_minor: int
    amount_minor: int
    list_price_minor: int = 0
    discount_minor: int = 0
    approval_id: str = ""
    label_code: str = ""
    # What one base unit of the line takes off the shelf; None: the line's own SKU.
    # A bundle moves its components, a service its consumables (catalogue kinds).
    moves: tuple[tuple[str, int], ...] | None = None


@dataclass(frozen=True)
class Sale:
    """A priced and paid sale, not yet numbered (the ledger numbers it at commit)."""

    store_code: str
    till_id: str
    cashier: str
    currency: str
    lines: list[SaleLine]
    tenders: list[Tender]
    total_minor: int
    rounding_minor: int = 0
    shift_id: str = ""

    @property
    def change_minor(self) -> int:
        return sum(t.change_minor for t in self.tenders)

    @property
    def discounts_minor(self) -> int:
        return sum(line.discount_minor for line in self.lines)

    def stock_out(self) -> list[tuple[str, int]]:
        """(sku, signed qty) per line: a sale takes each line's quantity off the shelf.

        A bundle or service line takes its components (qty x per unit) instead.
        """
        out: list[tuple[str, int]] = []
        for line in self.lines:
            moves = ((line.sku, 1),) if line.moves is None else line.moves
            out.extend((sku, -line.qty_base * per) for sku, per in moves)
        return out


@dataclass(frozen=True)
class Scanned:
    """What one scanned code means: the product, and a label's weight or price."""

    product: CatalogueProduct
    kind: str  # barcode_or_sku, weight_label, price_label
    qty_base: int = 0
    amount_minor: int = 0
    label_code: str = ""


def scan(code: str, lookup: ProductLookup, store_code: str, layout: LabelLayout | None) -> Scanned:
    """Resolve a scanned code: an in-store label first (by its label code), then barcode/SKU."""
    label = decode_label(code, layout) if layout is not None else None
    if label is None:
        return Scanned(resolve_code(code, lookup, store_code), "barcode_or_sku")
    product = lookup(label.label_code)
    if product is None:
        raise UnknownBarcode(
            f"label {label.code} is for item {label.item_code}, but no product has label code "
            f"{label.label_code} in store {store_code}'s catalogue"
        )
    if label.kind == PRICE:
        return Scanned(product, PRICE, 0, label.value, label.code)
    return Scanned(product, label.kind, label.value, 0, label.code)


def _price_line(
    line_no: int, item: ScannedItem, scanned: Scanned, currency: str, store_code: str
) -> SaleLine:
    product = require_on_sale(scanned.product, store_code)
    if product.currency != currency:
        raise InvalidInput(
            f"product {product.sku} is priced in {product.currency}, "
            f"but store {store_code} sells in {currency}"
        )
    unit_price = product.price_minor
    if item.price_override_minor is not None:
        unit_price = check_override(product.sku, item.price_override_minor)
    if scanned.kind == PRICE:
        # The scale printed the price: the line amount is that price; the quantity is
        # derived from the unit price (whole base units, at least one).
        if item.price_override_minor is not None or item.discount_minor:
            raise InvalidInput(
                f"label {scanned.label_code} carries its own price; it takes no override "
                "or discount"
            )
        amount = scanned.amount_minor
        if product.unit == "piece":
            # A price sticker on a packaged item (a markdown): one piece at that price.
            qty, unit_price = 1, amount
        else:
            qty = max(1, div_round_half_up(amount, unit_price)) if unit_price else 1
    else:
        # A pack barcode: each pack scanned is pack_qty base units at the unit price.
        packs = item.qty_base or 1
        qty = (
            packs * product.pack_qty if product.pack_qty > 1 else scanned.qty_base or item.qty_base
        )
        if qty == 0:
            # No quantity given: one piece; a weighed or measured item must say how much.
            if product.unit != "piece":
                how = "weight in g" if product.unit == "g" else f"quantity in {product.unit}"
                raise InvalidQuantity(
                    f"{product.sku} is sold by {product.unit}: give its {how}, "
                    f"e.g. {product.sku}x250, or weigh it on the scale"
                )
            qty = 1
        if scanned.qty_base and item.qty_base not in (0, scanned.qty_base):
            raise InvalidInput(
                f"label {scanned.label_code} weighs {scanned.qty_base} g; "
                "its quantity cannot be changed"
            )
        require_positive(qty, product.unit)
        amount = line_amount(product.sku, qty, unit_price, item.discount_minor, currency)
    return SaleLine(
        line_no=line_no,
        sku=product.sku,
        scanned_code=item.code.strip(),
        name=product.name,
        unit=product.unit,
        qty_base=qty,
        unit_price_minor=unit_price,
        amount_minor=amount,
        list_price_minor=product.price_minor,
        discount_minor=item.discount_minor,
        approval_id=item.approval_id,
        label_code=scanned.label_code,
        moves=None if product.kind == "goods" else product.stock_moves(),
    )


def price_lines(
    store_code: str,
    currency: str,
    items: list[ScannedItem],
    lookup: ProductLookup,
    layout: LabelLayout | None = None,
) -> list[SaleLine]:
    """Price every item (one line per scan, nothing merged)."""
    if not items:
        raise EmptySale("a sale needs at least one item")
    return [
        _price_line(n, item, scan(item.code, lookup, store_code, layout), currency, store_code)
        for n, item in enumerate(items, start=1)
    ]


@dataclass(frozen=True)
class NeededApproval:
    action: str
    details: str
    approval_id: str
    line_no: int


def approvals_needed(lines: list[SaleLine]) -> list[NeededApproval]:
    """The manager approvals the lines' overrides and discounts call for (policy aside)."""
    needed = []
    for line in lines:
        if line.unit_price_minor != line.list_price_minor and not line.label_code:
            needed.append(
                NeededApproval(
                    "price_override",
                    override_details(line.sku, line.unit_price_minor),
                    line.approval_id,
                    line.line_no,
                )
            )
        if line.discount_minor:
            needed.append(
                NeededApproval(
                    "line_discount",
                    discount_details(line.sku, line.discount_minor),
                    line.approval_id,
                    line.line_no,
                )
            )
    return needed


def build_sale(
    store_code: str,
    till_id: str,
    cashier: str,
    currency: str,
    items: list[ScannedItem],
    offers: list[TenderOffer],
    lookup: ProductLookup,
    layout: LabelLayout | None = None,
    rounding: CashRounding | None = None,
    shift_id: str = "",
) -> Sale:
    """Price every item and settle the tenders (cash part rounded)."""
    lines = price_lines(store_code, currency, items, lookup, layout)
    total = sum(line.amount_minor for line in lines)
    tenders = settle(total, offers, currency, rounding)
    return Sale(
        store_code=store_code,
        till_id=till_id,
        cashier=cashier,
        currency=currency,
        lines=lines,
        tenders=tenders,
        total_minor=total,
        rounding_minor=sum(t.amount_minor for t in tenders) - total,
        shift_id=shift_id,
    )


@dataclass(frozen=True)
class Quote:
    lines: list[SaleLine]
    total_minor: int
    cash_total_minor: int
    rounding_minor: int


def quote(
    store_code: str,
    currency: str,
    items: list[ScannedItem],
    lookup: ProductLookup,
    layout: LabelLayout | None,
    rounding: CashRounding,
) -> Quote:
    """The cart's price before payment: total, and what it comes to when paid all in cash."""
    lines = price_lines(store_code, currency, items, lookup, layout)
    total = sum(line.amount_minor for line in lines)
    adjust = rounding.adjustment(total)
    return Quote(lines, total, total + adjust, adjust)
