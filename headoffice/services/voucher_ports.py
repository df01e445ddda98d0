"""What the voucher use cases need: a platform (VoucherPlatform, one adapter per group-buy
platform, headoffice/platforms/) and storage (the unit of work with `vouchers`).

A real platform's adapter implements VoucherPlatform (docs/vouchers.md): prepare and
redeemed_on only read; verify and cancel must be idempotent on request_id (the same id
again returns the first answer, the same id with other arguments is refused), because head
office repeats them with the same id after a timeout. Errors leave the adapter as ours:
VoucherNotFound, VoucherRefused (a sentence), PlatformUnreachable, PlatformTimedOut.
"""

from __future__ import annotations

from typing import Protocol

from headoffice.domain.vouchers import (
    Package,
    PlatformVerification,
    Reconciliation,
    Redemption,
    VoucherLookup,
)
from headoffice.services.ports import UnitOfWorkPort


class VoucherPlatform(Protocol):
    name: str

    def prepare(self, code: str) -> VoucherLookup: ...

    def verify(self, code: str, count: int, request_id: str) -> PlatformVerification: ...

    def cancel(self, platform_ref: str, code: str, request_id: str) -> PlatformVerification: ...

    def redeemed_on(self, day: str) -> list[PlatformVerification]: ...

    def take_reconnected(self) -> bool:
        """True once after a call succeeded while the platform had been unreachable."""
        ...


class VouchersPort(Protocol):
    def set_package(self, package: Package) -> None: ...

    def package(self, platform: str, product_id: str) -> Package | None: ...

    def packages(self, platform: str) -> list[Package]: ...

    def by_request(self, store_code: str, request_id: str) -> Redemption | None: ...

    def get(self, redemption_id: int, for_update: bool = False) -> Redemption | None: ...

    def insert(self, redemption: Redemption) -> Redemption: ...

    def update(self, redemption: Redemption) -> None: ...

    def redemptions(
        self, platform: str, store_code: str, state: str, limit: int
    ) -> list[Redemption]: ...

    def verified_between(self, platform: str, since_ms: int, until_ms: int) -> list[Redemption]: ...

    def add_reconciliation(self, run: Reconciliation) -> int: ...

    def reconciliation(self, platform: str, run_id: int) -> Reconciliation | None: ...

    def latest_difference_counts(self) -> dict[str, int]: ...


class VouchersUnitOfWorkPort(UnitOfWorkPort, Protocol):
    @property
    def vouchers(self) -> VouchersPort: ...
