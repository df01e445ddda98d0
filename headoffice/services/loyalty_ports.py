"""What punch cards, packages and points need of storage (headoffice.services.ports lists the
other ports). Their use cases take a LoyaltyUnitOfWorkPort, which holds only these, so the
in-memory unit of work of the other services need not.

Attribute      Protocol            SQL implementation (headoffice/store/)
entitlements   EntitlementsPort    entitlements_repo.EntitlementsRepository
points         PointsPort          points_repo.PointsRepository
catalogue      LoyaltyProductsPort catalogue_repo.CatalogueRepository (the bills of consumables)
members        LoyaltyMembersPort  members_repo.MembersRepository (is there such a member?)
"""

from __future__ import annotations

from collections.abc import Iterable
from types import TracebackType
from typing import Protocol, Self

from common.domain.entitlements import Entitlement
from common.domain.points_ledger import PointsEntry
from headoffice.domain.catalogue import Product
from headoffice.domain.loyalty_records import CardSale, StoredCard, UseRecord
from headoffice.domain.members import Member


class EntitlementsPort(Protocol):
    def insert(self, card: Entitlement, sale: CardSale) -> int: ...

    def by_sold_key(self, key: str) -> StoredCard | None: ...

    def get(self, card_no: int, lock: bool = False) -> StoredCard | None: ...

    def of_member(self, member_id: str) -> list[StoredCard]: ...

    def set_uses_taken(self, card_no: int, uses_taken: int) -> None: ...

    def set_owner(self, card_no: int, member_id: str) -> None: ...

    def set_refunded(self, card_no: int, at_ms: int) -> None: ...

    def use_by_key(self, key: str) -> UseRecord | None: ...

    def insert_use(self, use: UseRecord) -> None: ...

    def uses_of(self, card_no: int) -> list[UseRecord]: ...

    def set_journaled(self, key: str, seq: int) -> None: ...


class PointsPort(Protocol):
    def lock_member(self, member_id: str, now_ms: int) -> int: ...

    def balance(self, member_id: str) -> int: ...

    def by_key(self, key: str) -> PointsEntry | None: ...

    def entries(self, member_id: str) -> list[PointsEntry]: ...

    def append(self, entry: PointsEntry, balance: int) -> None: ...

    def members_with_points(self) -> list[str]: ...

    def sum_of_entries(self, member_id: str) -> int: ...


class LoyaltyProductsPort(Protocol):
    def products_by_sku(self, skus: Iterable[str] | None = None) -> dict[str, Product]: ...


class LoyaltyMembersPort(Protocol):
    def get(self, member_id: str) -> Member | None: ...


class LoyaltyUnitOfWorkPort(Protocol):
    @property
    def entitlements(self) -> EntitlementsPort: ...

    @property
    def points(self) -> PointsPort: ...

    @property
    def catalogue(self) -> LoyaltyProductsPort: ...

    @property
    def members(self) -> LoyaltyMembersPort: ...

    def commit(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
