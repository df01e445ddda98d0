"""The roll-ups' one-statement upsert (store/rollup_upsert.py) on SQLite and PostgreSQL: texts
that a PostgreSQL array literal must quote arrive as they are, a second batch adds to the rows
of the first and makes the rest (the four roll-ups written together, as apply_batch does: one
statement on PostgreSQL), and a text longer than its column is refused, not cut."""

from __future__ import annotations

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from headoffice.store.sales_rollup_table import HOUR_COLUMNS, sales_day_rollup
from headoffice.store.sales_tables import HOUR_SUMS, SKU_SUMS, sales_hourly, sales_sku_daily
from headoffice.store.unit_of_work import UnitOfWork

# Quotes, backslashes, commas, braces, spaces, NULL, empty, non-ASCII: each an array literal's
# special case.
TEXTS = ['a"b', "back\\slash", "com,ma", "{brace}", " pad ", "NULL", "", "收银员", '\\"']


def _rows(engine: Engine, table: sa.Table) -> dict[tuple, tuple]:
    keys = [c.name for c in table.primary_key.columns]
    with engine.connect() as conn:
        found = conn.execute(sa.select(table)).mappings().all()
    return {
        tuple(r[k] for k in keys): tuple(r[c.name] for c in table.c if c.name not in keys)
        for r in found
    }


def test_batches_add_to_the_rows_with_texts_as_they_are(engine: Engine) -> None:
    first_hours = {(500_000 + n, t, t[::-1]): [n, 1, -n, 3 * n, 0, 7] for n, t in enumerate(TEXTS)}
    first_skus = {(20_000, t): [n, 100 * n, 40 * n, 1] for n, t in enumerate(TEXTS)}
    with UnitOfWork(engine) as uow:
        uow.sales_report.add("S1", first_skus, first_hours)
        uow.sales_rollup.add("S1", [(20_000, list(range(24))), (20_001, [5] * 24)])
        uow.commit()
    # The second batch: the same keys again, a new key, and another store's row.
    again_skus = {(20_000, TEXTS[0]): [2, 3, 4, 5], (20_001, TEXTS[1]): [1, 1, 1, 1]}
    again_hours = {(500_000, TEXTS[0], TEXTS[0][::-1]): [1, 2, 3, 4, 5, 6]}
    with UnitOfWork(engine) as uow:
        # The four roll-ups at once, as apply_batch writes them (one statement on PostgreSQL).
        uow.sales_report.add(
            "S1", again_skus, again_hours, [(20_000, [1] * 24), (20_002, [-3] * 24)]
        )
        uow.sales_report.add("S2", again_skus, {})
        uow.commit()

    skus = {("S1", d, s): tuple(v) for (d, s), v in first_skus.items()}
    skus[("S1", 20_000, TEXTS[0])] = (2, 3, 4, 6)  # 0 + 2, 0 + 3, 0 + 4, 1 + 5
    skus[("S1", 20_001, TEXTS[1])] = (1, 1, 1, 1)
    skus[("S2", 20_000, TEXTS[0])] = (2, 3, 4, 5)
    skus[("S2", 20_001, TEXTS[1])] = (1, 1, 1, 1)
    assert _rows(engine, sales_sku_daily) == skus
    hours = {("S1", *k): tuple(v) for k, v in first_hours.items()}
    hours[("S1", 500_000, TEXTS[0], TEXTS[0][::-1])] = (1, 3, 3, 4, 5, 13)
    assert _rows(engine, sales_hourly) == hours
    assert _rows(engine, sales_day_rollup) == {
        ("S1", 20_000): tuple(h + 1 for h in range(24)),
        ("S1", 20_001): (5,) * 24,
        ("S1", 20_002): (-3,) * 24,
    }
    assert len(HOUR_COLUMNS) == 24 and len(SKU_SUMS) == 4 and len(HOUR_SUMS) == 6


def test_a_text_longer_than_its_column_is_refused_not_cut(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite does not hold text to a column's length")
    too_long = "x" * (sales_hourly.c.cashier.type.length + 1)
    with UnitOfWork(engine) as uow, pytest.raises(psycopg.errors.StringDataRightTruncation):
        uow.sales_report.add("S1", {}, {(1, too_long, ""): [1, 0, 1, 1, 0, 1]})
    # With the other roll-ups in the same statement: none of them is written either.
    with UnitOfWork(engine) as uow, pytest.raises(psycopg.errors.StringDataRightTruncation):
        uow.sales_report.add(
            "S1",
            {(1, "SKU1"): [1, 1, 1, 1]},
            {(1, too_long, ""): [1, 0, 1, 1, 0, 1]},
            [(1, [1] * 24)],
        )
        uow.commit()
    assert _rows(engine, sales_hourly) == {}
    assert _rows(engine, sales_sku_daily) == {} and _rows(engine, sales_day_rollup) == {}


def test_the_roll_ups_leave_room_for_updates_in_place(engine: Engine) -> None:
    """Migration 0033: PostgreSQL keeps 30 % of each roll-up page free (HOT updates of the
    rows every batch adds to); SQLite has no such setting and is left as it was."""
    tables = ("sales_day_rollup", "sales_sku_daily", "sales_sku_chain_daily", "sales_hourly")
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite pages have no fill factor")
    with engine.connect() as conn:
        options = dict(
            conn.exec_driver_sql(
                "SELECT relname, reloptions FROM pg_class WHERE relname = ANY(%s)", (list(tables),)
            ).fetchall()
        )
    assert options == {table: ["fillfactor=70"] for table in tables}
