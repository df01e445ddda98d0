"""VouchersPort in memory (headoffice/store/vouchers_repo.py's SQL, on plain dicts)."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from typing import Any

from headoffice.domain.vouchers import (
    CANCELLED,
    CANCELLING,
    VERIFIED,
    Package,
    Reconciliation,
    Redemption,
    RequestRace,
)


@dataclass
class VoucherTables:
    packages: dict[tuple[str, str], Package] = field(default_factory=dict)
    redemptions: dict[int, Redemption] = field(default_factory=dict)
    runs: dict[int, Reconciliation] = field(default_factory=dict)


class FakeVouchers:
    def __init__(self, tables: Any) -> None:
        self._t: VoucherTables = tables.vouchers

    def set_package(self, package: Package) -> None:
        self._t.packages[(package.platform, package.product_id)] = package

    def package(self, platform: str, product_id: str) -> Package | None:
        return self._t.packages.get((platform, product_id))

    def packages(self, platform: str) -> list[Package]:
        return [p for k, p in sorted(self._t.packages.items()) if not platform or k[0] == platform]

    def by_request(self, store_code: str, request_id: str) -> Redemption | None:
        for r in self._t.redemptions.values():
            if r.store_code == store_code and r.request_id == request_id:
                return copy.deepcopy(r)
        return None

    def get(self, redemption_id: int, for_update: bool = False) -> Redemption | None:
        found = self._t.redemptions.get(redemption_id)
        return copy.deepcopy(found) if found else None

    def insert(self, redemption: Redemption) -> Redemption:
        if self.by_request(redemption.store_code, redemption.request_id) is not None:
            raise RequestRace("request stored by another call")
        redemption.id = max(self._t.redemptions, default=0) + 1
        self._t.redemptions[redemption.id] = copy.deepcopy(redemption)
        return redemption

    def update(self, redemption: Redemption) -> None:
        self._t.redemptions[redemption.id] = copy.deepcopy(redemption)

    def redemptions(
        self, platform: str, store_code: str, state: str, limit: int
    ) -> list[Redemption]:
        rows = [
            copy.deepcopy(r) for _id, r in sorted(self._t.redemptions.items(), reverse=True)
            if (not platform or r.platform == platform)
            and (not store_code or r.store_code == store_code)
            and (not state or r.state == state)
        ]  # fmt: skip
        return rows[:limit]

    def verified_between(self, platform: str, since_ms: int, until_ms: int) -> list[Redemption]:
        return [
            copy.deepcopy(r) for _id, r in sorted(self._t.redemptions.items())
            if r.platform == platform and since_ms <= r.verified_at_ms < until_ms
            and r.state in (VERIFIED, CANCELLING, CANCELLED)
        ]  # fmt: skip

    def add_reconciliation(self, run: Reconciliation) -> int:
        run_id = max(self._t.runs, default=0) + 1
        self._t.runs[run_id] = replace(run, run_id=run_id)
        return run_id

    def reconciliation(self, platform: str, run_id: int) -> Reconciliation | None:
        runs = [
            r for i, r in sorted(self._t.runs.items()) if not platform or r.platform == platform
        ]
        if run_id:
            runs = [r for r in runs if r.run_id == run_id]
        return runs[-1] if runs else None

    def latest_difference_counts(self) -> dict[str, int]:
        return {r.platform: len(r.differences) for _i, r in sorted(self._t.runs.items())}
