"""What scheduled jobs need of storage: their claims and runs, in a unit of work of their own (Protocols; headoffice.services.ports re-exports them)."""

from __future__ import annotations

from collections.abc import (
    Mapping,
)
from types import TracebackType
from typing import Protocol, Self

from headoffice.domain.jobs import JobRun
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
from headoffice.services.ports_people import (  # noqa: F401 - importers take them from here too
    AuditPort,
    AuditSealPort,
    CertificatesPort,
    TillStaffPort,
    UsersPort,
)
from headoffice.services.ports_reports import (  # noqa: F401 - importers take them from here too
    AlertsPort,
    SalesReportPort,
    SalesRollupPort,
)


class JobRunsPort(Protocol):
    """Scheduled jobs' once-per-tick claims and each attempt's record (domain.jobs)."""

    def claim(self, job: str, tick_at_ms: int, scope: str, holder: str, at_ms: int) -> bool: ...

    def claim_holder(self, job: str, tick_at_ms: int, scope: str) -> str: ...

    def start(
        self, job: str, tick_at_ms: int, trigger: str, holder: str, attempt: int, at_ms: int
    ) -> int: ...

    def finish(
        self,
        run_id: int,
        result: str,
        at_ms: int,
        duration_ms: int,
        summary: str,
        counts: Mapping[str, int],
    ) -> None: ...

    def run(self, run_id: int) -> JobRun: ...

    def history(self, job: str, limit: int) -> list[JobRun]: ...

    def last_runs(self) -> dict[str, JobRun]: ...

    def last_successes(self) -> dict[str, int]: ...

    def prune(self, before_ms: int) -> tuple[int, int]: ...


class JobsUnitOfWorkPort(Protocol):
    """The unit of work the jobs' use cases take (headoffice.services.jobs): only job_runs,
    so the in-memory unit of work of the other services need not hold jobs."""

    @property
    def job_runs(self) -> JobRunsPort: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...
