"""Group-buy vouchers (voucher_tables.py): packages, redemptions by the till's request id,
reconciliation runs and their differences."""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from common.i18n import _
from headoffice.domain.vouchers import (
    CANCELLED,
    CANCELLING,
    VERIFIED,
    Difference,
    Package,
    PackageLine,
    Reconciliation,
    Redemption,
    RequestRace,
)
from headoffice.store.voucher_tables import (
    voucher_differences,
    voucher_package_lines,
    voucher_packages,
    voucher_reconciliations,
    voucher_redemption_lines,
    voucher_redemptions,
)

_FIELDS = (
    "platform", "code", "store_code", "request_id", "product_id", "title", "count",
    "price_minor", "currency", "state", "platform_ref", "created_at_ms", "verified_at_ms",
    "cancel_until_ms", "cancel_request_id", "cancelled_at_ms", "journal_seq",
    "cancel_journal_seq", "till_id", "cashier", "error",
)  # fmt: skip
_UPDATABLE = tuple(f for f in _FIELDS if f not in ("platform", "code", "store_code", "request_id"))


class VouchersRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    # -- packages --------------------------------------------------------------------------

    def set_package(self, package: Package) -> None:
        key = (voucher_packages.c.platform == package.platform) & (
            voucher_packages.c.product_id == package.product_id
        )
        self._conn.execute(voucher_packages.delete().where(key))
        self._conn.execute(
            voucher_package_lines.delete().where(
                voucher_package_lines.c.platform == package.platform,
                voucher_package_lines.c.product_id == package.product_id,
            )
        )
        self._conn.execute(
            voucher_packages.insert().values(
                platform=package.platform, product_id=package.product_id, title=package.title,
                set_at_ms=package.set_at_ms, set_by=package.set_by,
            )
        )  # fmt: skip
        self._conn.execute(
            voucher_package_lines.insert(),
            [
                {"platform": package.platform, "product_id": package.product_id,
                 "sku": line.sku, "qty_base": line.qty_base}
                for line in package.lines
            ],
        )  # fmt: skip

    def package(self, platform: str, product_id: str) -> Package | None:
        found = self._packages(platform, product_id)
        return found[0] if found else None

    def packages(self, platform: str) -> list[Package]:
        return self._packages(platform, None)

    def _packages(self, platform: str, product_id: str | None) -> list[Package]:
        query = sa.select(voucher_packages).order_by(
            voucher_packages.c.platform, voucher_packages.c.product_id
        )
        lines_q = sa.select(voucher_package_lines).order_by(voucher_package_lines.c.sku)
        if platform:
            query = query.where(voucher_packages.c.platform == platform)
            lines_q = lines_q.where(voucher_package_lines.c.platform == platform)
        if product_id is not None:
            query = query.where(voucher_packages.c.product_id == product_id)
            lines_q = lines_q.where(voucher_package_lines.c.product_id == product_id)
        lines: dict[tuple[str, str], list[PackageLine]] = defaultdict(list)
        for row in self._conn.execute(lines_q):
            lines[(row.platform, row.product_id)].append(PackageLine(row.sku, int(row.qty_base)))
        return [
            Package(row.platform, row.product_id, row.title,
                    tuple(lines[(row.platform, row.product_id)]), int(row.set_at_ms), row.set_by)
            for row in self._conn.execute(query)
        ]  # fmt: skip

    # -- redemptions -----------------------------------------------------------------------

    def _with_lines(self, rows: list[sa.Row]) -> list[Redemption]:  # type: ignore[type-arg]
        ids = [int(r.id) for r in rows]
        lines: dict[int, list[PackageLine]] = defaultdict(list)
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            q = (
                sa.select(voucher_redemption_lines)
                .where(voucher_redemption_lines.c.redemption_id.in_(part))
                .order_by(voucher_redemption_lines.c.sku)
            )
            for line in self._conn.execute(q):
                lines[int(line.redemption_id)].append(PackageLine(line.sku, int(line.qty_base)))
        return [
            Redemption(id=int(r.id), **{f: getattr(r, f) for f in _FIELDS},
                       lines=tuple(lines[int(r.id)]))
            for r in rows
        ]  # fmt: skip

    def by_request(self, store_code: str, request_id: str) -> Redemption | None:
        rows = list(
            self._conn.execute(
                sa.select(voucher_redemptions).where(
                    voucher_redemptions.c.store_code == store_code,
                    voucher_redemptions.c.request_id == request_id,
                )
            )
        )
        return self._with_lines(rows)[0] if rows else None

    def get(self, redemption_id: int, for_update: bool = False) -> Redemption | None:
        query = sa.select(voucher_redemptions).where(voucher_redemptions.c.id == redemption_id)
        if for_update and self._conn.dialect.name == "postgresql":
            query = query.with_for_update()
        rows = list(self._conn.execute(query))
        return self._with_lines(rows)[0] if rows else None

    def insert(self, redemption: Redemption) -> Redemption:
        values = {f: getattr(redemption, f) for f in _FIELDS}
        try:
            new_id = int(
                self._conn.execute(
                    voucher_redemptions.insert()
                    .values(**values)
                    .returning(voucher_redemptions.c.id)
                ).scalar_one()
            )
        except IntegrityError as exc:
            raise RequestRace(
                _("request {request} was stored at the same moment by another call").format(
                    request=repr(redemption.request_id)
                )
            ) from exc
        if redemption.lines:
            self._conn.execute(
                voucher_redemption_lines.insert(),
                [{"redemption_id": new_id, "sku": line.sku, "qty_base": line.qty_base}
                 for line in redemption.lines],
            )  # fmt: skip
        redemption.id = new_id
        return redemption

    def update(self, redemption: Redemption) -> None:
        self._conn.execute(
            voucher_redemptions.update()
            .where(voucher_redemptions.c.id == redemption.id)
            .values(**{f: getattr(redemption, f) for f in _UPDATABLE})
        )

    def redemptions(
        self, platform: str, store_code: str, state: str, limit: int
    ) -> list[Redemption]:
        query = sa.select(voucher_redemptions).order_by(voucher_redemptions.c.id.desc())
        if platform:
            query = query.where(voucher_redemptions.c.platform == platform)
        if store_code:
            query = query.where(voucher_redemptions.c.store_code == store_code)
        if state:
            query = query.where(voucher_redemptions.c.state == state)
        return self._with_lines(list(self._conn.execute(query.limit(limit))))

    def verified_between(self, platform: str, since_ms: int, until_ms: int) -> list[Redemption]:
        query = (
            sa.select(voucher_redemptions)
            .where(
                voucher_redemptions.c.platform == platform,
                voucher_redemptions.c.verified_at_ms >= since_ms,
                voucher_redemptions.c.verified_at_ms < until_ms,
                voucher_redemptions.c.state.in_((VERIFIED, CANCELLING, CANCELLED)),
            )
            .order_by(voucher_redemptions.c.id)
        )
        return self._with_lines(list(self._conn.execute(query)))

    # -- reconciliations -------------------------------------------------------------------

    def add_reconciliation(self, run: Reconciliation) -> int:
        run_id: int = self._conn.execute(
            voucher_reconciliations.insert().values(
                platform=run.platform, day=run.day, started_at_ms=run.started_at_ms,
                finished_at_ms=run.finished_at_ms, checked=run.checked,
                differences=len(run.differences), trigger=run.trigger,
            ).returning(voucher_reconciliations.c.id)
        ).scalar_one()  # fmt: skip
        if run.differences:
            self._conn.execute(
                voucher_differences.insert(),
                [
                    {"run_id": run_id, "line_no": n, "platform": d.platform, "code": d.code,
                     "kind": d.kind, "store_code": d.store_code, "our_count": d.our_count,
                     "platform_count": d.platform_count, "redemption_id": d.redemption_id}
                    for n, d in enumerate(run.differences, start=1)
                ],
            )  # fmt: skip
        return run_id

    def reconciliation(self, platform: str, run_id: int) -> Reconciliation | None:
        query = sa.select(voucher_reconciliations)
        if run_id:
            query = query.where(voucher_reconciliations.c.id == run_id)
        else:
            query = query.order_by(voucher_reconciliations.c.id.desc()).limit(1)
        if platform:
            query = query.where(voucher_reconciliations.c.platform == platform)
        row = self._conn.execute(query).first()
        if row is None:
            return None
        diffs = tuple(
            Difference(d.platform, d.code, d.kind, d.store_code, int(d.our_count),
                       int(d.platform_count), int(d.redemption_id))
            for d in self._conn.execute(
                sa.select(voucher_differences)
                .where(voucher_differences.c.run_id == row.id)
                .order_by(voucher_differences.c.line_no)
            )
        )  # fmt: skip
        return Reconciliation(
            int(row.id), row.platform, row.day, int(row.started_at_ms), int(row.finished_at_ms),
            int(row.checked), diffs, row.trigger,
        )  # fmt: skip

    def latest_difference_counts(self) -> dict[str, int]:
        latest = (
            sa.select(sa.func.max(voucher_reconciliations.c.id))
            .group_by(voucher_reconciliations.c.platform)
            .scalar_subquery()
        )
        rows = self._conn.execute(
            sa.select(
                voucher_reconciliations.c.platform, voucher_reconciliations.c.differences
            ).where(voucher_reconciliations.c.id.in_(latest))
        )
        return {row.platform: int(row.differences) for row in rows}
