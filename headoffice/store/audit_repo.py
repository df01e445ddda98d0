"""The audit log table and its single head row (newest id and seal).

On PostgreSQL the rows are written as the role storeledger_audit_writer (migration
0010), which may INSERT and SELECT audit rows and move the head row but never UPDATE
or DELETE a record: each write here runs under `SET LOCAL ROLE` and goes back to the
connection's own role after it, in the same transaction. Head office's own role
(storeledger_app, deploy/postgres/README.md) may only read the audit tables. A
connection whose role is not a member of the writer role (an older deployment that
connects as the tables' owner) writes as itself, and `protected()` says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from headoffice.domain.audit_chain import AuditFilter, AuditRecord
from headoffice.store.tables import audit_head, audit_log

VERIFY_PAGE = 5_000
WRITER_ROLE = "storeledger_audit_writer"
_WRITER_INFO = "storeledger_audit_writer_role"


def _values(record: AuditRecord) -> dict[str, object]:
    return {name: getattr(record, name) for name in AuditRecord.__slots__}


class AuditRepository:
    """The audit log and its head row on the unit of work's connection.

    `appended` is the newest record this transaction appended, for the unit of work
    to checkpoint after it commits.
    """

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn
        self.appended: AuditRecord | None = None

    def _writer_role(self) -> str | None:
        """The role audit rows are written as on this connection; None: its own."""
        if self._conn.dialect.name != "postgresql":
            return None
        info = self._conn.info
        if _WRITER_INFO not in info:
            member = self._conn.execute(
                sa.text(
                    "SELECT pg_has_role(current_user, oid, 'MEMBER') FROM pg_roles"
                    " WHERE rolname = :role"
                ),
                {"role": WRITER_ROLE},
            ).scalar()
            info[_WRITER_INFO] = WRITER_ROLE if member else None
        role: str | None = info[_WRITER_INFO]
        return role

    @contextmanager
    def _as_writer(self) -> Iterator[None]:
        role = self._writer_role()
        if role is None:
            yield
            return
        self._conn.exec_driver_sql(f"SET LOCAL ROLE {role}")
        yield
        # Not reached when the statement failed: the transaction is then rolled back,
        # which ends SET LOCAL with it.
        self._conn.exec_driver_sql("RESET ROLE")

    def lock_head(self) -> tuple[int, str] | None:
        """The newest record's id and seal, locked until the transaction ends (appends queue
        here); None when the head row is missing."""
        with self._as_writer():
            row = self._conn.execute(
                sa.select(audit_head.c.last_id, audit_head.c.last_hash)
                .where(audit_head.c.id == 1)
                .with_for_update()
            ).one_or_none()
        return None if row is None else (int(row.last_id), row.last_hash)

    def restore_head(self, last_id: int, last_hash: str) -> bool:
        insert = postgresql.insert if self._conn.dialect.name == "postgresql" else sqlite.insert
        statement = (
            insert(audit_head)
            .values(id=1, last_id=last_id, last_hash=last_hash)
            .on_conflict_do_nothing(index_elements=["id"])
            .returning(audit_head.c.id)
        )
        with self._as_writer():
            inserted = self._conn.execute(statement).first()
        return inserted is not None

    def newest(self) -> tuple[int, str] | None:
        row = self._conn.execute(
            sa.select(audit_log.c.id, audit_log.c.hash).order_by(audit_log.c.id.desc()).limit(1)
        ).one_or_none()
        return None if row is None else (int(row.id), row.hash)

    def first_sealed(self) -> tuple[int, str] | None:
        row = self._conn.execute(
            sa.select(audit_log.c.id, audit_log.c.key_id)
            .where(audit_log.c.key_id != "")
            .order_by(audit_log.c.id)
            .limit(1)
        ).one_or_none()
        return None if row is None else (int(row.id), row.key_id)

    def protected(self) -> bool | None:
        if self._conn.dialect.name != "postgresql":
            return None
        may_rewrite = self._conn.execute(
            sa.text(
                "SELECT has_table_privilege('audit_log', 'UPDATE')"
                " OR has_table_privilege('audit_log', 'DELETE')"
                " OR has_table_privilege('audit_log', 'TRUNCATE')"
            )
        ).scalar()
        return not may_rewrite

    def append(self, record: AuditRecord) -> None:
        with self._as_writer():
            self._conn.execute(audit_log.insert().values(**_values(record)))
            self._conn.execute(
                audit_head.update()
                .where(audit_head.c.id == 1)
                .values(last_id=record.id, last_hash=record.hash)
            )
        self.appended = record

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
