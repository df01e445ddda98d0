"""The stores' till staff rows (headoffice.domain.till_staff) on the unit of work's connection."""

from __future__ import annotations

import sqlalchemy as sa

from headoffice.domain.till_staff import TillStaffMember
from headoffice.store.tables import till_staff


def _member(row: sa.Row) -> TillStaffMember:
    return TillStaffMember(
        row.store_code,
        row.staff_code,
        row.display_name,
        row.role,
        bool(row.disabled),
        row.pin_hash,
        row.card_hash,
        int(row.updated_at_ms),
        row.updated_by,
    )


class TillStaffRepository:
    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def get(self, store_code: str, staff_code: str, lock: bool = False) -> TillStaffMember | None:
        query = sa.select(till_staff).where(
            till_staff.c.store_code == store_code, till_staff.c.staff_code == staff_code
        )
        if lock:
            query = query.with_for_update()
        row = self._conn.execute(query).first()
        return None if row is None else _member(row)

    def insert(self, member: TillStaffMember) -> None:
        self._conn.execute(till_staff.insert().values(**_values(member)))

    def update(self, member: TillStaffMember) -> None:
        self._conn.execute(
            till_staff.update()
            .where(
                till_staff.c.store_code == member.store_code,
                till_staff.c.staff_code == member.staff_code,
            )
            .values(**_values(member))
        )

    def list(self, store_codes: list[str] | None = None) -> list[TillStaffMember]:
        """Every store's staff (None), or those of the stores named, by store and code."""
        query = sa.select(till_staff).order_by(till_staff.c.store_code, till_staff.c.staff_code)
        if store_codes is not None:
            query = query.where(till_staff.c.store_code.in_(store_codes))
        return [_member(row) for row in self._conn.execute(query)]


def _values(member: TillStaffMember) -> dict[str, object]:
    return {
        "store_code": member.store_code,
        "staff_code": member.staff_code,
        "display_name": member.display_name,
        "role": member.role,
        "disabled": member.disabled,
        "pin_hash": member.pin_hash,
        "card_hash": member.card_hash,
        "updated_at_ms": member.updated_at_ms,
        "updated_by": member.updated_by,
    }
