"""The points ledger (loyalty_tables.py): entries by key and member, and each member's
balance row, the lock a posting takes."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from common.domain.points_ledger import PointsEntry
from headoffice.store.loyalty_tables import points_balances, points_entries


def _entry(row: Any) -> PointsEntry:
    return PointsEntry(
        row.key, row.member_id, row.kind, int(row.points), int(row.lot_month), row.document,
        int(row.at_ms),
    )  # fmt: skip


class PointsRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def lock_member(self, member_id: str, now_ms: int) -> int:
        """The member's balance, its row created at 0 if new and locked FOR UPDATE (PostgreSQL)
        until the transaction ends: two tills posting for one member take turns."""
        dialect = postgresql if self._conn.dialect.name == "postgresql" else sqlite
        self._conn.execute(
            dialect.insert(points_balances)
            .values(member_id=member_id, balance=0, updated_at_ms=now_ms)
            .on_conflict_do_nothing()
        )
        row = self._conn.execute(
            sa.select(points_balances.c.balance)
            .where(points_balances.c.member_id == member_id)
            .with_for_update()
        ).one()
        return int(row.balance)

    def balance(self, member_id: str) -> int:
        row = self._conn.execute(
            sa.select(points_balances.c.balance).where(points_balances.c.member_id == member_id)
        ).first()
        return int(row.balance) if row else 0

    def by_key(self, key: str) -> PointsEntry | None:
        row = self._conn.execute(
            sa.select(points_entries).where(points_entries.c.key == key)
        ).first()
        return _entry(row) if row else None

    def entries(self, member_id: str) -> list[PointsEntry]:
        query = (
            sa.select(points_entries)
            .where(points_entries.c.member_id == member_id)
            .order_by(points_entries.c.entry_no)
        )
        return [_entry(row) for row in self._conn.execute(query)]

    def append(self, entry: PointsEntry, balance: int) -> None:
        """Insert `entry` and set the member's balance row to `balance` (the sum with it)."""
        self._conn.execute(
            points_entries.insert().values(
                key=entry.key,
                member_id=entry.member_id,
                kind=entry.kind,
                points=entry.points,
                lot_month=entry.lot_month,
                document=entry.document,
                at_ms=entry.at_ms,
            )  # fmt: skip
        )
        self._conn.execute(
            points_balances.update()
            .where(points_balances.c.member_id == entry.member_id)
            .values(balance=balance, updated_at_ms=entry.at_ms)
        )

    def members_with_points(self) -> list[str]:
        query = (
            sa.select(points_balances.c.member_id)
            .where(points_balances.c.balance > 0)
            .order_by(points_balances.c.member_id)
        )
        return [str(member) for member in self._conn.scalars(query)]

    def sum_of_entries(self, member_id: str) -> int:
        total = self._conn.execute(
            sa.select(sa.func.coalesce(sa.func.sum(points_entries.c.points), 0)).where(
                points_entries.c.member_id == member_id
            )
        ).scalar_one()
        return int(total)
