"""A promotion as head office keeps it: the offer (common.domain.promotions) and its history."""

from __future__ import annotations

from dataclasses import dataclass

from common.domain.promotions import Offer

OPEN, ENDED = "open", "ended"


@dataclass(frozen=True)
class Promotion:
    offer: Offer
    created_by: str
    created_at_ms: int
    ended_by: str = ""
    ended_at_ms: int | None = None  # None: not ended

    @property
    def promo_id(self) -> str:
        return self.offer.offer_id

    @property
    def status(self) -> str:
        return ENDED if self.ended_at_ms is not None else OPEN
