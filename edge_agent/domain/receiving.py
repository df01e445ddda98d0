"""A supplier delivery booked at the store: items by SKU or barcode, quantity and unit cost.

The cost is per base unit; a pack barcode's quantity counts packs. Once
booked, a delivery is a `SupplierDelivery` (the journal's supplier_delivery
body, of kind "receipt"; against a purchase order or not). A customer's
receipt is something else: domain.customer_receipt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from common.domain.limits import (
    check_expanded_qty,
    check_product,
    check_qty,
    check_sum,
    check_unit_cost,
)
from common.domain.product import ProductLookup, resolve_code
from common.domain.typed_text import clean_reference
from common.domain.units import require_positive
from common.i18n import _
from edge_agent.domain.errors import EmptySale, InvalidInput
from edge_agent.domain.journal import Movement, Reason


@dataclass(frozen=True)
class DeliveryItem:
    code: str
    qty_base: int
    unit_cost_minor: int
    expiry_date: str = ""  # YYYY-MM-DD, the lot's best-before day; "" when not recorded


@dataclass(frozen=True)
class DeliveryLine:
    sku: str
    name: str
    unit: str
    qty_base: int
    unit_cost_minor: int
    expiry_date: str = ""


@dataclass(frozen=True)
class Delivery:
    supplier_ref: str
    actor: str
    lines: list[DeliveryLine]

    def stock_in(self) -> list[tuple[str, int, int]]:
        """(sku, qty, unit cost) per line: a delivery puts each quantity on the shelf."""
        return [(line.sku, line.qty_base, line.unit_cost_minor) for line in self.lines]

    def delivered(self) -> tuple[DeliveredLine, ...]:
        """The lines as the ledger records them, each with its lot's expiry date if given."""
        return tuple(
            DeliveredLine(line.sku, line.qty_base, line.unit_cost_minor, line.expiry_date)
            for line in self.lines
        )


def check_expiry_date(sku: str, text: str) -> str:
    """A lot's best-before day as YYYY-MM-DD, or "" when none was given."""
    text = text.strip()
    if not text:
        return ""
    try:
        return dt.date.fromisoformat(text).isoformat() if len(text) == 10 else _bad_date(sku, text)
    except ValueError:
        return _bad_date(sku, text)


def _bad_date(sku: str, text: str) -> str:
    raise InvalidInput(
        _("the expiry date of {sku} must be a day as YYYY-MM-DD, got {value}").format(
            sku=sku, value=repr(text[:40])
        )
    )


def build_delivery(
    store_code: str,
    supplier_ref: str,
    actor: str,
    items: list[DeliveryItem],
    lookup: ProductLookup,
) -> Delivery:
    """Validate a delivery: known products (inactive ones may still arrive), whole quantities."""
    supplier_ref = clean_reference(_("the supplier's reference"), supplier_ref)
    if not supplier_ref:
        raise InvalidInput(_("a delivery needs the supplier's reference (delivery note number)"))
    if not items:
        raise EmptySale(
            _("delivery {supplier_ref} needs at least one item").format(supplier_ref=supplier_ref)
        )
    lines = []
    for item in items:
        product = resolve_code(item.code, lookup, store_code)
        require_positive(item.qty_base, product.unit)
        if product.kind != "goods":
            raise InvalidInput(
                _("{sku} is a {kind} and is not stocked; receive its components").format(
                    sku=product.sku, kind=product.kind
                )
            )
        if isinstance(item.unit_cost_minor, bool) or item.unit_cost_minor < 0:
            raise InvalidInput(
                _("unit cost of {sku} must be zero or more minor units, got {cost}").format(
                    sku=product.sku, cost=item.unit_cost_minor
                )
            )
        check_qty(_("quantity received of {sku}").format(sku=product.sku), item.qty_base)
        check_unit_cost(_("unit cost of {sku}").format(sku=product.sku), item.unit_cost_minor)
        # A pack barcode (a case of 24) books pack x quantity base units.
        qty = check_expanded_qty(
            _("{sku} received in packs of {pack}").format(sku=product.sku, pack=product.pack_qty),
            item.qty_base,
            product.pack_qty,
        )
        check_product(_("the line of {sku}").format(sku=product.sku), qty, item.unit_cost_minor)
        lines.append(
            DeliveryLine(
                sku=product.sku,
                name=product.name,
                unit=product.unit,
                qty_base=qty,
                unit_cost_minor=item.unit_cost_minor,
                expiry_date=check_expiry_date(product.sku, item.expiry_date),
            )
        )
    check_sum(_("the delivery's total"), (line.qty_base * line.unit_cost_minor for line in lines))
    return Delivery(supplier_ref=supplier_ref, actor=actor, lines=lines)


@dataclass(frozen=True)
class DeliveredLine:
    sku: str
    qty_base: int
    unit_cost_minor: int
    expiry_date: str = ""  # YYYY-MM-DD; "" when not recorded


@dataclass(frozen=True)
class SupplierDelivery:
    """A delivery as the ledger recorded it."""

    delivery_id: str
    supplier_ref: str
    lines: tuple[DeliveredLine, ...]
    po_id: str = ""  # empty for a delivery booked without an order

    def movements(self) -> list[Movement]:
        """Each line comes onto the shelf at its unit cost (reason `receipt`)."""
        return [
            Movement(line.sku, line.qty_base, Reason.SUPPLIER_DELIVERY, line.unit_cost_minor)
            for line in self.lines
        ]


def lines_with_lots(
    lines: list[tuple[str, int, int]], expiry_dates: Mapping[str, str], po_id: str
) -> tuple[DeliveredLine, ...]:
    """A delivery against order `po_id`'s lines (sku, qty, unit cost), each with the best-before
    day given for its SKU; refused (nothing received) for a day that is not one or a SKU the
    delivery does not receive."""
    received = {sku for sku, _qty, _cost in lines}
    for sku in sorted(expiry_dates):
        if sku not in received:
            raise InvalidInput(
                _(
                    "--expiry names {sku}, which this delivery against {po} does not receive; "
                    "nothing was received"
                ).format(sku=sku, po=po_id)
            )
    return tuple(
        DeliveredLine(sku, qty, cost, check_expiry_date(sku, expiry_dates.get(sku, "")))
        for sku, qty, cost in lines
    )
