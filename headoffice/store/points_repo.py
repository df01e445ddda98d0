"""The points ledger (loyalty_tables.py): entries by key and member, and each member's
balance row, the lock a posting takes."""

from __future__ import annotations

from collections.abc import Iterator
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

    # -- read by the points report (services/points_report.py) ---------------------------
    def ledgers(self) -> Iterator[list[PointsEntry]]:
        """Every member's entries, one list a member, oldest first (one pass over the table)."""
        query = sa.select(points_entries).order_by(
            points_entries.c.member_id, points_entries.c.entry_no
        )
        current: list[PointsEntry] = []
        for row in self._conn.execute(query):
            entry = _entry(row)
            if current and current[0].member_id != entry.member_id:
                yield current
                current = []
            current.append(entry)
        if current:
            yield current

    def total_at(self, until_ms: int) -> int:
        """Points outstanding chain-wide before `until_ms`."""
        total = self._conn.execute(
            sa.select(sa.func.coalesce(sa.func.sum(points_entries.c.points), 0)).where(
                points_entries.c.at_ms < until_ms
            )
        ).scalar_one()
        return int(total)

    def sums_by_kind(self, since_ms: int, until_ms: int) -> dict[str, int]:
        """The signed points per entry kind over [since, until)."""
        t = points_entries.c
        query = (
            sa.select(t.kind, sa.func.sum(t.points))
            .where(t.at_ms >= since_ms, t.at_ms < until_ms)
            .group_by(t.kind)
        )
        return {str(kind): int(points) for kind, points in self._conn.execute(query)}

    def top_balances(self, limit: int) -> list[tuple[str, int]]:
        """The members holding the most points, most first: (member_id, balance)."""
        t = points_balances.c
        query = (
            sa.select(t.member_id, t.balance)
            .where(t.balance > 0)
            .order_by(t.balance.desc(), t.member_id)
            .limit(limit)
        )
        return [(str(m), int(b)) for m, b in self._conn.execute(query)]
