"""A sale built from scanned items and the catalogue: lines, total, tenders, stock movements.

The lines are priced by the shared engine (common.domain.pricing), the same
one head office prices carts with; this module adds what only a till does:
tenders, the stock a sale moves and the manager approvals it needs.

A sale is never refused for lack of stock (the goods are in the customer's
hand, DESIGN invariant 1): building one does not look at stock levels at all.
A line may carry a price override or a line discount; which of those need a
manager's approval is the store's policy, checked by the service against the
approvals the line names (`approvals_needed`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from common.domain.cash_rounding import CashRounding
from common.domain.labels import LabelLayout
from common.domain.pricing import (
    SaleLine,
    ScannedItem,
    discount_details,
    override_details,
    price_lines,
    promoted_lines,
)
from common.domain.product import ProductLookup
from common.domain.promotions import Member, Offer, PricingContext
from common.domain.promotions.records import WHEN_FORMAT
from edge_agent.domain.tender import Tender, TenderOffer, settle


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
    priced_local: str = ""  # the store's wall clock the offers were priced at ("": none)
    coupons: tuple[str, ...] = ()
    promo_ids: tuple[str, ...] = ()  # the promotions in force when priced
    # The member it was priced for ("": none), with the level and birthday ("MM-DD") used.
    member_id: str = ""
    member_level: str = ""
    member_birthday: str = ""
    coupon_key: str = ""  # the key head office redeemed `coupons` under (services.coupons)

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
    promotions: Sequence[Offer] = (),
    context: PricingContext | None = None,
) -> Sale:
    """Price every item, apply the promotions in force for this context (the shared engine:
    head office re-prices the same way) and settle the tenders (cash part rounded)."""
    lines, total = promoted_lines(
        price_lines(store_code, currency, items, lookup, layout), promotions, context
    )
    priced_local = context.when.strftime(WHEN_FORMAT) if context and promotions else ""
    coupons = tuple(sorted(context.coupons)) if context else ()
    promo_ids = tuple(sorted(o.offer_id for o in promotions)) if priced_local else ()
    tenders = settle(total, offers, currency, rounding)
    member = context.member if context else None
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
        priced_local=priced_local,
        coupons=coupons,
        promo_ids=promo_ids,
        member_id=member.member_id if member else "",
        member_level=member.level if member else "",
        member_birthday=birthday_text(member),
    )


def birthday_text(member: Member | None) -> str:
    """A member's birthday as a sale records it: "MM-DD", "" when not known."""
    if member is None or not member.birth_month or not member.birth_day:
        return ""
    return f"{member.birth_month:02d}-{member.birth_day:02d}"
