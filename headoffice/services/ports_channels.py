"""What the channel reservations' use cases need of storage: the unit of work with
`channels` (headoffice.store.unit_of_work.UnitOfWork and the tests' FakeUnitOfWork)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from headoffice.domain.channels import (
    Channel,
    ChannelQuota,
    Reservation,
    ReserveContext,
    StockFigures,
)
from headoffice.services.ports import UnitOfWorkPort


class ChannelsPort(Protocol):
    def add_channel(self, channel: Channel) -> None: ...

    def get_channel(self, code: str) -> Channel | None: ...

    def list_channels(self) -> list[Channel]: ...

    def set_stores(self, code: str, add: Iterable[str], remove: Iterable[str]) -> None: ...

    def set_quota(self, quota: ChannelQuota) -> None: ...

    def quotas(self, channel: str = "") -> list[ChannelQuota]: ...

    def lock_stock(
        self, store_code: str, skus: Iterable[str], now_ms: int
    ) -> dict[str, StockFigures]: ...

    def stock_figures(
        self, store_code: str, skus: Iterable[str] | None = None
    ) -> dict[str, StockFigures]: ...

    def add_state(
        self, store: str, sku: str, state: str, delta: int, document_type: str,
        document_id: str, reason: str, actor: str, now_ms: int,
    ) -> None: ...  # fmt: skip

    def state_changes(self, store: str, sku: str) -> list[tuple[str, int, str, str]]: ...

    def reserved_by_channel(
        self, channel: str, store: str, skus: Iterable[str]
    ) -> dict[str, int]: ...

    def add_reservation(self, reservation: Reservation) -> int: ...

    def add_hold(self, reservation: Reservation, reason: str, actor: str) -> int:
        """add_reservation, and each line added to reserved (a state change naming it)."""
        ...

    def get_reservation(
        self, reservation_id: int, for_update: bool = False
    ) -> Reservation | None: ...

    def find_by_key(self, channel: str, key: str) -> Reservation | None: ...

    def reserve_context(
        self, channel: str, store_code: str, key: str, skus: Sequence[str]
    ) -> ReserveContext | None: ...

    def list_reservations(
        self, channel: str, store_code: str, state: str, limit: int
    ) -> list[Reservation]: ...

    def open_reservations(self, store_code: str, skus: Iterable[str]) -> list[Reservation]: ...

    def orders_sent_to(self, store_code: str) -> list[Reservation]: ...

    def due_to_expire(self, now_ms: int, limit: int) -> list[int]: ...

    def open_counts(self) -> dict[str, int]: ...

    def update_reservation(self, reservation_id: int, **values: Any) -> None: ...

    def confirm_reservation(self, reservation_id: int, state: str, now_ms: int) -> None: ...

    def mark_picked(self, reservation_id: int, seq: int, now_ms: int) -> None: ...

    def mark_fulfilled(self, reservation_id: int, seq: int, now_ms: int) -> None: ...

    def held_by(self, store_code: str, document_id: str) -> dict[tuple[str, str], int]: ...


class ChannelsUnitOfWorkPort(UnitOfWorkPort, Protocol):
    @property
    def channels(self) -> ChannelsPort: ...
