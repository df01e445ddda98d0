"""The reports' SQL: the sales roll-ups written with the movements, and what they read.

apply_batch adds each batch's sales (domain/sales_tally.py) with one upsert per
table that adds to the rows already there. The reports add the rows up in SQL by
the dimension asked for: store, day, hour and cashier from sales_hourly (hours are
exact in any whole-hour time zone), category and SKU from sales_sku_daily (the shops'
days, at the offset report_rollup_settings records), or for the whole chain from sales_sku_chain_daily, its sum over each group of
stores (the same figures from a few rows a SKU-day). Stock figures read stock_levels;
shrink reads count_results and write_offs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa

from headoffice.domain.purchasing import parse_po_id
from headoffice.domain.report_period import Period
from headoffice.domain.sales_reports import SalesFigures
from headoffice.domain.sales_tally import HourSums, SkuSums, chain_shard
from headoffice.domain.stock_reports import Lot, StockRow
from headoffice.domain.supplier_reports import Receipt, SentOrder
from headoffice.store import replenish_demand_keep as demand_keep
from headoffice.store.count_tables import count_results
from headoffice.store.document_tables import purchase_order_lines, purchase_orders, write_offs
from headoffice.store.rollup_upsert import SumPart, add_sums_together
from headoffice.store.sales_rollup_table import HOUR_COLUMNS, sales_day_rollup
from headoffice.store.sales_tables import (
    HOUR_SUMS,
    SKU_SUMS,
    po_receipts,
    report_rollup_settings,
    sales_hourly,
    sales_sku_chain_daily,
    sales_sku_daily,
    stock_lots,
)
from headoffice.store.tables import audit_log, products, stock_levels

HOURS_A_DAY = 24
BY_HOURLY = ("store", "day", "hour", "cashier")
BY_DAILY = ("category", "sku")


# Read by every batch apply_batch applies: built once.
_SKU_DAY_OFFSET = sa.select(report_rollup_settings.c.sku_day_offset_minutes).where(
    report_rollup_settings.c.id == 1
)


def _big(expr: Any) -> Any:
    return sa.cast(sa.func.coalesce(sa.func.sum(expr), 0), sa.BigInteger)


class SalesReportRepository:
    """The sales roll-ups of the unit of work's connection. `chain` False: add() leaves the
    chain roll-up alone (migration 0024's rebuild runs before that table exists)."""

    def __init__(self, conn: sa.Connection, chain: bool = True) -> None:
        self._conn = conn
        self._chain = chain

    # -- written by apply_batch ---------------------------------------------------------
    def add(
        self,
        store_code: str,
        by_sku: SkuSums,
        by_hour: HourSums,
        by_day: Sequence[tuple[int, Sequence[int]]] = (),
    ) -> None:
        """Add a batch's sales to the store's rows (new days and hours: new rows), and its
        sales at cost by UTC day and hour to sales_day_rollup (store/sales_rollup.py's).

        One upsert a table, rows in key order (store/rollup_upsert.py), all sent as one
        statement on PostgreSQL: one round trip for the batch's roll-ups, not four."""
        store = {"store_code": store_code}
        day_keys = ("day", "sku")
        rows = sorted(by_sku.items())
        if self._chain and by_sku:  # a late day's sales: replenishment's sums recomputed
            demand_keep.mark_late_sales(self._conn, store_code, by_sku.keys())
        parts: list[SumPart] = [(sales_sku_daily, store, day_keys, SKU_SUMS, rows)]
        if self._chain:  # the same sums on the store's group's rows, in (day, sku) order
            shard = {"shard": chain_shard(store_code)}
            parts.append((sales_sku_chain_daily, shard, day_keys, SKU_SUMS, rows))
        hour_keys = ("hour", "cashier", "shift_id")
        parts.append((sales_hourly, store, hour_keys, HOUR_SUMS, sorted(by_hour.items())))
        days = [((day,), hours) for day, hours in by_day]
        parts.append((sales_day_rollup, store, ("day",), HOUR_COLUMNS, days))
        add_sums_together(self._conn, parts)

    def sku_day_offset(self) -> int:
        """The shops' offset from UTC (minutes) the SKU rows' days are counted in."""
        return int(self._conn.execute(_SKU_DAY_OFFSET).scalar() or 0)

    def set_sku_day_offset(self, minutes: int) -> None:
        """Count the SKU rows' days at this offset from now on (the caller empties or
        rebuilds them in the same transaction, or they are empty)."""
        t = report_rollup_settings
        if not self._conn.execute(
            t.update().where(t.c.id == 1), {"sku_day_offset_minutes": minutes}
        ).rowcount:
            self._conn.execute(t.insert(), {"id": 1, "sku_day_offset_minutes": minutes})

    def has_sku_rows(self) -> bool:
        """Whether any sale has been added up by SKU yet."""
        return self._conn.execute(sa.select(sales_sku_daily.c.day).limit(1)).first() is not None

    # -- read by the reports ------------------------------------------------------------
    def sales_by(
        self, by: str, store_codes: Iterable[str] | None, period: Period
    ) -> list[SalesFigures]:
        """The period's sales added up by store, day, hour, cashier, category or SKU."""
        if by in BY_HOURLY:
            return self._hourly_by(by, store_codes, period)
        return self._daily_by(by, store_codes, period)

    def _hourly_by(
        self, by: str, store_codes: Iterable[str] | None, period: Period
    ) -> list[SalesFigures]:
        t = sales_hourly.c
        offset_h = period.utc_offset_minutes // 60  # whole hours (docs/reports.md)
        local_hour = t.hour + offset_h
        key: Any = {
            "store": t.store_code,
            "day": local_hour // HOURS_A_DAY,
            "hour": local_hour % HOURS_A_DAY,
            "cashier": t.cashier,
        }[by]
        first = period.first_day * HOURS_A_DAY - offset_h
        end = period.end_day * HOURS_A_DAY - offset_h
        query = sa.select(
            key.label("k"),
            _big(t.qty_base),
            _big(t.amount_minor),
            _big(t.cost_minor),
            _big(t.sales_count - t.returns_count),
        ).where(t.hour >= first, t.hour < end)
        if store_codes is not None:
            query = query.where(t.store_code.in_(sorted(store_codes)))
        if by == "cashier":
            query = query.add_columns(t.store_code).group_by(t.store_code, key)
        else:
            query = query.group_by(key)
        out = []
        row: Any
        for row in self._conn.execute(query):
            k, qty, amount, cost, count = row[:5]
            key = f"{row[5]}/{k}" if by == "cashier" else str(k)
            out.append(SalesFigures(key, int(qty), int(amount), int(cost), int(count)))
        return out

    def _daily_by(
        self, by: str, store_codes: Iterable[str] | None, period: Period
    ) -> list[SalesFigures]:
        # The whole chain: the groups' rows; some stores: theirs (the same sums, more rows).
        table = sales_sku_chain_daily if store_codes is None else sales_sku_daily
        return self.daily_by_from(table, by, store_codes, period)

    def daily_by_from(
        self, table: sa.Table, by: str, store_codes: Iterable[str] | None, period: Period
    ) -> list[SalesFigures]:
        """By category or SKU from `table`: sales_sku_daily (any stores) or
        sales_sku_chain_daily (store_codes None only: it has no stores)."""
        t = table.c
        query: Any
        if by == "sku":
            key: Any = t.sku
            source: Any = table
        else:
            key = sa.func.coalesce(products.c.category, "")
            source = table.outerjoin(products, products.c.sku == t.sku)
        query = (
            sa.select(key.label("k"), _big(t.qty_base), _big(t.amount_minor),
                      _big(t.cost_minor), _big(t.lines))
            .select_from(source)
            .where(t.day >= period.first_day, t.day < period.end_day)
            .group_by(key)
        )  # fmt: skip
        if store_codes is not None:
            query = query.where(t.store_code.in_(sorted(store_codes)))
        return [
            SalesFigures(str(k), int(q), int(a), int(c), int(n))
            for k, q, a, c, n in self._conn.execute(query)
        ]

    def revenue_by_day(
        self, store_codes: Iterable[str] | None, first_day: int, end_day: int, offset_min: int
    ) -> dict[int, int]:
        """Revenue per shops' day over [first_day, end_day), for the trends."""
        rows = self._hourly_by("day", store_codes, Period(first_day, end_day, offset_min))
        return {int(r.key): r.amount_minor for r in rows}

    def stock_rows(
        self, store_codes: Iterable[str] | None, first_day: int, end_day: int
    ) -> list[StockRow]:
        """Each store's SKUs in stock with what they sold over [first_day, end_day) and the
        last day they sold before end_day."""
        s = sales_sku_daily.c
        sold = (
            sa.select(
                s.store_code,
                s.sku,
                _big(sa.case((s.day >= first_day, s.qty_base), else_=0)).label("sold"),
                sa.func.max(sa.case((s.qty_base > 0, s.day), else_=None)).label("last_day"),
            )
            .where(s.day < end_day)
            .group_by(s.store_code, s.sku)
        )
        if store_codes is not None:
            sold = sold.where(s.store_code.in_(sorted(store_codes)))
        sold_q = sold.subquery()
        lv = stock_levels.c
        query = (
            sa.select(lv.store_code, lv.sku, lv.qty_base, lv.avg_cost_minor,
                      sold_q.c.sold, sold_q.c.last_day)
            .select_from(stock_levels.outerjoin(
                sold_q, sa.and_(sold_q.c.store_code == lv.store_code, sold_q.c.sku == lv.sku)
            ))
            .where(lv.qty_base > 0)
            .order_by(lv.store_code, lv.sku)
        )  # fmt: skip
        if store_codes is not None:
            query = query.where(lv.store_code.in_(sorted(store_codes)))
        return [
            StockRow(store, sku, int(qty), int(cost), int(sold or 0),
                     None if last is None else int(last))
            for store, sku, qty, cost, sold, last in self._conn.execute(query)
        ]  # fmt: skip

    def stock_values(self, store_codes: Iterable[str] | None) -> dict[str, int]:
        """Each store's stock on hand at moving-average cost (negative levels count 0)."""
        lv = stock_levels.c
        query = (
            sa.select(lv.store_code, _big(lv.qty_base * lv.avg_cost_minor))
            .where(lv.qty_base > 0)
            .group_by(lv.store_code)
        )
        if store_codes is not None:
            query = query.where(lv.store_code.in_(sorted(store_codes)))
        return {code: int(v) for code, v in self._conn.execute(query)}

    def shrink_by_store(
        self, store_codes: Iterable[str] | None, since_ms: int, until_ms: int
    ) -> dict[str, tuple[int, int, int]]:
        """Per store over [since_ms, until_ms): the counts' losses and gains (posted results,
        signed) and the value written off (done write-offs, positive)."""
        c = count_results.c
        counts = (
            sa.select(
                c.store_code,
                _big(sa.case((c.value_minor < 0, c.value_minor), else_=0)),
                _big(sa.case((c.value_minor > 0, c.value_minor), else_=0)),
            )
            .where(c.posted_at_ms >= since_ms, c.posted_at_ms < until_ms)
            .group_by(c.store_code)
        )
        w = write_offs.c
        written = (
            sa.select(w.store_code, _big(w.value_minor))
            .where(w.state == "done", w.done_at_ms >= since_ms, w.done_at_ms < until_ms)
            .group_by(w.store_code)
        )
        if store_codes is not None:
            codes = sorted(store_codes)
            counts = counts.where(c.store_code.in_(codes))
            written = written.where(w.store_code.in_(codes))
        out: dict[str, tuple[int, int, int]] = {}
        for code, loss, gain in self._conn.execute(counts):
            out[code] = (int(loss), int(gain), 0)
        for code, value in self._conn.execute(written):
            loss, gain, _w = out.get(code, (0, 0, 0))
            out[code] = (loss, gain, int(value))
        return out

    # -- lots with a best-before day ---------------------------------------------------
    def add_lots(self, store_code: str, seq: int, lots: list[tuple[int, str, int, int]]) -> None:
        """A delivery's lots: (line number, sku, qty, expiry day) each."""
        self._conn.execute(
            stock_lots.insert(),
            [
                {"store_code": store_code, "seq": seq, "line_no": n, "sku": sku,
                 "qty_base": qty, "expiry_day": day}
                for n, sku, qty, day in lots
            ],
        )  # fmt: skip

    def lots_and_stock(
        self, store_codes: Iterable[str] | None, last_expiry_day: int
    ) -> tuple[list[Lot], dict[tuple[str, str], tuple[int, int]]]:
        """The lots of every (store, SKU) with a lot expiring by `last_expiry_day`, and those
        SKUs' stock on hand and average cost."""
        t = stock_lots.c
        due = sa.select(t.store_code, t.sku).where(t.expiry_day <= last_expiry_day).distinct()
        if store_codes is not None:
            due = due.where(t.store_code.in_(sorted(store_codes)))
        due_q = due.subquery()
        query = sa.select(t.store_code, t.seq, t.sku, t.qty_base, t.expiry_day).join(
            due_q, sa.and_(due_q.c.store_code == t.store_code, due_q.c.sku == t.sku)
        )
        lots = [Lot(s, int(q), k, int(n), int(d)) for s, q, k, n, d in self._conn.execute(query)]
        lv = stock_levels.c
        stock_query = sa.select(lv.store_code, lv.sku, lv.qty_base, lv.avg_cost_minor).join(
            due_q, sa.and_(due_q.c.store_code == lv.store_code, due_q.c.sku == lv.sku)
        )
        stock = {(s, k): (int(q), int(c)) for s, k, q, c in self._conn.execute(stock_query)}
        return lots, stock

    # -- deliveries against purchase orders (the supplier report) ------------------------
    def add_po_receipt(
        self, store_code: str, seq: int, po_no: int, at_ms: int,
        lines: list[tuple[int, str, int, int]],
    ) -> None:  # fmt: skip
        """A delivery against order `po_no`: (line number, sku, qty, unit cost) each."""
        self._conn.execute(
            po_receipts.insert(),
            [
                {"store_code": store_code, "seq": seq, "line_no": n, "po_no": po_no, "sku": sku,
                 "qty_base": qty, "unit_cost_minor": cost, "occurred_at_ms": at_ms}
                for n, sku, qty, cost in lines
            ],
        )  # fmt: skip

    def supplier_facts(
        self, store_codes: Iterable[str] | None, since_ms: int, until_ms: int
    ) -> tuple[list[SentOrder], list[Receipt]]:
        """The orders sent over [since_ms, until_ms) (when: the audit log's po.send) with their
        ordered lines, and every delivery against them."""
        a = audit_log.c
        sent: dict[int, int] = {}
        query = sa.select(a.entity_id, a.occurred_at_ms).where(
            a.action == "po.send",
            a.occurred_at_ms >= since_ms,
            a.occurred_at_ms < until_ms,
        )
        for entity_id, at in self._conn.execute(query):
            try:
                sent.setdefault(parse_po_id(entity_id), int(at))
            except ValueError:
                continue
        if not sent:
            return [], []
        po, pl = purchase_orders.c, purchase_order_lines.c
        q = (
            sa.select(po.po_no, po.supplier_code, pl.sku, pl.ordered_qty_base)
            .join(purchase_order_lines, pl.po_no == po.po_no)
            .where(po.po_no.in_(sorted(sent)))
        )
        if store_codes is not None:
            q = q.where(po.store_code.in_(sorted(store_codes)))
        lines: dict[int, tuple[str, dict[str, int]]] = {}
        for po_no, supplier, sku, qty in self._conn.execute(q):
            entry = lines.setdefault(int(po_no), (supplier, {}))
            entry[1][sku] = entry[1].get(sku, 0) + int(qty)
        orders = [
            SentOrder(n, sup, sent[n], ordered) for n, (sup, ordered) in sorted(lines.items())
        ]
        r = po_receipts.c
        rq = sa.select(r.po_no, r.occurred_at_ms, r.sku, r.qty_base, r.unit_cost_minor).where(
            r.po_no.in_(sorted(lines))
        )
        receipts = [
            Receipt(int(n), int(at), sku, int(q), int(c))
            for n, at, sku, q, c in self._conn.execute(rq)
        ] if lines else []  # fmt: skip
        return orders, receipts
