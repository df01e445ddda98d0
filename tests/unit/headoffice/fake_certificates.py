"""The certificates register in memory (headoffice/store/certificates_repo.py's twin)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from headoffice.domain.certificates import CertificateRecord
from tests.unit.headoffice.fake_tables import DuplicateKey, Tables


class FakeCertificates:
    def __init__(self, tables: Tables) -> None:
        self._t = tables

    def insert(self, record: CertificateRecord) -> None:
        if record.serial is not None and self.by_serial(record.serial) is not None:
            raise DuplicateKey(f"certificates.serial {record.serial}")
        record_id = self._t.next_id("certificates")
        self._t.certificates[record_id] = replace(record, record_id=record_id)

    def by_serial(self, serial: str) -> CertificateRecord | None:
        return next((r for r in self._t.certificates.values() if r.serial == serial), None)

    def of_subjects(
        self, role: str, subjects: Iterable[str] | None = None
    ) -> list[CertificateRecord]:
        wanted = None if subjects is None else set(subjects)
        rows = [
            r
            for r in self._t.certificates.values()
            if r.role == role and (wanted is None or r.subject in wanted)
        ]
        return sorted(rows, key=lambda r: (r.subject, r.issued_at_ms, r.record_id))

    def stop(self, records: Iterable[CertificateRecord]) -> None:
        for record in records:
            if record.record_id in self._t.certificates:
                self._t.certificates[record.record_id] = record

    def revocations(self) -> list[CertificateRecord]:
        return [r for r in self._t.certificates.values() if r.revoked_at_ms is not None]
