"""What the accuracy report asks the database: posted count results and sales, added up.

Every figure of the report is a count or a sum (headoffice/domain/accuracy_sums.py),
so the database adds them up by store, time key and ABC class, and ranks the top
losses, instead of handing 2.6 million rows to Python (1,000 stores x 52 weekly
counts x 50 SKUs). The time key is integer arithmetic both PostgreSQL and SQLite
do the same way: the shops' local day since 1970-01-01, or for weeks the Monday
week since then (1970-01-01 was a Thursday: day + 3 makes Monday a multiple of 7);
Python names each key's period (accuracy.period_of), months from days.

Sales are the stores' sale and return movements valued at their unit cost (head
office keeps no selling prices in its tables: they are inside the journal's
payloads), so shrink as a share of sales is shrink over the cost of goods sold.
Indexes: 0017_count_accuracy_indexes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from headoffice.domain.accuracy import CHAIN, WEEK, Loss, check_bucket, period_of
from headoffice.domain.accuracy_sums import Cell, Sums
from headoffice.store.count_tables import count_results
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

    def _where(self, store_codes: Iterable[str] | None, since_ms: int) -> list[Any]:
        c = count_results.c
        found = [c.posted_at_ms >= since_ms]
        if store_codes is not None:
            found.append(c.store_code.in_(sorted(store_codes)))
        return found

    def count_sums(
        self,
        store_codes: Iterable[str] | None,
        since_ms: int,
        bucket: str,
        utc_offset_minutes: int = 0,
        top_n: int = 10,
    ) -> Sums:
        """Posted results since `since_ms` (every store: None) added up by store, period and
        ABC class, and the top `top_n` losses by SKU and category of the chain and each store."""
        check_bucket(bucket)
        codes = None if store_codes is None else sorted(store_codes)
        c = count_results.c
        where = self._where(codes, since_ms)
        key = _time_key(c.posted_at_ms, bucket, utc_offset_minutes).label("k")
        zero = sa.literal(0, sa.BigInteger)
        loss = sa.func.sum(sa.case((c.value_minor < 0, c.value_minor), else_=zero))
        gain = sa.func.sum(sa.case((c.value_minor > 0, c.value_minor), else_=zero))
        within = sa.func.sum(sa.case((c.within_tolerance, 1), else_=0))
        query = (
            sa.select(c.store_code, key, c.abc_class, sa.func.count(), within, loss, gain)
            .where(*where)
            .group_by(c.store_code, key, c.abc_class)
        )
        merged: dict[tuple[str, str, str], list[int]] = {}
        labels: dict[int, str] = {}
        for store, k, abc, n, w, lost, gained in self._conn.execute(query):
            label = labels.get(k)
            if label is None:
                label = labels[k] = period_label(int(k), bucket)
            cell = merged.setdefault((store, label, abc), [0, 0, 0, 0])
            cell[0] += int(n)
            cell[1] += int(w or 0)
            cell[2] += int(lost or 0)
            cell[3] += int(gained or 0)
        cells = tuple(
            Cell(store, label, abc, *values)
            for (store, label, abc), values in sorted(merged.items())
        )
        top_skus: dict[str, tuple[Loss, ...]] = {}
        top_categories: dict[str, tuple[Loss, ...]] = {}
        if top_n > 0:
            for column, tops in ((c.sku, top_skus), (c.category_code, top_categories)):
                tops.update(self._top_by_store(column, where, top_n))
                tops[CHAIN] = self._top_of_chain(column, where, top_n)
        return Sums(cells, top_skus, top_categories)

    def _top_of_chain(self, column: Any, where: list[Any], top_n: int) -> tuple[Loss, ...]:
        c = count_results.c
        loss = sa.func.sum(c.value_minor)
        query = (
            sa.select(column, loss, sa.func.count())
            .where(*where, c.value_minor < 0)
            .group_by(column)
            .order_by(loss, column)
            .limit(top_n)
        )
        return tuple(Loss(k, int(v), int(n)) for k, v, n in self._conn.execute(query))

    def _top_by_store(
        self, column: Any, where: list[Any], top_n: int
    ) -> dict[str, tuple[Loss, ...]]:
        c = count_results.c
        loss = sa.func.sum(c.value_minor)
        ranked = (
            sa.select(
                c.store_code.label("store"),
                column.label("key"),
                loss.label("loss"),
                sa.func.count().label("n"),
                sa.func.row_number()
                .over(partition_by=c.store_code, order_by=(loss, column))
                .label("rank"),
            )
            .where(*where, c.value_minor < 0)
            .group_by(c.store_code, column)
            .subquery()
        )
        query = (
            sa.select(ranked.c.store, ranked.c.key, ranked.c.loss, ranked.c.n)
            .where(ranked.c.rank <= top_n)
            .order_by(ranked.c.store, ranked.c.rank)
        )
        found: dict[str, list[Loss]] = {}
        for store, k, v, n in self._conn.execute(query):
            found.setdefault(store, []).append(Loss(k, int(v), int(n)))
        return {store: tuple(losses) for store, losses in found.items()}

    def sales_by_period(
        self,
        store_codes: Iterable[str] | None,
        since_ms: int,
        bucket: str,
        utc_offset_minutes: int = 0,
    ) -> dict[tuple[str, str], int]:
        """Each store's sales at cost (sale and return movements) per period since `since_ms`."""
        check_bucket(bucket)
        m = movements.c
        key = _time_key(m.occurred_at_ms, bucket, utc_offset_minutes).label("k")
        query = sa.select(m.store_code, key, sa.func.sum(-m.qty_base * m.unit_cost_minor)).where(
            m.reason.in_(_SALE_REASONS), m.occurred_at_ms >= since_ms
        )
        if store_codes is not None:
            query = query.where(m.store_code.in_(sorted(store_codes)))
        found: dict[tuple[str, str], int] = {}
        labels: dict[int, str] = {}
        for store, k, value in self._conn.execute(query.group_by(m.store_code, key)):
            label = labels.get(k)
            if label is None:
                label = labels[k] = period_label(int(k), bucket)
            found[(store, label)] = found.get((store, label), 0) + int(value or 0)
        return found
