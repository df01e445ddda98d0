"""The chain's promotions at this store: kept as head office sends them, read at the till.

Head office sends a promotion down the store's feed when it is created and when it is
ended (DownstreamEvent.promotion); the store keeps the last copy with the cursor, so a
replayed event changes nothing and the promotions survive a restart. The till prices with
offers_in_force: the promotions not ended at the sale's moment; the engine then checks
each offer's window on the store's clock, offline included.
"""

from __future__ import annotations

import logging

from common.domain.promotions import Offer
from common.logs import log_event
from edge_agent.domain.promotions import StorePromotion
from edge_agent.services.context import StoreContext
from edge_agent.services.downstream import apply_once
from edge_agent.store.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


def apply_promotion(ctx: StoreContext, promotion: StorePromotion, cursor: int) -> bool:
    def work(uow: UnitOfWork) -> None:
        uow.promotions.put(promotion, cursor)

    applied = apply_once(ctx, cursor, work)
    if applied:
        log_event(log, logging.INFO, "promotion received", promo=promotion.promo_id,
                  ended=promotion.ended_at_ms is not None)  # fmt: skip
    return applied


def offers_in_force(ctx: StoreContext, at_ms: int) -> list[Offer]:
    with ctx.db.read() as uow:
        return uow.promotions.in_force(at_ms)
