"""What the promotions' use cases need of storage: the unit of work with `promotions`.

A Protocol of its own (as JobsUnitOfWorkPort): the in-memory unit of work of the other
services' tests need not hold promotions; headoffice.store.unit_of_work.UnitOfWork has it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from headoffice.domain.promotions import Promotion
from headoffice.services.ports import UnitOfWorkPort


class PromotionsPort(Protocol):
    """Promotion definitions: added, read, ended; never deleted."""

    def existing_ids(self, promo_ids: Iterable[str]) -> set[str]: ...

    def add(self, promotion: Promotion) -> None: ...

    def get(self, promo_id: str, for_update: bool = False) -> Promotion | None: ...

    def list(self, include_ended: bool) -> list[Promotion]: ...

    def end(self, promo_id: str, by: str, at_ms: int) -> bool: ...


class PromotionsUnitOfWorkPort(UnitOfWorkPort, Protocol):
    @property
    def promotions(self) -> PromotionsPort: ...
