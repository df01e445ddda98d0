"""A sale built from scanned items and the catalogue: lines, total, tenders, stock movements.

A sale is never refused for lack of stock (the goods are in the customer's
hand, DESIGN invariant 1): building one does not look at stock levels at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from common.units import require_positive
from edge_agent.domain.errors import EmptySale, InvalidInput
from edge_agent.domain.product import ProductLookup, require_on_sale, resolve_code
from edge_agent.domain.tender import Tender, TenderOffer, settle


@dataclass(frozen=True)
class ScannedItem:
    code: str  # barcode or SKU, as scanned or typed
    qty_base: int


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

    @property
    def change_minor(self) -> int:
        return sum(t.change_minor for t in self.tenders)

    def stock_out(self) -> list[tuple[str, int]]:
        """(sku, signed qty) per line: a sale takes each line's quantity off the shelf."""
        return [(line.sku, -line.qty_base) for line in self.lines]


def build_sale(
    store_code: str,
    till_id: str,
    cashier: str,
    currency: str,
    items: list[ScannedItem],
    offers: list[TenderOffer],
    lookup: ProductLookup,
) -> Sale:
    """Price every item (one line per scan, nothing merged) and settle the tenders."""
    if not items:
        raise EmptySale("a sale needs at least one item")
    lines: list[SaleLine] = []
    for line_no, item in enumerate(items, start=1):
        product = require_on_sale(resolve_code(item.code, lookup, store_code), store_code)
        require_positive(item.qty_base, product.unit)
        if product.currency != currency:
            raise InvalidInput(
                f"product {product.sku} is priced in {product.currency}, "
                f"but store {store_code} sells in {currency}"
            )
        lines.append(
            SaleLine(
                line_no=line_no,
                sku=product.sku,
                scanned_code=item.code.strip(),
                name=product.name,
                unit=product.unit,
                qty_base=item.qty_base,
                unit_price_minor=product.price_minor,
                amount_minor=item.qty_base * product.price_minor,
            )
        )
    total = sum(line.amount_minor for line in lines)
    tenders = settle(total, offers, currency)
    return Sale(
        store_code=store_code,
        till_id=till_id,
        cashier=cashier,
        currency=currency,
        lines=lines,
        tenders=tenders,
        total_minor=total,
    )
