"""Head office re-prices a store's promoted sale with its own copies of the promotions.

A store sends its sale with each line's promotions share (offer_discount_minor, the offers
that made it), the minute it priced the cart on its wall clock (priced_local) and the
promotions it had in force (promo_ids). Head office trusts none of it: it prices the lines
again through the same engine (common.domain.promotions.price_cart) with its own
definitions of those promotions at that minute, and the sale must match to the fen, line
by line. The minute must lie where a wall clock can be at the entry's moment (UTC-12 to
UTC+14; head office does not know a store's zone), each promotion must be head office's
and reach that store. A member's sale is priced with the member context the till priced
with (level and birthday), once domain.member_sales found it bounded by the member's own
record. Coupons the sale names price as they did at the till;
headoffice.services.sale_offers has checked first that the store redeemed each of them for
this sale (domain.coupons).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from common.domain.promotions import CartLine, Member, Offer, PricingContext, price_cart
from common.domain.promotions.records import WHEN_FORMAT
from common.i18n import _, display_amount
from headoffice.domain.member_sales import birthday_parts

OFFER_MISMATCH = "offer_mismatch"  # reason code (sync status, metrics, the alert)
_MINUTE_MS = 60_000
_EARLIEST_MS = -12 * 3600_000 - _MINUTE_MS  # local minus UTC, a minute's truncation aside
_LATEST_MS = 14 * 3600_000 + _MINUTE_MS


class OfferMismatch(Exception):
    """The store's promotions on a sale are not head office's pricing; the sentence says how."""


def is_promoted(sale: Any) -> bool:
    """The sale says something about promotions (most sales say nothing: no work)."""
    if sale.priced_local or sale.promo_ids or sale.coupons:
        return True
    for line in sale.lines:  # noqa: SIM110 - a loop, not any(): run on every sale of every batch
        if line.offer_discount_minor or line.offers:
            return True
    return False


def check_sale_offers(
    store_code: str,
    occurred_at_ms: int,
    sale: Any,
    promotion_of: Callable[[str], Offer | None],
    units: Mapping[str, str],
) -> None:
    """OfferMismatch unless head office's pricing of the sale's lines gives what it says.

    `sale` is a ledger_pb2.Sale; `promotion_of` head office's offer for an id (None: none);
    `units` each line SKU's unit in head office's catalogue (piece lines count pieces)."""
    when = _priced_at(sale.priced_local, occurred_at_ms)
    offers = []
    for promo_id in sale.promo_ids:
        offer = promotion_of(promo_id)
        if offer is None:
            raise OfferMismatch(_("head office has no promotion {promo}").format(promo=promo_id))
        if offer.stores and store_code not in offer.stores:
            raise OfferMismatch(
                _("promotion {promo} does not reach store {store}").format(
                    promo=promo_id, store=store_code
                )
            )
        offers.append(offer)
    cart = [
        CartLine(line.line_no, line.sku, line.qty_base, line.amount_minor,
                 units.get(line.sku, "piece") == "piece")
        for line in sale.lines
    ]  # fmt: skip
    member = None
    if sale.member_id:
        month, day = birthday_parts(sale.member_birthday)
        member = Member(sale.member_id, sale.member_level, month, day)
    context = PricingContext(
        store_code, when, member=member, coupons=frozenset(sale.coupons), currency=sale.currency
    )
    priced = price_cart(cart, offers, context)
    ours = {line.line_no: line for line in priced.lines}
    for line in sale.lines:
        mine = ours[line.line_no]
        sent = [(o.offer_id, o.discount_minor) for o in line.offers]
        if line.offer_discount_minor != mine.discount_minor or sent != [
            (o.offer_id, o.discount_minor) for o in mine.applied
        ]:
            raise OfferMismatch(
                _(
                    "line {line} ({sku}) has {sent} off for promotions; head office's pricing "
                    "gives {ours}"
                ).format(
                    line=line.line_no,
                    sku=line.sku,
                    sent=display_amount(line.offer_discount_minor, sale.currency),
                    ours=display_amount(mine.discount_minor, sale.currency),
                )
            )
    if sale.total_minor != priced.total_minor:
        raise OfferMismatch(
            _("the sale's total is {sent}; head office's pricing gives {ours}").format(
                sent=display_amount(sale.total_minor, sale.currency),
                ours=display_amount(priced.total_minor, sale.currency),
            )
        )


def _priced_at(priced_local: str, occurred_at_ms: int) -> datetime:
    if not priced_local:
        raise OfferMismatch(_("a sale with promotions must say the minute it was priced at"))
    try:
        when = datetime.strptime(priced_local, WHEN_FORMAT)
    except ValueError:
        raise OfferMismatch(
            _("{value} is not a time such as 2026-12-05 10:30").format(value=repr(priced_local))
        ) from None
    as_utc_ms = int(when.replace(tzinfo=UTC).timestamp() * 1000)
    if not _EARLIEST_MS <= as_utc_ms - occurred_at_ms <= _LATEST_MS:
        raise OfferMismatch(
            _("the sale was priced at {value}, which no time zone shows at its moment").format(
                value=priced_local
            )
        )
    return when
