"""Who acts and what they did: head-office users, till staff, certificates and the audit trail (Protocols; the unit of work in headoffice.services.ports holds them)."""

from __future__ import annotations

from collections.abc import (
    Iterable,
    Iterator,
)
from typing import Protocol

from headoffice.domain.audit_chain import AuditFilter, AuditKey, AuditRecord, Checkpoint
from headoffice.domain.certificates import CertificateRecord
from headoffice.domain.roles import StaffUser
from headoffice.domain.till_staff import TillStaffMember
from headoffice.services.ports_counts import (  # noqa: F401 - importers take them from here too
    AccuracyPort,
    CountPolicyPort,
    CountsPort,
)
from headoffice.services.ports_documents import (  # noqa: F401 - importers take them from here too
    PurchasingPort,
    TransfersPort,
    WriteOffsPort,
)
from headoffice.services.ports_reports import (  # noqa: F401 - importers take them from here too
    AlertsPort,
    SalesReportPort,
    SalesRollupPort,
)


class AuditPort(Protocol):
    """The sealed audit log and its head row (newest id and seal); lock_head() is None
    when the row is missing, restore_head() False when another transaction restored it,
    newest() and first_sealed() read the table (None: no such record), protected() says
    whether the connected role is unable to UPDATE or DELETE audit rows (None: SQLite)."""

    def lock_head(self) -> tuple[int, str] | None: ...

    def restore_head(self, last_id: int, last_hash: str) -> bool: ...

    def newest(self) -> tuple[int, str] | None: ...

    def first_sealed(self) -> tuple[int, str] | None: ...  # (id, key_id)

    def protected(self) -> bool | None: ...

    def append(self, record: AuditRecord) -> None: ...

    def select(self, flt: AuditFilter) -> list[AuditRecord]: ...

    def all_records(self) -> Iterator[AuditRecord]: ...


class AuditSealPort(Protocol):
    """What head office keeps of its audit log outside the database (store.audit_seal):
    the key that seals records and the checkpoint of the newest committed record.
    start_checkpoint() writes one whatever is there; advance() moves it after a commit,
    never back and never creating it; `where` names the directory in sentences."""

    @property
    def key(self) -> AuditKey | None: ...

    @property
    def where(self) -> str: ...

    def create_key(self) -> AuditKey: ...

    def checkpoint(self) -> Checkpoint | None: ...

    def start_checkpoint(self, checkpoint: Checkpoint) -> None: ...

    def advance(self, seq: int, mac: str) -> None: ...


class UsersPort(Protocol):
    """Staff users and the stores a store manager manages."""

    def get_user(self, username: str) -> StaffUser | None: ...

    def list_users(self) -> list[StaffUser]: ...

    def insert_user(self, user: StaffUser) -> None: ...

    def set_disabled(self, username: str, disabled: bool) -> None: ...


class TillStaffPort(Protocol):
    """The stores' till staff (headoffice.domain.till_staff)."""

    def get(
        self, store_code: str, staff_code: str, lock: bool = False
    ) -> TillStaffMember | None: ...

    def insert(self, member: TillStaffMember) -> None: ...

    def update(self, member: TillStaffMember) -> None: ...

    def list(self, store_codes: list[str] | None = None) -> list[TillStaffMember]: ...


class CertificatesPort(Protocol):
    """The certificates head office issued, by serial, and from when each is refused."""

    def insert(self, record: CertificateRecord) -> None: ...

    def by_serial(self, serial: str) -> CertificateRecord | None: ...

    def of_subjects(
        self, role: str, subjects: Iterable[str] | None = None
    ) -> list[CertificateRecord]: ...

    def stop(self, records: Iterable[CertificateRecord]) -> None: ...

    def revocations(self) -> list[CertificateRecord]: ...
