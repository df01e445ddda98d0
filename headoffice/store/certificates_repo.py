"""The certificates head office issued and their revocations (the register and its list)."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from headoffice.domain.certificates import CertificateRecord
from headoffice.store.tables import certificates

_COLUMNS = (
    "role",
    "subject",
    "serial",
    "issued_at_ms",
    "not_after_ms",
    "issued_by",
    "revoked_at_ms",
    "revoked_by",
    "revoked_reason",
    "replaced_by",
)


def _record(row: sa.Row) -> CertificateRecord:
    m = row._mapping
    return CertificateRecord(**{name: m[name] for name in _COLUMNS}, record_id=m["id"])


class CertificatesRepository:
    """The certificates table on the unit of work's connection."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def insert(self, record: CertificateRecord) -> None:
        values = {name: getattr(record, name) for name in _COLUMNS}
        self._conn.execute(certificates.insert().values(**values))

    def by_serial(self, serial: str) -> CertificateRecord | None:
        row = self._conn.execute(
            sa.select(certificates).where(certificates.c.serial == serial)
        ).one_or_none()
        return _record(row) if row is not None else None

    def of_subjects(
        self, role: str, subjects: Iterable[str] | None = None
    ) -> list[CertificateRecord]:
        """The subjects' records (every subject of the role when None), oldest first."""
        query = sa.select(certificates).where(certificates.c.role == role)
        if subjects is not None:
            query = query.where(certificates.c.subject.in_(list(subjects)))
        query = query.order_by(
            certificates.c.subject, certificates.c.issued_at_ms, certificates.c.id
        )
        return [_record(row) for row in self._conn.execute(query)]

    def stop(self, records: Iterable[CertificateRecord]) -> None:
        """Write each record's revocation (revoked_at_ms, by, reason, replaced_by)."""
        for record in records:
            self._conn.execute(
                certificates.update()
                .where(certificates.c.id == record.record_id)
                .values(
                    revoked_at_ms=record.revoked_at_ms,
                    revoked_by=record.revoked_by,
                    revoked_reason=record.revoked_reason,
                    replaced_by=record.replaced_by,
                )
            )

    def revocations(self) -> list[CertificateRecord]:
        """Every record that refuses a certificate now or later: the revocation list."""
        query = sa.select(certificates).where(certificates.c.revoked_at_ms.is_not(None))
        return [_record(row) for row in self._conn.execute(query)]
