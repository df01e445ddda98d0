"""Promotion definitions (promotion_tables.py): insert, read, end; the offer as its record."""

from __future__ import annotations

import json
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from common.domain.promotions.records import from_record, to_record
from headoffice.domain.promotions import Promotion
from headoffice.store.promotion_tables import promotions


class PromotionsRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def existing_ids(self, promo_ids: Iterable[str]) -> set[str]:
        wanted = sorted(set(promo_ids))
        found: set[str] = set()
        for start in range(0, len(wanted), 500):
            part = wanted[start : start + 500]
            rows = self._conn.execute(
                sa.select(promotions.c.promo_id).where(promotions.c.promo_id.in_(part))
            )
            found.update(row.promo_id for row in rows)
        return found

    def add(self, promotion: Promotion) -> None:
        offer = promotion.offer
        self._conn.execute(
            promotions.insert().values(
                promo_id=offer.offer_id,
                name=offer.name,
                kind=offer.kind,
                stage=offer.stage_name,
                definition=json.dumps(to_record(offer), sort_keys=True, ensure_ascii=False),
                created_by=promotion.created_by,
                created_at_ms=promotion.created_at_ms,
                ended_by="",
                ended_at_ms=None,
            )
        )

    def get(self, promo_id: str, for_update: bool = False) -> Promotion | None:
        query = sa.select(promotions).where(promotions.c.promo_id == promo_id)
        if for_update and self._conn.dialect.name == "postgresql":
            query = query.with_for_update()
        row = self._conn.execute(query).first()
        return _promotion(row) if row is not None else None

    def list(self, include_ended: bool) -> list[Promotion]:
        query = sa.select(promotions).order_by(promotions.c.promo_id)
        if not include_ended:
            query = query.where(promotions.c.ended_at_ms.is_(None))
        return [_promotion(row) for row in self._conn.execute(query)]

    def end(self, promo_id: str, by: str, at_ms: int) -> bool:
        """End an open promotion; False when it was ended already (or is not there)."""
        result = self._conn.execute(
            promotions.update()
            .where(promotions.c.promo_id == promo_id, promotions.c.ended_at_ms.is_(None))
            .values(ended_by=by, ended_at_ms=at_ms)
        )
        return result.rowcount == 1


def _promotion(row: sa.Row) -> Promotion:  # type: ignore[type-arg]
    return Promotion(
        offer=from_record(json.loads(row.definition)),
        created_by=row.created_by,
        created_at_ms=row.created_at_ms,
        ended_by=row.ended_by,
        ended_at_ms=row.ended_at_ms,
    )
