"""Replenishment settings set by hand (min/max, costs, supply terms) and the run documents."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields

import sqlalchemy as sa

from headoffice.domain.replenishment import MinMax
from headoffice.domain.replenishment_plan import SupplyTerms
from headoffice.domain.replenishment_runs import Run, RunLine
from headoffice.store.replenish_tables import (
    replenish_costs,
    replenish_lines,
    replenish_min_max,
    replenish_runs,
    replenish_supply,
)

_LINE_FIELDS = tuple(f.name for f in fields(RunLine))
_RUN_FIELDS = tuple(
    f.name for f in fields(Run) if f.name not in ("lines", "line_count", "lines_value_minor")
)
INSERT_CHUNK = 5_000


class ReplenishRepository:
    """Min/max, transfer costs, supply terms and runs on the unit of work's connection."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    # -- min/max ----------------------------------------------------------------------

    def set_min_max(self, rows: list[MinMax], now_ms: int, by: str) -> None:
        """Insert or replace each store and SKU's min/max."""
        if not rows:
            return
        keys = [(r.store_code, r.sku) for r in rows]
        self._delete_min_max(keys)
        self._conn.execute(
            replenish_min_max.insert(),
            [
                {"store_code": r.store_code, "sku": r.sku, "min_qty_base": r.min_qty_base,
                 "max_qty_base": r.max_qty_base, "updated_at_ms": now_ms, "updated_by": by}
                for r in rows
            ],
        )  # fmt: skip

    def _delete_min_max(self, keys: list[tuple[str, str]]) -> int:
        t = replenish_min_max
        deleted = 0
        for store_code, sku in keys:
            result = self._conn.execute(
                t.delete().where(t.c.store_code == store_code, t.c.sku == sku)
            )
            deleted += result.rowcount or 0
        return deleted

    def clear_min_max(self, store_code: str, sku: str) -> bool:
        return self._delete_min_max([(store_code, sku)]) > 0

    def min_max_rows(self, store_code: str = "", sku: str = "") -> list[MinMax]:
        t = replenish_min_max
        query = sa.select(t.c.store_code, t.c.sku, t.c.min_qty_base, t.c.max_qty_base)
        if store_code:
            query = query.where(t.c.store_code == store_code)
        if sku:
            query = query.where(t.c.sku == sku)
        rows = self._conn.execute(query.order_by(t.c.store_code, t.c.sku))
        return [MinMax(*row) for row in rows]

    # -- store-to-store costs -------------------------------------------------------------

    def set_cost(
        self, from_store: str, to_store: str, cost_minor: int, now_ms: int, by: str
    ) -> None:
        t = replenish_costs
        self._conn.execute(t.delete().where(t.c.from_store == from_store, t.c.to_store == to_store))
        self._conn.execute(
            t.insert().values(from_store=from_store, to_store=to_store, cost_minor=cost_minor,
                              updated_at_ms=now_ms, updated_by=by)
        )  # fmt: skip

    def costs(self) -> dict[tuple[str, str], int]:
        t = replenish_costs
        rows = self._conn.execute(sa.select(t.c.from_store, t.c.to_store, t.c.cost_minor))
        return {(a, b): int(cost) for a, b, cost in rows}

    # -- supply terms ----------------------------------------------------------------------

    def set_supply(self, terms: SupplyTerms, now_ms: int, by: str) -> None:
        t = replenish_supply
        self._conn.execute(t.delete().where(t.c.sku == terms.sku))
        self._conn.execute(
            t.insert().values(
                sku=terms.sku, supplier_code=terms.supplier_code, pack_qty_base=terms.pack_qty_base,
                min_order_qty_base=terms.min_order_qty_base, unit_cost_minor=terms.unit_cost_minor,
                updated_at_ms=now_ms, updated_by=by,
            )
        )  # fmt: skip

    def supply_terms(self) -> dict[str, SupplyTerms]:
        t = replenish_supply
        rows = self._conn.execute(
            sa.select(t.c.sku, t.c.supplier_code, t.c.pack_qty_base, t.c.min_order_qty_base,
                      t.c.unit_cost_minor).order_by(t.c.sku)
        )  # fmt: skip
        return {row[0]: SupplyTerms(*row) for row in rows}

    # -- runs --------------------------------------------------------------------------------

    def insert_run(self, run: Run) -> int:
        values = {name: getattr(run, name) for name in _RUN_FIELDS if name != "run_no"}
        key = self._conn.execute(replenish_runs.insert().values(**values)).inserted_primary_key
        assert key is not None
        run_no = int(key[0])
        self.insert_lines(run_no, run.lines)
        return run_no

    def insert_lines(self, run_no: int, lines: Sequence[RunLine]) -> None:
        """Add lines to a run (a run's lines arrive in chunks as they are planned)."""
        self.insert_line_rows(run_no, [tuple(getattr(ln, n) for n in _LINE_FIELDS) for ln in lines])

    def insert_line_rows(self, run_no: int, rows: Sequence[tuple[object, ...]]) -> None:
        """insert_lines with each line as a tuple of RunLine's fields in order
        (replenishment_runs.line_row): by COPY on PostgreSQL, in the unit of work's
        transaction, so a run of 2 M lines is not 2 M bound inserts."""
        if not rows:
            return
        driver = self._conn.connection.driver_connection
        if self._conn.dialect.name == "postgresql" and driver is not None:
            columns = ", ".join(("run_no", *_LINE_FIELDS))
            with (
                driver.cursor() as cursor,
                cursor.copy(  # type: ignore[attr-defined]
                    f"COPY replenish_lines ({columns}) FROM STDIN"
                ) as copy,
            ):
                for row in rows:
                    copy.write_row((run_no, *row))
            return
        for start in range(0, len(rows), INSERT_CHUNK):
            self._conn.execute(
                replenish_lines.insert(),
                [{"run_no": run_no, **dict(zip(_LINE_FIELDS, row, strict=True))}
                 for row in rows[start : start + INSERT_CHUNK]],
            )  # fmt: skip

    def get_run(
        self, run_no: int, lock: bool = False, after_line: int = 0, limit: int | None = None
    ) -> Run | None:
        """The run with its lines numbered after `after_line` (at most `limit`: a page)."""
        query = sa.select(replenish_runs).where(replenish_runs.c.run_no == run_no)
        if lock:
            query = query.with_for_update()
        row = self._conn.execute(query).one_or_none()
        if row is None:
            return None
        t = replenish_lines
        page = (
            sa.select(*(t.c[name] for name in _LINE_FIELDS))
            .where(t.c.run_no == run_no, t.c.line_no > after_line)
            .order_by(t.c.line_no)
        )
        lines = self._conn.execute(page if limit is None else page.limit(limit))
        head = {name: row._mapping[name] for name in _RUN_FIELDS}
        return Run(**head, lines=tuple(RunLine(*line) for line in lines))

    def run_totals(self, run_no: int) -> tuple[int, int]:
        """A run's line count and proposed value (qty x unit cost), all its lines."""
        t = replenish_lines
        count, value = self._conn.execute(
            sa.select(
                sa.func.count(),
                sa.func.coalesce(sa.func.sum(t.c.qty_base * t.c.unit_cost_minor), 0),
            ).where(t.c.run_no == run_no)
        ).one()
        return int(count), int(value)

    def list_runs(self, limit: int = 50) -> list[tuple[Run, int, int]]:
        """The newest runs first, each with its line count and proposed value."""
        t = replenish_lines
        sums = (
            sa.select(
                t.c.run_no,
                sa.func.count().label("line_count"),
                sa.func.coalesce(sa.func.sum(t.c.qty_base * t.c.unit_cost_minor), 0).label("value"),
            )
            .group_by(t.c.run_no)
            .subquery()
        )
        rows = self._conn.execute(
            sa.select(replenish_runs, sums.c.line_count, sums.c.value)
            .select_from(replenish_runs.outerjoin(sums, sums.c.run_no == replenish_runs.c.run_no))
            .order_by(replenish_runs.c.run_no.desc())
            .limit(limit)
        )
        return [
            (Run(**{name: row._mapping[name] for name in _RUN_FIELDS}),
             int(row.line_count or 0), int(row.value or 0))
            for row in rows
        ]  # fmt: skip

    def save_approval(self, run: Run) -> None:
        """Write an approved run's state and each line's state and document."""
        r = replenish_runs
        self._conn.execute(
            r.update()
            .where(r.c.run_no == run.run_no)
            .values(state=run.state, approved_at_ms=run.approved_at_ms, approved_by=run.approved_by)
        )
        t = replenish_lines
        for line in run.lines:
            self._conn.execute(
                t.update()
                .where(t.c.run_no == run.run_no, t.c.line_no == line.line_no)
                .values(state=line.state, document_id=line.document_id)
            )
