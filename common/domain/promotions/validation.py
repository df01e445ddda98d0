"""An offer checked before it is stored or priced with: one clear sentence for the first fault.

Head office runs these on `hoctl promo create` and on every row of a CSV import; prices,
when given (SKU -> unit price in minor units, the chain's catalogue), also catch an
amount off or a member price above the item's price and combos dearer than their items.
"""

from __future__ import annotations

from collections.abc import Mapping

from common.domain.limits import (
    MAX_AMOUNT_MINOR,
    MAX_QTY_BASE,
    MAX_REFERENCE_CHARS,
    MAX_SKU_CHARS,
)
from common.domain.promotions.describe import percent_text
from common.domain.promotions.eligibility import clock, when_text
from common.domain.promotions.offers import (
    AMOUNT_OFF,
    BIRTHDAY_DAY,
    BIRTHDAY_MONTH,
    BUY_X_GET_Y,
    COMBO,
    ITEM,
    KINDS,
    MAX_PERCENT_BP,
    MAX_PRIORITY,
    MEMBER,
    MINUTES_A_DAY,
    PERCENT_OFF,
    PRICE,
    SPEND_SAVE,
    STAGE_KINDS,
    STAGES,
    Offer,
    stage_of,
)
from common.errors import InvalidInput
from common.i18n import _, display_amount


def validate_offer(
    offer: Offer, prices: Mapping[str, int] | None = None, currency: str = "CNY"
) -> Offer:
    """The offer when it is sound; InvalidInput naming the offer and the fault if not."""
    oid = offer.offer_id
    if not oid.strip() or len(oid) > MAX_REFERENCE_CHARS or oid != oid.strip():
        raise InvalidInput(
            _("an offer needs an id of 1 to {limit} characters without surrounding spaces").format(
                limit=MAX_REFERENCE_CHARS
            )
        )
    if offer.kind not in KINDS:
        raise InvalidInput(
            _("offer {offer}: unknown kind {kind}; choose from {kinds}").format(
                offer=oid, kind=offer.kind, kinds=", ".join(KINDS)
            )
        )
    stage = stage_of(offer)
    if stage not in STAGES:
        raise InvalidInput(
            _("offer {offer}: unknown stage {stage}; choose from {stages}").format(
                offer=oid, stage=stage, stages=", ".join(STAGES)
            )
        )
    if offer.kind not in STAGE_KINDS[stage]:
        raise InvalidInput(
            _("offer {offer}: a {kind} offer cannot apply at the {stage} stage").format(
                offer=oid, kind=offer.kind, stage=stage
            )
        )
    if stage == MEMBER and not offer.needs_member:
        raise InvalidInput(
            _(
                "offer {offer} applies at the member stage, so it must be for members "
                "(members only, levels or a birthday)"
            ).format(offer=oid)
        )
    if not 0 <= offer.priority <= MAX_PRIORITY:
        raise InvalidInput(
            _("offer {offer}: priority must be from 0 to {limit}, got {value}").format(
                offer=oid, limit=MAX_PRIORITY, value=offer.priority
            )
        )
    _check_window(offer)
    _check_skus(offer, prices)
    _check_amounts(offer, stage, prices, currency)
    return offer


def _check_window(offer: Offer) -> None:
    oid = offer.offer_id
    if offer.starts is not None and offer.ends is not None and offer.ends <= offer.starts:
        raise InvalidInput(
            _("offer {offer} ends ({end}) before it starts ({start})").format(
                offer=oid, end=when_text(offer.ends), start=when_text(offer.starts)
            )
        )
    if any(day not in range(1, 8) for day in offer.days):
        raise InvalidInput(_("offer {offer}: days are 1 (Monday) to 7 (Sunday)").format(offer=oid))
    if not 0 <= offer.from_minute < offer.until_minute <= MINUTES_A_DAY:
        raise InvalidInput(
            _(
                "offer {offer}: its hours end ({end}) before they start ({start}), "
                "or lie outside the day"
            ).format(offer=oid, end=clock(offer.until_minute), start=clock(offer.from_minute))
        )
    if offer.birthday not in ("", BIRTHDAY_DAY, BIRTHDAY_MONTH):
        raise InvalidInput(
            _("offer {offer}: a birthday offer is for the day or the month, got {value}").format(
                offer=oid, value=offer.birthday
            )
        )
    code = offer.coupon_code
    if code and (code != code.strip() or len(code) > MAX_REFERENCE_CHARS):
        raise InvalidInput(
            _("offer {offer}: coupon code {code} has spaces around it or is too long").format(
                offer=oid, code=code
            )
        )


def _check_skus(offer: Offer, prices: Mapping[str, int] | None) -> None:
    oid = offer.offer_id
    named = [*offer.skus, *(sku for sku, _q in offer.components)]
    if offer.gift_sku:
        named.append(offer.gift_sku)
    for sku in named:
        if not sku or len(sku) > MAX_SKU_CHARS:
            raise InvalidInput(
                _("offer {offer}: SKU {sku} is empty or too long").format(offer=oid, sku=sku)
            )
        if prices is not None and sku not in prices:
            raise InvalidInput(
                _("offer {offer} names SKU {sku}, which is not in the catalogue").format(
                    offer=oid, sku=sku
                )
            )
    if offer.kind == COMBO:
        skus = [sku for sku, _q in offer.components]
        if len(set(skus)) != len(skus):
            raise InvalidInput(
                _("offer {offer}: a combo names each item once, with its count").format(offer=oid)
            )
        if any(qty <= 0 for _sku, qty in offer.components):
            raise InvalidInput(
                _("offer {offer}: each combo item needs a count of 1 or more").format(offer=oid)
            )
        if sum(qty for _sku, qty in offer.components) < 2:
            raise InvalidInput(
                _("offer {offer}: a combo needs at least two pieces").format(offer=oid)
            )
    elif offer.kind in (PRICE, BUY_X_GET_Y) and not offer.skus and not offer.gift_sku:
        raise InvalidInput(
            _("offer {offer}: a {kind} offer must name its SKUs").format(offer=oid, kind=offer.kind)
        )


def _check_amounts(
    offer: Offer, stage: str, prices: Mapping[str, int] | None, currency: str
) -> None:
    oid = offer.offer_id
    kind = offer.kind
    money_fields = (
        offer.amount_minor, offer.price_minor, offer.threshold_minor
    )  # fmt: skip
    if any(v < 0 or v > MAX_AMOUNT_MINOR for v in money_fields):
        raise InvalidInput(
            _("offer {offer}: amounts are from 0 to {limit} minor units").format(
                offer=oid, limit=MAX_AMOUNT_MINOR
            )
        )
    if kind == PERCENT_OFF and not 0 < offer.percent_bp <= MAX_PERCENT_BP:
        raise InvalidInput(
            _(
                "offer {offer} takes {percent} off; it must be more than {zero} and at most {full}"
            ).format(offer=oid, percent=percent_text(offer.percent_bp), zero="0%", full="100%")
        )
    if kind in (AMOUNT_OFF, SPEND_SAVE) and offer.amount_minor <= 0:
        raise InvalidInput(
            _("offer {offer}: the amount off must be more than zero").format(offer=oid)
        )
    if kind == SPEND_SAVE:
        if offer.threshold_minor <= 0:
            raise InvalidInput(
                _("offer {offer}: the spend must be more than zero").format(offer=oid)
            )
        if offer.amount_minor > offer.threshold_minor:
            raise InvalidInput(
                _("offer {offer} saves {save}, more than the spend of {spend}").format(
                    offer=oid,
                    save=display_amount(offer.amount_minor, currency),
                    spend=display_amount(offer.threshold_minor, currency),
                )
            )
    counts = (offer.buy_qty, offer.get_qty, *(n for _sku, n in offer.components))
    if any(n > MAX_QTY_BASE for n in counts):
        raise InvalidInput(
            _("offer {offer}: piece counts are at most {limit}").format(
                offer=oid, limit=MAX_QTY_BASE
            )
        )
    if kind == BUY_X_GET_Y and (offer.buy_qty <= 0 or offer.get_qty <= 0):
        raise InvalidInput(
            _("offer {offer}: buy and get counts must be 1 or more").format(offer=oid)
        )
    if prices is None:
        return
    if kind == AMOUNT_OFF and stage == ITEM:
        for sku in offer.skus:
            if offer.amount_minor > prices[sku]:
                raise InvalidInput(
                    _("offer {offer} takes {amount} off {sku}, which costs only {price}").format(
                        offer=oid,
                        amount=display_amount(offer.amount_minor, currency),
                        sku=sku,
                        price=display_amount(prices[sku], currency),
                    )
                )
    if kind == PRICE:
        for sku in offer.skus:
            if offer.price_minor >= prices[sku]:
                raise InvalidInput(
                    _("offer {offer} prices {sku} at {price}, not below its price {list}").format(
                        offer=oid,
                        sku=sku,
                        price=display_amount(offer.price_minor, currency),
                        list=display_amount(prices[sku], currency),
                    )
                )
    if kind == COMBO:
        value = sum(prices[sku] * qty for sku, qty in offer.components)
        if offer.price_minor >= value:
            raise InvalidInput(
                _(
                    "offer {offer}: the combo costs {price}, not less than its items' {value}"
                ).format(
                    offer=oid,
                    price=display_amount(offer.price_minor, currency),
                    value=display_amount(value, currency),
                )
            )
