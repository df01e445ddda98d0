"""The count tolerance each store was last sent (table count_tolerance_sent)."""

from __future__ import annotations

import sqlalchemy as sa

from common.domain import stocktake as st
from headoffice.store.count_tables import count_tolerance_sent as sent


class CountPolicyRepository:
    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def sent_tolerance(self, store_code: str, lock: bool = False) -> st.Tolerance | None:
        """What the store was last sent (None: never); `lock` holds its row."""
        query = sa.select(
            sent.c.a_bp, sent.c.b_bp, sent.c.c_bp, sent.c.value_minor,
            sent.c.second_approval_minor,
        ).where(sent.c.store_code == store_code)  # fmt: skip
        if lock:
            query = query.with_for_update()
        row = self._conn.execute(query).first()
        return None if row is None else st.Tolerance(*row)

    def set_sent_tolerance(self, store_code: str, tolerance: st.Tolerance) -> None:
        values = {
            "a_bp": tolerance.a_bp,
            "b_bp": tolerance.b_bp,
            "c_bp": tolerance.c_bp,
            "value_minor": tolerance.value_minor,
            "second_approval_minor": tolerance.second_approval_minor,
        }
        done = self._conn.execute(
            sent.update().where(sent.c.store_code == store_code).values(**values)
        )
        if done.rowcount == 0:
            self._conn.execute(sent.insert().values(store_code=store_code, **values))
