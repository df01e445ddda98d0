"""What the points report needs of storage (services/points_report.py): the points ledger's
figures and the members to mask. headoffice.store.unit_of_work.UnitOfWork has both
(store/points_repo.py, store/members_repo.py)."""

from __future__ import annotations

from collections.abc import Iterator
from types import TracebackType
from typing import Protocol, Self

from common.domain.points_ledger import PointsEntry
from headoffice.domain.members import Member


class PointsFiguresPort(Protocol):
    def ledgers(self) -> Iterator[list[PointsEntry]]: ...

    def total_at(self, until_ms: int) -> int: ...

    def sums_by_kind(self, since_ms: int, until_ms: int) -> dict[str, int]: ...

    def top_balances(self, limit: int) -> list[tuple[str, int]]: ...


class ReportMembersPort(Protocol):
    def get(self, member_id: str) -> Member | None: ...


class PointsReportUnitOfWorkPort(Protocol):
    @property
    def points(self) -> PointsFiguresPort: ...

    @property
    def members(self) -> ReportMembersPort: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
