"""A batch's promoted sales re-priced by head office before it applies them (invariant 8).

Only sales that say something about promotions cost anything: their promotions and
their SKUs' units are read once per batch (headoffice.domain.sale_offers compares). A sale
naming coupons is applied only when the store redeemed each under the sale's coupon key,
and each is then marked used by it, in the batch's transaction (domain.coupons).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from common.domain.coupons import mask, parse_code
from common.domain.promotions import Offer
from common.errors import InvalidInput
from common.i18n import _
from common.journal_kinds import BODY_ONEOF, SALE
from headoffice.domain.coupons import COUPON_NOT_REDEEMED, CouponRefused, check_sale_coupon
from headoffice.domain.errors import InvalidEntry
from headoffice.domain.sale_offers import (
    OFFER_MISMATCH,
    OfferMismatch,
    check_sale_offers,
    is_promoted,
)
from headoffice.services.ports import CataloguePort
from headoffice.services.ports_coupons import CouponsPort
from headoffice.services.ports_promotions import PromotionsPort


def check_promoted_sales(
    catalogue: CataloguePort,
    promotions: PromotionsPort | None,
    store_code: str,
    entries: Sequence[Any],
    coupons: CouponsPort | None = None,
) -> None:
    """InvalidEntry (offer_mismatch) at the first sale whose promotions are not head
    office's pricing, (coupon_not_redeemed) at the first naming a coupon the store did not
    redeem for it; nothing read when no sale of the batch is promoted."""
    promoted = [
        entry
        for entry in entries
        if entry.WhichOneof(BODY_ONEOF) == SALE.body_field and is_promoted(entry.sale)
    ]
    if not promoted:
        return
    skus = {line.sku for entry in promoted for line in entry.sale.lines}
    units = {sku: p.unit for sku, p in catalogue.products_by_sku(skus).items()}
    found: dict[str, Offer | None] = {}

    def promotion_of(promo_id: str) -> Offer | None:
        if promo_id not in found:
            promotion = None if promotions is None else promotions.get(promo_id)
            found[promo_id] = None if promotion is None else promotion.offer
        return found[promo_id]

    for entry in promoted:
        if entry.sale.coupons:
            _use_coupons(coupons, store_code, entry, entries[0].seq)
        try:
            check_sale_offers(store_code, entry.occurred_at_ms, entry.sale, promotion_of, units)
        except OfferMismatch as exc:
            raise InvalidEntry(
                _("store {store} entry {seq} was refused: {reason}").format(
                    store=store_code, seq=entry.seq, reason=exc
                ),
                expected_seq=entries[0].seq,
                code=OFFER_MISMATCH,
                seq=entry.seq,
            ) from exc


def _use_coupons(coupons: CouponsPort | None, store_code: str, entry: Any, first: int) -> None:
    sale = entry.sale
    try:
        for typed in sale.coupons:
            try:
                code = parse_code(typed).text
            except InvalidInput:
                code = typed
            found = None if coupons is None else coupons.get(code, for_update=True)
            check_sale_coupon(found, mask(code), store_code, sale.coupon_key, entry.seq)
            assert coupons is not None
            if not coupons.use(code, store_code, sale.coupon_key, entry.seq):
                raise CouponRefused(
                    _("coupon {code} is not held by the sale's key any more").format(
                        code=mask(code)
                    )
                )
    except CouponRefused as exc:
        raise InvalidEntry(
            _("store {store} entry {seq} was refused: {reason}").format(
                store=store_code, seq=entry.seq, reason=exc
            ),
            expected_seq=first,
            code=COUPON_NOT_REDEEMED,
            seq=entry.seq,
        ) from exc
