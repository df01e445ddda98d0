"""Journal entries, movements and stock levels: the rows one applied batch writes.

Stock rows are locked here and only here, always in primary-key order
(store_code, sku), so two transactions touching the same levels never deadlock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from headoffice.domain.costing import StockPosition
from headoffice.store.tables import MOVEMENT_COLUMNS, journal_entries, movements, stock_levels

# Above this many movements, PostgreSQL gets them through COPY (one round trip,
# no per-row statement overhead); below it, one multi-row INSERT is as quick.
COPY_THRESHOLD = 200
# SQLite allows 32766 bound parameters per statement; 5 per level row.
UPSERT_CHUNK = 2000


def lock_levels(
    conn: sa.Connection, store_code: str, skus: Iterable[str]
) -> dict[str, StockPosition]:
    """Current levels of the given SKUs, locked FOR UPDATE in (store_code, sku) order."""
    wanted = sorted(set(skus))
    positions: dict[str, StockPosition] = {}
    for start in range(0, len(wanted), UPSERT_CHUNK):
        chunk = wanted[start : start + UPSERT_CHUNK]
        query = (
            sa.select(stock_levels.c.sku, stock_levels.c.qty_base, stock_levels.c.avg_cost_minor)
            .where(stock_levels.c.store_code == store_code, stock_levels.c.sku.in_(chunk))
            .order_by(stock_levels.c.store_code, stock_levels.c.sku)
            .with_for_update()
        )
        for sku, qty, avg in conn.execute(query):
            positions[sku] = StockPosition(int(qty), int(avg))
    return positions


def insert_journal_entries(conn: sa.Connection, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        conn.execute(journal_entries.insert(), list(rows))


def insert_movements(conn: sa.Connection, rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert movement rows (tuples in MOVEMENT_COLUMNS order) in as few round trips as possible."""
    if not rows:
        return
    if conn.dialect.name == "postgresql" and len(rows) >= COPY_THRESHOLD:
        raw = conn.connection.driver_connection
        columns = ", ".join(MOVEMENT_COLUMNS)
        with raw.cursor() as cursor, cursor.copy(f"COPY movements ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    conn.execute(
        movements.insert(), [dict(zip(MOVEMENT_COLUMNS, row, strict=True)) for row in rows]
    )


def upsert_levels(
    conn: sa.Connection, store_code: str, positions: dict[str, StockPosition], now_ms: int
) -> None:
    """Write the new levels in one INSERT .. ON CONFLICT DO UPDATE per chunk."""
    rows = [
        {
            "store_code": store_code,
            "sku": sku,
            "qty_base": pos.qty_base,
            "avg_cost_minor": pos.avg_cost_minor,
            "updated_at_ms": now_ms,
        }
        for sku, pos in sorted(positions.items())
    ]
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    for start in range(0, len(rows), UPSERT_CHUNK):
        statement = insert(stock_levels).values(rows[start : start + UPSERT_CHUNK])
        statement = statement.on_conflict_do_update(
            index_elements=[stock_levels.c.store_code, stock_levels.c.sku],
            set_={
                "qty_base": statement.excluded.qty_base,
                "avg_cost_minor": statement.excluded.avg_cost_minor,
                "updated_at_ms": statement.excluded.updated_at_ms,
            },
        )
        conn.execute(statement)


def levels(conn: sa.Connection, store_code: str) -> dict[str, int]:
    query = sa.select(stock_levels.c.sku, stock_levels.c.qty_base).where(
        stock_levels.c.store_code == store_code
    )
    return {sku: int(qty) for sku, qty in conn.execute(query)}


def movement_sums_after(conn: sa.Connection, store_code: str, seq: int) -> dict[str, int]:
    """Net quantity per SKU of the store's movements with a sequence above `seq`."""
    query = (
        sa.select(movements.c.sku, sa.func.sum(movements.c.qty_base))
        .where(movements.c.store_code == store_code, movements.c.seq > seq)
        .group_by(movements.c.sku)
    )
    return {sku: int(total) for sku, total in conn.execute(query)}


def movement_sums(conn: sa.Connection, store_code: str) -> dict[str, int]:
    return movement_sums_after(conn, store_code, 0)
