"""Coupons (coupon_tables.py): issue, read, and the conditional updates that redeem,
release and use one.

`redeem` is an UPDATE ... WHERE the coupon is free: of two transactions racing on one
code, PostgreSQL makes the second wait on the row and then finds it taken (0 rows), and
SQLite's BEGIN IMMEDIATE runs them one after the other; either way exactly one wins. The
services lock the row first as well (`get(for_update=True)`), so the loser reads the
winner's redemption and can say where and when it was used.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from headoffice.domain.coupons import ISSUED, REDEEMED, USED, Coupon
from headoffice.store.coupon_tables import coupons

_FREE = {"redeemed_store": "", "redeemed_key": "", "redeemed_at_ms": 0, "redeemed_by": ""}


def _coupon(row: sa.Row) -> Coupon:  # type: ignore[type-arg]
    return Coupon(
        code=row.code,
        promo_id=row.promo_id,
        campaign=row.campaign,
        valid_until_ms=int(row.valid_until_ms),
        issued_at_ms=int(row.issued_at_ms),
        issued_by=row.issued_by,
        redeemed_store=row.redeemed_store,
        redeemed_key=row.redeemed_key,
        redeemed_at_ms=int(row.redeemed_at_ms),
        redeemed_by=row.redeemed_by,
        used_seq=int(row.used_seq),
    )


class CouponsRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def existing(self, codes: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(codes), 500):
            part = list(codes[start : start + 500])
            rows = self._conn.execute(sa.select(coupons.c.code).where(coupons.c.code.in_(part)))
            found.update(row.code for row in rows)
        return found

    def add_many(self, issued: Sequence[Coupon]) -> None:
        self._conn.execute(
            coupons.insert(),
            [
                {
                    "code": c.code, "promo_id": c.promo_id, "campaign": c.campaign,
                    "valid_until_ms": c.valid_until_ms, "issued_at_ms": c.issued_at_ms,
                    "issued_by": c.issued_by, **_FREE, "used_seq": 0,
                }
                for c in issued
            ],
        )  # fmt: skip

    def get(self, code: str, for_update: bool = False) -> Coupon | None:
        query = sa.select(coupons).where(coupons.c.code == code)
        if for_update and self._conn.dialect.name == "postgresql":
            query = query.with_for_update()
        row = self._conn.execute(query).first()
        return None if row is None else _coupon(row)

    def list(self, promo_id: str, state: str, limit: int) -> list[Coupon]:
        query = sa.select(coupons).order_by(coupons.c.issued_at_ms, coupons.c.code).limit(limit)
        if promo_id:
            query = query.where(coupons.c.promo_id == promo_id)
        if state == ISSUED:
            query = query.where(coupons.c.redeemed_store == "")
        elif state == REDEEMED:
            query = query.where(coupons.c.redeemed_store != "", coupons.c.used_seq == 0)
        elif state == USED:
            query = query.where(coupons.c.used_seq != 0)
        return [_coupon(row) for row in self._conn.execute(query)]

    def redeem(self, code: str, store_code: str, key: str, at_ms: int, by: str) -> bool:
        """Take a free coupon for the store's key; False when it is not free (any more)."""
        result = self._conn.execute(
            coupons.update()
            .where(coupons.c.code == code, coupons.c.redeemed_store == "")
            .values(redeemed_store=store_code, redeemed_key=key, redeemed_at_ms=at_ms,
                    redeemed_by=by)
        )  # fmt: skip
        return result.rowcount == 1

    def release(self, code: str, store_code: str, key: str) -> bool:
        """Free a coupon the store's key holds and no applied sale uses."""
        result = self._conn.execute(
            coupons.update()
            .where(
                coupons.c.code == code, coupons.c.redeemed_store == store_code,
                coupons.c.redeemed_key == key, coupons.c.used_seq == 0,
            )
            .values(**_FREE)
        )  # fmt: skip
        return result.rowcount == 1

    def use(self, code: str, store_code: str, key: str, seq: int) -> bool:
        """Mark the coupon used by the store's sale at journal entry `seq` (its batch's
        transaction); False when the store's key does not hold it."""
        result = self._conn.execute(
            coupons.update()
            .where(
                coupons.c.code == code, coupons.c.redeemed_store == store_code,
                coupons.c.redeemed_key == key, coupons.c.used_seq.in_((0, seq)),
            )
            .values(used_seq=seq)
        )  # fmt: skip
        return result.rowcount == 1
