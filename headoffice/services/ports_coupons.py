"""What the coupons' use cases need of storage: the unit of work with `coupons` and
`promotions` (headoffice.store.unit_of_work.UnitOfWork has both)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from headoffice.domain.coupons import Coupon
from headoffice.services.ports_promotions import PromotionsUnitOfWorkPort


class CouponsPort(Protocol):
    def existing(self, codes: Sequence[str]) -> set[str]: ...

    def add_many(self, issued: Sequence[Coupon]) -> None: ...

    def get(self, code: str, for_update: bool = False) -> Coupon | None: ...

    def list(self, promo_id: str, state: str, limit: int) -> list[Coupon]: ...

    def redeem(self, code: str, store_code: str, key: str, at_ms: int, by: str) -> bool: ...

    def release(self, code: str, store_code: str, key: str) -> bool: ...

    def use(self, code: str, store_code: str, key: str, seq: int) -> bool: ...


class CouponsUnitOfWorkPort(PromotionsUnitOfWorkPort, Protocol):
    @property
    def coupons(self) -> CouponsPort: ...
