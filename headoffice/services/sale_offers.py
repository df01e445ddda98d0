"""A batch's promoted sales re-priced by head office before it applies them (invariant 8).

Only sales that say something about promotions cost anything: their promotions and
their SKUs' units are read once per batch (headoffice.domain.sale_offers compares).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from common.domain.promotions import Offer
from common.i18n import _
from common.journal_kinds import BODY_ONEOF, SALE
from headoffice.domain.errors import InvalidEntry
from headoffice.domain.sale_offers import (
    OFFER_MISMATCH,
    OfferMismatch,
    check_sale_offers,
    is_promoted,
)
from headoffice.services.ports import CataloguePort
from headoffice.services.ports_promotions import PromotionsPort


def check_promoted_sales(
    catalogue: CataloguePort,
    promotions: PromotionsPort | None,
    store_code: str,
    entries: Sequence[Any],
) -> None:
    """InvalidEntry (offer_mismatch) at the first sale whose promotions are not head
    office's pricing; nothing read when no sale of the batch is promoted."""
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
