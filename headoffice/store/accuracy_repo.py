"""What the accuracy report asks the database: posted count results and sales, added up.

Every figure of the report is a count or a sum (headoffice/domain/accuracy_sums.py),
so the database adds them up by store, time key and ABC class, and ranks the top
losses, instead of handing 2.6 million rows to Python (1,000 stores x 52 weekly
counts x 50 SKUs). Accuracy and shrink come from count_result_sums (each posted
session's results added up per class when they were written), the top losses from
the losses in count_results. The time key is integer arithmetic both PostgreSQL and SQLite
do the same way: the shops' local day since 1970-01-01, or for weeks the Monday
week since then (1970-01-01 was a Thursday: day + 3 makes Monday a multiple of 7);
Python names each key's period (accuracy.period_of), months from days.

Sales are the stores' sale and return movements valued at their unit cost (head
office keeps no selling prices in its tables: they are inside the journal's
payloads), so shrink as a share of sales is shrink over the cost of goods sold. They
are read from the daily roll-up written with the movements (store/sales_rollup.py),
and from the movements themselves only when the roll-up cannot answer exactly (a time
zone that is not whole hours, a start inside an hour).
Indexes: 0017_count_accuracy_indexes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from common.domain.stocktake import CLASSES
from headoffice.domain.accuracy import WEEK, Loss, check_bucket, period_of
from headoffice.domain.accuracy_sums import Cell, Sums
from headoffice.store.count_tables import count_result_sums, count_results
from headoffice.store.sales_rollup import SalesRollupRepository
from headoffice.store.tables import movements

DAY_MS = 24 * 3600 * 1000
_SALE_REASONS = ("sale", "return")
_THURSDAY_TO_MONDAY = 3


def _time_key(ms: Any, bucket: str, utc_offset_minutes: int) -> Any:
    # `//` on integer columns is SQL's integer division in both databases; times are after
    # 1970 so it rounds down, as Python's does.
    day = (ms + utc_offset_minutes * 60_000) // DAY_MS
    return (day + _THURSDAY_TO_MONDAY) // 7 if bucket == WEEK else day


def period_label(key: int, bucket: str) -> str:
    """The period a time key (of _time_key) falls in."""
    day = key * 7 - _THURSDAY_TO_MONDAY if bucket == WEEK else key
    return period_of(day * DAY_MS, bucket)


class AccuracyRepository:
    """The report's sums, on the unit of work's connection."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def count_sums(
        self,
        store_codes: Iterable[str] | None,
        since_ms: int,
        bucket: str,
        utc_offset_minutes: int = 0,
        top_n: int = 10,
    ) -> Sums:
        """Posted results since `since_ms` (every store: None) added up by store, period and
        ABC class (from count_result_sums, each session's sums), and the `top_n` largest
        losses by SKU and by category over them all (from the losses in count_results)."""
        check_bucket(bucket)
        codes = None if store_codes is None else sorted(store_codes)
        s = count_result_sums.c
        key = _time_key(s.posted_at_ms, bucket, utc_offset_minutes).label("k")

        def total(value: Any) -> Any:
            return sa.cast(sa.func.sum(value), sa.BigInteger)  # int8, not numeric, on PostgreSQL

        per_class = [
            total(sa.case((s.abc_class == abc, column), else_=0))
            for abc in CLASSES
            for column in (s.counted, s.within)
        ]
        query = sa.select(
            s.store_code, key, *per_class, total(s.loss_minor), total(s.gain_minor)
        ).where(s.posted_at_ms >= since_ms)
        if codes is not None:
            query = query.where(s.store_code.in_(codes))
        merged: dict[tuple[str, str], list[int]] = {}
        labels: dict[int, str] = {}
        width = 2 * len(CLASSES) + 2
        for row in self._conn.execute(query.group_by(s.store_code, key)):
            k = row[1]
            label = labels.get(k)
            if label is None:
                label = labels[k] = period_label(int(k), bucket)
            found = merged.get((row[0], label))
            if found is None:
                merged[(row[0], label)] = list(row[2:])
            else:  # days of one month
                for n in range(width):
                    found[n] += row[2 + n]
        # Plain tuples as Cells (tuple.__new__: no Python call a row; 52,000 rows a chain).
        new = tuple.__new__
        cells = tuple(new(Cell, (store, label, tuple(v))) for (store, label), v in merged.items())
        c = count_results.c
        losses = [c.posted_at_ms >= since_ms, c.value_minor < 0]
        if codes is not None:
            losses.append(c.store_code.in_(codes))
        return Sums(
            cells,
            self._top(c.sku, losses, top_n) if top_n > 0 else (),
            self._top(c.category_code, losses, top_n) if top_n > 0 else (),
        )

    def _top(self, column: Any, where: list[Any], top_n: int) -> tuple[Loss, ...]:
        loss = sa.func.sum(count_results.c.value_minor)
        query = (
            sa.select(column, loss, sa.func.count())
            .where(*where)
            .group_by(column)
            .order_by(loss, column)
            .limit(top_n)
        )
        return tuple(Loss(k, int(v), int(n)) for k, v, n in self._conn.execute(query))

    def sales_by_period(
        self,
        store_codes: Iterable[str] | None,
        since_ms: int,
        bucket: str,
        utc_offset_minutes: int = 0,
    ) -> dict[tuple[str, str], int]:
        """Each store's sales at cost (sale and return movements) per period since `since_ms`."""
        check_bucket(bucket)
        rows = SalesRollupRepository(self._conn).sales_by_period(
            store_codes, since_ms, bucket, utc_offset_minutes
        )
        if rows is None:
            rows = self.sales_from_movements(store_codes, since_ms, bucket, utc_offset_minutes)
        found: dict[tuple[str, str], int] = {}
        labels: dict[int, str] = {}
        for store, k, value in rows:
            label = labels.get(k)
            if label is None:
                label = labels[k] = period_label(k, bucket)
            found[(store, label)] = found.get((store, label), 0) + value
        return found

    def sales_from_movements(
        self,
        store_codes: Iterable[str] | None,
        since_ms: int,
        bucket: str,
        utc_offset_minutes: int,
    ) -> list[tuple[str, int, int]]:
        """(store, time key, sales at cost) added up from the movements themselves: what the
        roll-up cannot answer, and what tests hold the roll-up to."""
        m = movements.c
        key = _time_key(m.occurred_at_ms, bucket, utc_offset_minutes).label("k")
        value = sa.cast(sa.func.sum(-m.qty_base * m.unit_cost_minor), sa.BigInteger)
        query = sa.select(m.store_code, key, value).where(
            m.reason.in_(_SALE_REASONS), m.occurred_at_ms >= since_ms
        )
        if store_codes is not None:
            query = query.where(m.store_code.in_(sorted(store_codes)))
        return [
            (store, int(k), int(value or 0))
            for store, k, value in self._conn.execute(query.group_by(m.store_code, key))
        ]
