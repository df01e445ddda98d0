"""A promotion as the store keeps it: head office's offer and, once ended, when."""

from __future__ import annotations

from dataclasses import dataclass

from common.domain.promotions import Offer


@dataclass(frozen=True)
class StorePromotion:
    offer: Offer
    ended_at_ms: int | None = None  # None: not ended

    @property
    def promo_id(self) -> str:
        return self.offer.offer_id

    def in_force(self, at_ms: int) -> bool:
        """Not ended by head office at at_ms (the offer's own window is the engine's)."""
        return self.ended_at_ms is None or at_ms < self.ended_at_ms
