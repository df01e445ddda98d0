"""The pricing engine: scanned codes to priced lines and a cart total, the same at the till
and at head office.

Pure functions: each side passes in what it knows — a lookup over its own
catalogue (common.domain.product: the store's price overriding the chain's,
pack barcodes), the chain's label layout (common.domain.labels) and the cash
rounding (common.domain.cash_rounding) — and gets the same lines to the minor
unit. The rules:

- a code is an in-store label first (found through its label code), then a
  barcode, a pack barcode or a SKU, as the lookup finds it;
- a line is quantity x unit price - discount (at most MAX_QTY_BASE base units
  and MAX_AMOUNT_MINOR a line, so no total overflows); a pack barcode sells pack_qty
  base units per pack scanned; a piece item without a quantity is one piece,
  a weighed or measured item must say how much;
- a weight label carries the quantity (not changeable); a price label carries
  the line amount (no override or discount): a piece item is one piece at that
  price, a weighed item's quantity is the amount / unit price, half up, at least 1;
- a manager's price override replaces the unit price; a line discount comes
  off the line and is never negative nor more than the line;
- the cart total is the sum of the lines, less the offers that apply when the
  caller passes offers and a context (common.domain.promotions: the best combination
  for the customer, each line's share); paid all in cash it is rounded
  (cash_rounding.amount_due).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from common.domain.cash_rounding import CashRounding, amount_due
from common.domain.errors import EmptySale, UnknownBarcode
from common.domain.labels import PRICE, LabelLayout, decode_label
from common.domain.limits import check_expanded_qty, check_sum
from common.domain.money import MAX_AMOUNT_MINOR, div_round_half_up
from common.domain.product import (
    CatalogueProduct,
    Moves,
    ProductLookup,
    require_on_sale,
    resolve_code,
)
from common.domain.promotions import (
    CartPricing,
    LineOffer,
    Offer,
    PricingContext,
    cart_lines,
    price_cart,
)
from common.domain.units import MAX_QTY_BASE, require_positive, unit_words
from common.errors import InvalidInput, InvalidQuantity
from common.i18n import _, display_amount

__all__ = [
    "CashRounding",
    "Quote",
    "SaleLine",
    "Scanned",
    "ScannedItem",
    "check_override",
    "discount_details",
    "line_amount",
    "override_details",
    "price_line",
    "price_lines",
    "promoted_lines",
    "quote",
    "with_offers",
    "scan",
]


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
    moves: Moves | None = None
    # The promotions' share of the line (price_cart's allocation) and each offer's part.
    offer_discount_minor: int = 0
    offers: tuple[LineOffer, ...] = ()

    @property
    def net_minor(self) -> int:
        """What the customer pays for the line, and what returning all of it refunds."""
        return self.amount_minor - self.offer_discount_minor


@dataclass(frozen=True)
class Scanned:
    """What one scanned code means: the product, and a label's weight or price."""

    product: CatalogueProduct
    kind: str  # barcode_or_sku, weight_label, price_label
    qty_base: int = 0
    amount_minor: int = 0
    label_code: str = ""


@dataclass(frozen=True)
class Quote:
    """A cart's price before payment: its lines, total, and the total paid all in cash."""

    lines: list[SaleLine]
    total_minor: int
    cash_total_minor: int
    rounding_minor: int
    offers: CartPricing | None = None  # with offers: what applied to each line, and why not


def line_amount(
    sku: str, qty_base: int, unit_price_minor: int, discount_minor: int, currency: str
) -> int:
    """qty x unit price - discount; a discount is never negative nor more than the line."""
    gross = qty_base * unit_price_minor
    if gross > MAX_AMOUNT_MINOR:
        raise InvalidInput(
            _(
                "the line of {sku} comes to {amount}, more than one line may ({limit}); "
                "check its quantity and price"
            ).format(
                sku=sku,
                amount=display_amount(gross, currency),
                limit=display_amount(MAX_AMOUNT_MINOR, currency),
            )
        )
    if isinstance(discount_minor, bool) or discount_minor < 0:
        raise InvalidInput(
            _("the discount on {sku} must be zero or more, got {value}").format(
                sku=sku, value=discount_minor
            )
        )
    if discount_minor > gross:
        raise InvalidInput(
            _("the discount {discount} on {sku} is more than the line's {amount}").format(
                discount=display_amount(discount_minor, currency),
                sku=sku,
                amount=display_amount(gross, currency),
            )
        )
    return gross - discount_minor


def check_override(sku: str, price_minor: int) -> int:
    if isinstance(price_minor, bool) or price_minor < 0:
        raise InvalidInput(
            _("the override price of {sku} must be zero or more, got {value}").format(
                sku=sku, value=price_minor
            )
        )
    return price_minor


# An approval's details are data the agent checks (the till sends the same text): they
# never translate.
def override_details(sku: str, unit_price_minor: int) -> str:
    return f"SKU {sku} price {unit_price_minor}"


def discount_details(sku: str, discount_minor: int) -> str:
    return f"SKU {sku} discount {discount_minor}"


def scan(code: str, lookup: ProductLookup, store_code: str, layout: LabelLayout | None) -> Scanned:
    """Resolve a scanned code: an in-store label first (by its label code), then barcode/SKU."""
    label = decode_label(code, layout) if layout is not None else None
    if label is None:
        return Scanned(resolve_code(code, lookup, store_code), "barcode_or_sku")
    product = lookup(label.label_code)
    if product is None:
        raise UnknownBarcode(
            _(
                "label {code} is for item {item}, but no product has label code {label_code} "
                "in store {store}'s catalogue"
            ).format(
                code=label.code, item=label.item_code, label_code=label.label_code, store=store_code
            )
        )
    if label.kind == PRICE:
        return Scanned(product, PRICE, 0, label.value, label.code)
    return Scanned(product, label.kind, label.value, 0, label.code)


def price_line(
    line_no: int, item: ScannedItem, scanned: Scanned, currency: str, store_code: str
) -> SaleLine:
    """One priced line for a scanned item (see the module's rules)."""
    product = require_on_sale(scanned.product, store_code)
    if product.currency != currency:
        raise InvalidInput(
            _(
                "product {sku} is priced in {product_currency}, but store {store} sells in "
                "{currency}"
            ).format(
                sku=product.sku,
                product_currency=product.currency,
                store=store_code,
                currency=currency,
            )
        )
    unit_price = product.price_minor
    if item.price_override_minor is not None:
        unit_price = check_override(product.sku, item.price_override_minor)
    if scanned.kind == PRICE:
        # The scale printed the price: the line amount is that price; the quantity is
        # derived from the unit price (whole base units, at least one).
        if item.price_override_minor is not None or item.discount_minor:
            raise InvalidInput(
                _("label {code} carries its own price; it takes no override or discount").format(
                    code=scanned.label_code
                )
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
                if product.unit == "g":
                    sentence = _(
                        "{sku} is sold by g: give its weight in g, e.g. {sku}x250, or weigh it "
                        "on the scale"
                    )
                else:
                    sentence = _(
                        "{sku} is sold by {unit}: give its quantity in {unit}, e.g. {sku}x250, "
                        "or weigh it on the scale"
                    )
                raise InvalidQuantity(sentence.format(sku=product.sku, unit=product.unit))
            qty = 1
        if scanned.qty_base and item.qty_base not in (0, scanned.qty_base):
            raise InvalidInput(
                _("label {code} weighs {weight} g; its quantity cannot be changed").format(
                    code=scanned.label_code, weight=scanned.qty_base
                )
            )
        require_positive(qty, product.unit)
        if qty > MAX_QTY_BASE:
            raise InvalidQuantity(
                _(
                    "quantity {qty} {unit} of {sku} is too large; at most {limit} in one line"
                ).format(
                    qty=qty, unit=unit_words(product.unit), sku=product.sku, limit=MAX_QTY_BASE
                )
            )
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
        moves=None if product.kind == "goods" else expanded_moves(product, qty),
    )


def expanded_moves(product: CatalogueProduct, qty: int) -> Moves:
    """A bundle's or service's components per unit sold, once the line's quantity times each
    is known to stay within one movement's limit (issue 12: a component of 10^9 sold 10^9
    times overflowed a stock level into a REAL); refused before anything is written."""
    moves = product.stock_moves()
    for sku, per_unit in moves:
        check_expanded_qty(
            _("{component} after expanding {qty} x {sku}").format(
                component=sku, qty=qty, sku=product.sku
            ),
            qty,
            per_unit,
        )
    return moves


def price_lines(
    store_code: str,
    currency: str,
    items: list[ScannedItem],
    lookup: ProductLookup,
    layout: LabelLayout | None = None,
) -> list[SaleLine]:
    """Price every item (one line per scan, nothing merged)."""
    if not items:
        raise EmptySale(_("a sale needs at least one item"))
    lines = [
        price_line(n, item, scan(item.code, lookup, store_code, layout), currency, store_code)
        for n, item in enumerate(items, start=1)
    ]
    # Each line is within its own limit; so must the document be (a sale's total).
    check_sum(_("the sale's total"), (line.amount_minor for line in lines))
    return lines


def with_offers(lines: list[SaleLine], priced: CartPricing) -> list[SaleLine]:
    """The lines with each one's share of the promotions (priced is price_cart of them)."""
    by_no = {line.line_no: line for line in priced.lines}
    return [
        replace(
            line,
            offer_discount_minor=by_no[line.line_no].discount_minor,
            offers=by_no[line.line_no].applied,
        )
        for line in lines
    ]


def promoted_lines(
    lines: list[SaleLine], offers: Sequence[Offer], context: PricingContext | None
) -> tuple[list[SaleLine], int]:
    """The lines with the offers that apply in this context, and what the cart comes to."""
    if context is None or not offers:
        return lines, sum(line.amount_minor for line in lines)
    priced = price_cart(cart_lines(lines), offers, context)
    return with_offers(lines, priced), priced.total_minor


def quote(
    store_code: str,
    currency: str,
    items: list[ScannedItem],
    lookup: ProductLookup,
    layout: LabelLayout | None,
    rounding: CashRounding,
    offers: Sequence[Offer] = (),
    context: PricingContext | None = None,
) -> Quote:
    """The cart's price before payment: total (after offers, given a context), and what it
    comes to when paid all in cash."""
    lines = price_lines(store_code, currency, items, lookup, layout)
    total = sum(line.amount_minor for line in lines)
    promoted = None
    if context is not None:
        promoted = price_cart(cart_lines(lines), offers, context)
        lines = with_offers(lines, promoted)
        total = promoted.total_minor
    cash = amount_due(total, 0, True, rounding)
    return Quote(lines, total, cash.total_minor, cash.rounding_minor, promoted)
