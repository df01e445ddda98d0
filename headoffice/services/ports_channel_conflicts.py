"""What the offline-oversell conflicts need of storage: the unit of work with
`channel_conflicts` (headoffice.store.unit_of_work.UnitOfWork has it; so does the
in-memory FakeUnitOfWork of tests/unit/headoffice)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Protocol

from headoffice.domain.channel_conflicts import Conflict, HeldOrder, StockFigures
from headoffice.services.ports import UnitOfWorkPort


class ChannelConflictsPort(Protocol):
    def probe(self, store_code: str) -> set[str]: ...

    def figures(self, store_code: str, skus: Collection[str]) -> dict[str, StockFigures]: ...

    def covered_in_transit(self, store_code: str, skus: Collection[str]) -> dict[str, int]: ...

    def held_orders(self, store_code: str, skus: Collection[str]) -> dict[str, list[HeldOrder]]: ...

    def available_elsewhere(
        self, skus: Collection[str], store_code: str
    ) -> dict[str, list[tuple[str, int]]]: ...

    def open_conflicts(self, store_code: str, skus: Iterable[str]) -> dict[str, Conflict]: ...

    def insert(self, conflict: Conflict) -> Conflict: ...

    def insert_many(self, conflicts: Sequence[Conflict]) -> None: ...

    def save_many(self, conflicts: Sequence[Conflict]) -> None: ...

    def save(self, conflict: Conflict) -> None: ...

    def get(self, number: int, lock: bool = False) -> Conflict | None: ...

    def conflicts(self, store_code: str, state: str, limit: int) -> list[Conflict]: ...

    def open_counts(self) -> dict[str, int]: ...

    def reservation(self, number: int, lock: bool = False) -> tuple[str, str] | None: ...

    def reservation_lines(self, number: int) -> list[tuple[str, str, int]]: ...

    def close_reservation(
        self, number: int, state: str, reason: str, by: str, now_ms: int
    ) -> None: ...

    def add_state(
        self, store_code: str, sku: str, state: str, delta: int, document_type: str,
        document_id: str, reason: str, actor: str, now_ms: int,
    ) -> None: ...  # fmt: skip


class ChannelConflictsUnitOfWorkPort(UnitOfWorkPort, Protocol):
    @property
    def channel_conflicts(self) -> ChannelConflictsPort: ...
