"""Reward items (reward_tables.py): read, set and end one; the reward entries journaled."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from headoffice.domain.rewards import RewardItem
from headoffice.store.reward_tables import reward_items, reward_journal


def _item(row: sa.Row) -> RewardItem:  # type: ignore[type-arg]
    return RewardItem(
        row.sku, int(row.points_cost), bool(row.active), int(row.changed_at_ms), row.changed_by
    )


class RewardItemsRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def get(self, sku: str) -> RewardItem | None:
        row = self._conn.execute(sa.select(reward_items).where(reward_items.c.sku == sku)).first()
        return None if row is None else _item(row)

    def all(self, active_only: bool = False) -> list[RewardItem]:
        query = sa.select(reward_items).order_by(reward_items.c.sku)
        if active_only:
            query = query.where(reward_items.c.active.is_(True))
        return [_item(r) for r in self._conn.execute(query)]

    def put(self, item: RewardItem) -> None:
        values = {
            "points_cost": item.points_cost,
            "active": item.active,
            "changed_at_ms": item.changed_at_ms,
            "changed_by": item.changed_by,
        }
        done = self._conn.execute(
            sa.update(reward_items).where(reward_items.c.sku == item.sku).values(**values)
        )
        if not done.rowcount:
            self._conn.execute(sa.insert(reward_items).values(sku=item.sku, **values))

    def journaled(self, points_key: str) -> int | None:
        """The store's entry that recorded the points taken under `points_key`, if any."""
        row = self._conn.execute(
            sa.select(reward_journal.c.journal_seq).where(reward_journal.c.points_key == points_key)
        ).first()
        return None if row is None else int(row.journal_seq)

    def set_journaled(self, points_key: str, store_code: str, seq: int) -> None:
        if self.journaled(points_key) is None:
            self._conn.execute(
                sa.insert(reward_journal).values(
                    points_key=points_key, store_code=store_code, journal_seq=seq
                )
            )
