"""What a redeemed use takes from stock: a bill of consumables per covered SKU, in base units.

A service (a car wash) has no stock of its own; each use consumes goods (300 ml
of shampoo, 1 sponge): the catalogue's components of the service are its bill
(`bill_of`). Goods on a card (a coffee) consume themselves: their bill is the
SKU itself, so much per use. A service with no components (a massage) has an
empty bill and moves nothing; a SKU with no bill at all is refused. Redeeming `uses` uses makes one
movement per consumable with reason `redemption`, qty = -(per use x uses),
checked against the movement limit (common.domain.limits).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from common.domain.entitlements import check_uses
from common.domain.limits import check_expanded_qty, check_qty
from common.domain.loyalty_errors import InvalidLoyaltyInput
from common.domain.product import CatalogueProduct
from common.i18n import _

REDEMPTION = "redemption"  # the movement reason (ledger.proto MOVEMENT_REASON_REDEMPTION)


@dataclass(frozen=True)
class Consumable:
    sku: str
    qty_base: int  # per use


@dataclass(frozen=True)
class RedemptionMove:
    """One stock movement a redemption makes: `qty_base` < 0 of `sku`, reason redemption."""

    sku: str
    qty_base: int
    reason: str = REDEMPTION


Bill = tuple[Consumable, ...]


def bill(sku: str, items: Mapping[str, int]) -> Bill:
    """The bill of a covered SKU from {consumable SKU: base units per use}, checked, in SKU order."""
    if not items:
        raise InvalidLoyaltyInput(
            _("the bill of consumables of {sku} names no goods").format(sku=sku)
        )
    return tuple(
        Consumable(
            item,
            check_qty(_("{item} used per {sku}").format(item=item, sku=sku), qty),
        )
        for item, qty in sorted(items.items())
    )


def goods_bill(sku: str, qty_base: int = 1) -> Bill:
    """Goods on a card take themselves: `qty_base` base units of `sku` per use."""
    return bill(sku, {sku: qty_base})


def bill_of(product: CatalogueProduct) -> Bill:
    """A catalogue product's bill per use: one base unit of goods, or a service's or bundle's
    components (flattened to goods by the catalogue); empty for a service with none."""
    return tuple(Consumable(sku, qty) for sku, qty in sorted(product.stock_moves()))


def redemption_moves(sku: str, uses: int, bills: Mapping[str, Bill]) -> tuple[RedemptionMove, ...]:
    """The movements `uses` uses of `sku` make; InvalidLoyaltyInput when `sku` has no bill.

    A covered SKU missing from `bills` is refused rather than moving nothing: a
    card for a SKU the catalogue does not hold would leave stock wrong without a word.
    """
    check_uses(_("uses to redeem"), uses)
    items = bills.get(sku)
    if items is None:
        raise InvalidLoyaltyInput(
            _("{sku} has no bill of consumables, so its use cannot be taken from stock").format(
                sku=sku
            )
        )
    return tuple(
        RedemptionMove(
            item.sku,
            -check_expanded_qty(
                _("{item} used by {uses} uses of {sku}").format(item=item.sku, uses=uses, sku=sku),
                item.qty_base,
                uses,
            ),
        )
        for item in items
    )
