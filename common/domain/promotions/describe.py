"""An offer in a few words, for the line it applied to (screen and receipt)."""

from __future__ import annotations

from common.domain.promotions.offers import (
    AMOUNT_OFF,
    BUY_X_GET_Y,
    COMBO,
    ITEM,
    PERCENT_OFF,
    PRICE,
    SPEND_SAVE,
    Offer,
    stage_of,
)
from common.i18n import _, display_amount


def percent_text(percent_bp: int) -> str:
    """1500 -> "15%", 1250 -> "12.5%" (the sign is part of the value, never of a msgid)."""
    whole, part = divmod(percent_bp, 100)
    return f"{whole}%" if not part else f"{whole}.{part:02d}".rstrip("0") + "%"


def describe(offer: Offer, currency: str) -> str:
    kind = offer.kind
    money = display_amount
    if kind == PERCENT_OFF:
        if stage_of(offer) == ITEM:
            return _("{percent} off").format(percent=percent_text(offer.percent_bp))
        return _("{percent} off the bill").format(percent=percent_text(offer.percent_bp))
    if kind == AMOUNT_OFF:
        if stage_of(offer) == ITEM:
            return _("{amount} off each").format(amount=money(offer.amount_minor, currency))
        return _("{amount} off the bill").format(amount=money(offer.amount_minor, currency))
    if kind == PRICE:
        if offer.levels:
            return _("member price {price}").format(price=money(offer.price_minor, currency))
        return _("special price {price}").format(price=money(offer.price_minor, currency))
    if kind == SPEND_SAVE:
        if offer.repeat:
            return _("every {spend} spent saves {save}").format(
                spend=money(offer.threshold_minor, currency),
                save=money(offer.amount_minor, currency),
            )
        return _("spend {spend}, save {save}").format(
            spend=money(offer.threshold_minor, currency), save=money(offer.amount_minor, currency)
        )
    if kind == BUY_X_GET_Y:
        if offer.gift_sku:
            return _("buy {buy}, get {get} of {gift} free").format(
                buy=offer.buy_qty, get=offer.get_qty, gift=offer.gift_sku
            )
        return _("buy {buy}, get the cheapest {get} free").format(
            buy=offer.buy_qty, get=offer.get_qty
        )
    if kind == COMBO:
        items = " + ".join(sku if qty == 1 else f"{qty} x {sku}" for sku, qty in offer.components)
        return _("{items} for {price}").format(
            items=items, price=money(offer.price_minor, currency)
        )
    return offer.kind
