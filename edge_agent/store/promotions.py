"""The promotions head office sent this store (migration 0017_promotions)."""

from __future__ import annotations

import json
import sqlite3
from functools import lru_cache

from common.domain.promotions import Offer
from common.domain.promotions.records import from_record, to_record
from edge_agent.domain.promotions import StorePromotion


class PromotionsRepository:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def put(self, promotion: StorePromotion, cursor: int) -> None:
        """Keep head office's copy; an ended promotion stays ended (a late copy cannot reopen
        it), and the earlier end time wins."""
        row = self._conn.execute(
            "SELECT ended_at_ms FROM promotions WHERE promo_id = ?", (promotion.promo_id,)
        ).fetchone()
        ended = promotion.ended_at_ms
        if row is not None and row[0] is not None:
            ended = int(row[0]) if ended is None else min(ended, int(row[0]))
        definition = json.dumps(to_record(promotion.offer), sort_keys=True, ensure_ascii=False)
        self._conn.execute(
            "INSERT INTO promotions (promo_id, definition, ended_at_ms, cursor)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (promo_id) DO UPDATE SET"
            " definition = excluded.definition, ended_at_ms = excluded.ended_at_ms,"
            " cursor = excluded.cursor",
            (promotion.promo_id, definition, ended, cursor),
        )

    def get(self, promo_id: str) -> StorePromotion | None:
        row = self._conn.execute(
            "SELECT definition, ended_at_ms FROM promotions WHERE promo_id = ?", (promo_id,)
        ).fetchone()
        return None if row is None else _promotion(row)

    def all(self) -> list[StorePromotion]:
        rows = self._conn.execute(
            "SELECT definition, ended_at_ms FROM promotions ORDER BY promo_id"
        ).fetchall()
        return [_promotion(row) for row in rows]

    def in_force(self, at_ms: int) -> list[Offer]:
        """The offers head office had not ended at at_ms, in id order (the engine checks each
        offer's own window and conditions)."""
        rows = self._conn.execute(
            "SELECT definition, ended_at_ms FROM promotions"
            " WHERE ended_at_ms IS NULL OR ended_at_ms > ? ORDER BY promo_id",
            (at_ms,),
        ).fetchall()
        return [_promotion(row).offer for row in rows]


def _promotion(row: tuple) -> StorePromotion:  # type: ignore[type-arg]
    return StorePromotion(_offer(row[0]), None if row[1] is None else int(row[1]))


@lru_cache(maxsize=4096)
def _offer(definition: str) -> Offer:
    """The offer a stored record holds, read once: every sale reads the promotions in force,
    and an offer is an immutable value of its record's text."""
    return from_record(json.loads(definition))
