"""The sales roll-up's SQL: written with the movements, read by the accuracy report.

apply_batch adds each batch's sales at cost by day and hour (domain/sales_rollup.py's
SalesTally) in its own transaction, one upsert per batch that adds to the hours already
there. The report adds the rows up by store and period in SQL, splitting each UTC day
where the shops' day turns (split_hour): two GROUP BYs over a row a store and day instead
of one over every sale line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa

from headoffice.domain.accuracy import WEEK, check_bucket
from headoffice.domain.sales_rollup import DAY_MS, HOUR_MS, HOURS, SALE_REASONS, split_hour
from headoffice.store.rollup_upsert import add_sums
from headoffice.store.sales_rollup_table import HOUR_COLUMNS, sales_day_rollup
from headoffice.store.tables import movements

_THURSDAY_TO_MONDAY = 3  # as accuracy_repo: 1970-01-01 was a Thursday


class SalesRollupRepository:
    """The sales_day_rollup rows of the unit of work's connection."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def add(self, store_code: str, days: Sequence[tuple[int, Sequence[int]]]) -> None:
        """Add each day's hourly sales at cost to the store's rows (new days: new rows)."""
        if not days:
            return
        store = {"store_code": store_code}
        rows = [((day,), hours) for day, hours in days]
        add_sums(self._conn, sales_day_rollup, store, ("day",), HOUR_COLUMNS, rows)

    def sales_by_period(
        self,
        store_codes: Iterable[str] | None,
        since_ms: int,
        bucket: str,
        utc_offset_minutes: int,
    ) -> list[tuple[str, int, int]] | None:
        """(store, time key, sales at cost) since `since_ms`, keys as accuracy_repo's
        _time_key (days, or Monday weeks, since 1970 in the shops' time); None when the rows
        cannot answer exactly: an offset that is not whole hours, or a start inside an hour."""
        check_bucket(bucket)
        split = split_hour(utc_offset_minutes)
        if split is None or since_ms % HOUR_MS:
            return None
        cut, before, after = split
        since_hour = since_ms // HOUR_MS
        since_day, first_hour = divmod(since_hour, HOURS)
        t = sales_day_rollup.c
        where = [t.day >= since_day]
        if store_codes is not None:
            where.append(t.store_code.in_(sorted(store_codes)))

        def hour(h: int) -> Any:
            column = t[HOUR_COLUMNS[h]]
            # The first day counts from the report's first hour on.
            return sa.case((t.day > since_day, column), else_=0) if h < first_hour else column

        found: list[tuple[str, int, int]] = []
        for hours, shift in ((range(cut), before), (range(cut, HOURS), after)):
            if not hours:
                continue
            day = t.day + shift if shift else t.day
            key = ((day + _THURSDAY_TO_MONDAY) // 7 if bucket == WEEK else day).label("k")
            total = hour(hours[0])
            for h in hours[1:]:
                total = total + hour(h)
            value = sa.cast(sa.func.sum(total), sa.BigInteger)  # int8, not numeric, on PG
            query = sa.select(t.store_code, key, value).where(*where).group_by(t.store_code, key)
            found.extend((s, int(k), int(v)) for s, k, v in self._conn.execute(query))
        return found

    def rebuild(self) -> None:
        """Every row again from the movements (what migration 0018 does once; tests and the
        benchmark's seeding, which writes movements without applying them, call it)."""
        self._conn.execute(sa.delete(sales_day_rollup))
        m = movements.c
        hour = m.occurred_at_ms // HOUR_MS % HOURS
        value = -m.qty_base * m.unit_cost_minor
        day = (m.occurred_at_ms // DAY_MS).label("day")
        query = (
            sa.select(
                m.store_code,
                day,
                *(sa.func.sum(sa.case((hour == h, value), else_=0)) for h in range(HOURS)),
            )
            .where(m.reason.in_(SALE_REASONS))
            .group_by(m.store_code, day)
        )
        self._conn.execute(
            sales_day_rollup.insert().from_select(["store_code", "day", *HOUR_COLUMNS], query)
        )
