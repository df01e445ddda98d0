"""Goods coming back: against the original sale, or without a receipt (policy-limited).

Against a receipt, each returned quantity is matched to the sale's lines of
that SKU, never more than sold minus already returned. The refund for a line
is its share of what the customer paid for it (discount included):
share(q) = round_half_up(line amount x q / sold), taken cumulatively so that
returning a whole line in parts refunds exactly the line amount. Cash
rounding of the original sale is not refunded. Without a receipt, the
catalogue price is refunded, up to [till] return_without_receipt_max_minor.
Restocked goods move back in (RETURN); written-off goods come back in and go
straight out (RETURN then WRITE_OFF).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from common.domain.limits import check_expanded_qty, check_qty
from common.domain.points import (
    GOODS,
    POINTS,
    PointsLine,
    PointsReturn,
    PointsTender,
    paid_by_points,
    returned_net,
    reverse,
)
from common.domain.product import CatalogueProduct
from common.domain.units import require_positive
from common.errors import InvalidInput
from common.i18n import _, display_amount
from edge_agent.domain.errors import EmptySale, InvalidTender, PaymentShort
from edge_agent.domain.journal import Movement, Reason
from edge_agent.domain.tender import Tender, TenderOffer, check_methods, stored_reference

DISPOSITIONS = ("restock", "write_off")


@dataclass(frozen=True)
class ReturnRequestItem:
    product: CatalogueProduct  # resolved from the code given
    qty_base: int
    disposition: str = "restock"


@dataclass(frozen=True)
class SoldLine:
    line_no: int
    sku: str
    name: str
    qty_base: int
    unit_price_minor: int
    amount_minor: int
    returned_qty_base: int


@dataclass(frozen=True)
class ReturnLine:
    sku: str
    name: str
    qty_base: int
    unit_price_minor: int
    amount_minor: int
    disposition: str
    original_line_no: int = 0


@dataclass(frozen=True)
class SaleReturn:
    """A return as the ledger recorded it (journal body and the `returns` tables)."""

    return_id: str
    return_no: int
    original_sale_id: str  # empty without a receipt
    original_sale_no: int
    till_id: str
    cashier: str
    lines: tuple[ReturnLine, ...]
    refunds: tuple[Tender, ...]
    total_minor: int
    currency: str
    approval_id: str = ""
    shift_id: str = ""
    reason: str = ""

    @property
    def refunded_in_cash(self) -> bool:
        return any(t.method == "cash" for t in self.refunds)


def _check_item(item: ReturnRequestItem) -> None:
    require_positive(item.qty_base, item.product.unit)
    check_qty(_("quantity returned of {sku}").format(sku=item.product.sku), item.qty_base)
    if item.disposition not in DISPOSITIONS:
        raise InvalidInput(
            _(
                "returned {sku} must be restocked or written off (restock, write_off), not "
                "{disposition}"
            ).format(sku=item.product.sku, disposition=repr(item.disposition))
        )


def refund_share(line: SoldLine, already: int, qty: int) -> int:
    """What `qty` more units of the line refund: common.domain.points.returned_net, the rule
    head office reverses a member's points by."""
    paid_for = partial(returned_net, line.amount_minor, line.qty_base)
    return paid_for(already + qty) - paid_for(already)


def points_paid_back(
    sold: list[SoldLine], tenders: Iterable[Tender], lines: Iterable[ReturnLine]
) -> PointsReturn:
    """What the sale's points tender paid of the returned `lines` (nothing when the sale took
    no points): head office gives those points back when it applies the return; the till
    refunds the rest of the lines' net in money (common.domain.points, the shared rule)."""
    paid = [PointsTender(POINTS, t.amount_minor, t.points) for t in tenders if t.method == POINTS]
    if not paid:
        return PointsReturn(0, 0)
    figures = paid_by_points(
        [PointsLine(s.line_no, GOODS, s.qty_base, s.amount_minor) for s in sold], paid
    )
    returning: dict[int, int] = {}
    for line in lines:
        returning[line.original_line_no] = returning.get(line.original_line_no, 0) + line.qty_base
    before = {s.line_no: s.returned_qty_base for s in sold}
    return reverse(figures, before, returning)


def against_sale(
    sale_no: int, sold: list[SoldLine], items: list[ReturnRequestItem]
) -> list[ReturnLine]:
    """Return lines matched to the sale's lines; more than sold minus returned is refused."""
    if not items:
        raise EmptySale(
            _("a return against sale {sale_no} needs at least one item").format(sale_no=sale_no)
        )
    returned = {line.line_no: line.returned_qty_base for line in sold}
    out: list[ReturnLine] = []
    for item in items:
        _check_item(item)
        sku = item.product.sku
        lines = [line for line in sold if line.sku == sku]
        if not lines:
            raise InvalidInput(
                _("sale {sale_no} has no {sku} ({name}) to return").format(
                    sale_no=sale_no, sku=sku, name=item.product.name
                )
            )
        left = sum(line.qty_base - returned[line.line_no] for line in lines)
        if item.qty_base > left:
            sold_qty = sum(line.qty_base for line in lines)
            raise InvalidInput(
                _(
                    "sale {sale_no} sold {sold} {unit} of {sku} and {back} came back already; "
                    "at most {left} can be returned, not {qty}"
                ).format(
                    sale_no=sale_no,
                    sold=sold_qty,
                    unit=item.product.unit,
                    sku=sku,
                    back=sold_qty - left,
                    left=left,
                    qty=item.qty_base,
                )
            )
        want = item.qty_base
        for line in lines:
            take = min(want, line.qty_base - returned[line.line_no])
            if take <= 0:
                continue
            out.append(
                ReturnLine(
                    sku=sku,
                    name=line.name,
                    qty_base=take,
                    unit_price_minor=line.unit_price_minor,
                    amount_minor=refund_share(line, returned[line.line_no], take),
                    disposition=item.disposition,
                    original_line_no=line.line_no,
                )
            )
            returned[line.line_no] += take
            want -= take
            if want == 0:
                break
    return out


def without_receipt(
    items: list[ReturnRequestItem], max_minor: int, currency: str
) -> list[ReturnLine]:
    """Return lines at catalogue prices, refused above the store's limit for receiptless returns."""
    if not items:
        raise EmptySale(_("a return needs at least one item"))
    lines = []
    for item in items:
        _check_item(item)
        p = item.product
        lines.append(
            ReturnLine(
                p.sku,
                p.name,
                item.qty_base,
                p.price_minor,
                item.qty_base * p.price_minor,
                item.disposition,
            )
        )
    total = sum(line.amount_minor for line in lines)
    if total > max_minor:
        raise InvalidInput(
            _(
                "a return without a receipt may refund at most {limit}; this one comes to {amount}"
            ).format(
                limit=display_amount(max_minor, currency), amount=display_amount(total, currency)
            )
        )
    return lines


def original_methods(total_minor: int, paid_with: list[tuple[str, int, str]]) -> list[TenderOffer]:
    """A refund back the way the sale was paid: card and QR payments first (to the
    same reference, up to what each paid), the rest in cash."""
    offers: list[TenderOffer] = []
    left = total_minor
    for method, amount, reference in paid_with:
        if method == "cash" or left <= 0:
            continue
        part = min(left, amount)
        offers.append(TenderOffer(method, part, reference))
        left -= part
    if left > 0:
        offers.append(TenderOffer("cash", left))
    return offers


def settle_refunds(
    total_minor: int,
    offers: list[TenderOffer],
    currency: str,
    paid_with: list[tuple[str, int, str]] | None = None,
) -> list[Tender]:
    """How the refund is paid: exactly the total as the cashier says; when nothing is
    said, back the way the original sale was paid (paid_with), or in cash without one."""
    if not offers:
        offers = original_methods(total_minor, paid_with or []) if total_minor else []
    check_methods(offers)
    paid = sum(o.amount_minor for o in offers)
    if paid != total_minor:
        kind = PaymentShort if paid < total_minor else InvalidTender
        raise kind(
            _("refunds {paid} must add up to the return's {total}").format(
                paid=display_amount(paid, currency), total=display_amount(total_minor, currency)
            )
        )
    return [
        Tender(o.method, o.amount_minor, o.amount_minor, 0, stored_reference(o)) for o in offers
    ]


def movements(
    lines: list[ReturnLine] | tuple[ReturnLine, ...],
    moves_of: Callable[[str], tuple[tuple[str, int], ...]] | None = None,
) -> list[Movement]:
    """RETURN +qty, and for a write-off WRITE_OFF -qty too.

    moves_of(sku) says what one unit of a line's SKU is on the shelf: a returned
    bundle restocks its components; a returned service restocks nothing (its
    consumables were used).
    """
    out = []
    for line in lines:
        moves = moves_of(line.sku) if moves_of is not None else ((line.sku, 1),)
        for sku, per in moves:
            qty = check_expanded_qty(
                _("{component} after expanding {qty} x {sku}").format(
                    component=sku, qty=line.qty_base, sku=line.sku
                ),
                line.qty_base,
                per,
            )
            out.append(Movement(sku, qty, Reason.RETURN))
            if line.disposition == "write_off":
                out.append(Movement(sku, -qty, Reason.WRITE_OFF))
    return out


# An approval's details are data the agent checks (the till sends the same text): they
# never translate.
def return_details(sale_no: int) -> str:
    return f"sale {sale_no}"


def without_receipt_details(total_minor: int) -> str:
    return f"amount {total_minor}"
