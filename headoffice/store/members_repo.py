"""Member rows (headoffice.domain.members) on the unit of work's connection."""

from __future__ import annotations

import sqlalchemy as sa

from headoffice.domain.members import Lookup, Member, member_id_text, member_number
from headoffice.store.member_tables import members


def _member(row: sa.Row) -> Member:
    return Member(
        member_id_text(int(row.member_no)),
        row.phone or "",
        row.name,
        row.card_no or "",
        row.qr_code or "",
        row.birthday,
        bool(row.consent),
        row.registered_store,
        row.level,
        int(row.created_at_ms),
        row.created_by,
        int(row.updated_at_ms),
        int(row.erased_at_ms),
        row.merged_into,
    )


def _values(m: Member) -> dict[str, object]:
    return {
        "phone": m.phone or None,
        "name": m.name,
        "card_no": m.card_no or None,
        "qr_code": m.qr_code or None,
        "birthday": m.birthday,
        "consent": m.consent,
        "registered_store": m.registered_store,
        "level": m.level,
        "created_at_ms": m.created_at_ms,
        "created_by": m.created_by,
        "updated_at_ms": m.updated_at_ms,
        "erased_at_ms": m.erased_at_ms,
        "merged_into": m.merged_into,
    }


LOOKUP_COLUMNS = {"phone": members.c.phone, "card": members.c.card_no, "qr": members.c.qr_code}


class MembersRepository:
    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def insert(self, member: Member) -> Member:
        """The member with the id the database gave it."""
        number = self._conn.execute(
            members.insert().values(**_values(member)).returning(members.c.member_no)
        ).scalar_one()
        return member.with_(member_id=member_id_text(int(number)))

    def update(self, member: Member) -> None:
        self._conn.execute(
            members.update()
            .where(members.c.member_no == member_number(member.member_id))
            .values(**_values(member))
        )

    def get(self, member_id: str) -> Member | None:
        row = self._conn.execute(
            sa.select(members).where(members.c.member_no == member_number(member_id))
        ).first()
        return None if row is None else _member(row)

    def find(self, lookup: Lookup) -> Member | None:
        if lookup.kind == "member_id":
            return self.get(lookup.value)
        column = LOOKUP_COLUMNS[lookup.kind]
        row = self._conn.execute(sa.select(members).where(column == lookup.value)).first()
        return None if row is None else _member(row)

    def taken(self, phone: str, card_no: str, qr_code: str) -> list[str]:
        """Which of these identifiers another member holds already ('phone', 'card', 'qr')."""
        found = []
        for kind, value in (("phone", phone), ("card", card_no), ("qr", qr_code)):
            if value and self.find(Lookup(kind, value)) is not None:
                found.append(kind)
        return found

    def list(
        self, store_code: str = "", level: str = "", after_id: str = "", limit: int = 1000
    ) -> list[Member]:
        query = sa.select(members).order_by(members.c.member_no).limit(limit)
        if store_code:
            query = query.where(members.c.registered_store == store_code)
        if level:
            query = query.where(members.c.level == level)
        if after_id:
            query = query.where(members.c.member_no > member_number(after_id))
        return [_member(row) for row in self._conn.execute(query)]
