"""The audit log table and its single head row (newest id and hash)."""

from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa

from headoffice.domain.audit_chain import AuditFilter, AuditRecord
from headoffice.store.tables import audit_head, audit_log

VERIFY_PAGE = 5_000


def _values(record: AuditRecord) -> dict[str, object]:
    return {name: getattr(record, name) for name in AuditRecord.__slots__}


class AuditRepository:
    """The audit log and its head row on the unit of work's connection."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def lock_head(self) -> tuple[int, str]:
        """The newest record's id and hash, locked until the transaction ends (appends queue here)."""
        row = self._conn.execute(
            sa.select(audit_head.c.last_id, audit_head.c.last_hash)
            .where(audit_head.c.id == 1)
            .with_for_update()
        ).one()
        return int(row.last_id), row.last_hash

    def append(self, record: AuditRecord) -> None:
        self._conn.execute(audit_log.insert().values(**_values(record)))
        self._conn.execute(
            audit_head.update()
            .where(audit_head.c.id == 1)
            .values(last_id=record.id, last_hash=record.hash)
        )

    def select(self, flt: AuditFilter) -> list[AuditRecord]:
        query = sa.select(audit_log).where(audit_log.c.id > flt.after_id)
        for column, value in (
            (audit_log.c.actor_name, flt.actor.name),
            (audit_log.c.actor_store, flt.actor.store),
            (audit_log.c.entity, flt.entity),
            (audit_log.c.entity_id, flt.entity_id),
            (audit_log.c.action, flt.action),
        ):
            if value:
                query = query.where(column == value)
        if flt.since_ms:
            query = query.where(audit_log.c.occurred_at_ms >= flt.since_ms)
        if flt.until_ms:
            query = query.where(audit_log.c.occurred_at_ms < flt.until_ms)
        rows = self._conn.execute(query.order_by(audit_log.c.id).limit(flt.limit))
        return [AuditRecord(**row._mapping) for row in rows]

    def all_records(self) -> Iterator[AuditRecord]:
        """Every record in id order, read a page at a time."""
        after = 0
        while True:
            page = self.select(AuditFilter(after_id=after, limit=VERIFY_PAGE))
            yield from page
            if len(page) < VERIFY_PAGE:
                return
            after = page[-1].id
