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
# SQLite allows 32766 bound parameters per statement: SKUs locked per SELECT.
LOCK_CHUNK = 2000


def lock_levels(
    conn: sa.Connection, store_code: str, skus: Iterable[str]
) -> dict[str, StockPosition]:
    """Current levels of the given SKUs, locked FOR UPDATE in (store_code, sku) order."""
    wanted = sorted(set(skus))
    positions: dict[str, StockPosition] = {}
    if conn.dialect.name == "postgresql":
        # One array parameter instead of thousands of bound values.
        with conn.connection.driver_connection.cursor() as cursor:
            cursor.execute(
                "SELECT sku, qty_base, avg_cost_minor FROM stock_levels"
                " WHERE store_code = %s AND sku = ANY(%s)"
                " ORDER BY store_code, sku FOR UPDATE",
                (store_code, wanted),
            )
            for sku, qty, avg in cursor:
                positions[sku] = StockPosition(int(qty), int(avg))
        return positions
    for start in range(0, len(wanted), LOCK_CHUNK):
        chunk = wanted[start : start + LOCK_CHUNK]
        query = (
            sa.select(stock_levels.c.sku, stock_levels.c.qty_base, stock_levels.c.avg_cost_minor)
            .where(stock_levels.c.store_code == store_code, stock_levels.c.sku.in_(chunk))
            .order_by(stock_levels.c.store_code, stock_levels.c.sku)
            .with_for_update()
        )
        for sku, qty, avg in conn.execute(query):
            positions[sku] = StockPosition(int(qty), int(avg))
    return positions


JOURNAL_COLUMNS = (
    "store_code",
    "seq",
    "document_type",
    "document_id",
    "occurred_at_ms",
    "received_at_ms",
    "payload",
)


def insert_journal_entries(conn: sa.Connection, rows: Sequence[dict[str, Any]]) -> None:
    if not rows:
        return
    if conn.dialect.name == "postgresql" and len(rows) >= COPY_THRESHOLD // 4:
        _copy(
            conn,
            "journal_entries",
            JOURNAL_COLUMNS,
            [tuple(r[c] for c in JOURNAL_COLUMNS) for r in rows],
        )
        return
    conn.execute(journal_entries.insert(), list(rows))


def _copy(
    conn: sa.Connection, table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]
) -> None:
    """COPY rows into a table inside the connection's open transaction (PostgreSQL)."""
    raw = conn.connection.driver_connection
    with (
        raw.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def insert_movements(conn: sa.Connection, rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert movement rows (tuples in MOVEMENT_COLUMNS order) in as few round trips as possible."""
    if not rows:
        return
    if conn.dialect.name == "postgresql" and len(rows) >= COPY_THRESHOLD:
        _copy(conn, "movements", MOVEMENT_COLUMNS, rows)
        return
    conn.execute(
        movements.insert(), [dict(zip(MOVEMENT_COLUMNS, row, strict=True)) for row in rows]
    )


def upsert_levels(
    conn: sa.Connection, store_code: str, positions: dict[str, StockPosition], now_ms: int
) -> None:
    """Write the new levels with one INSERT .. ON CONFLICT DO UPDATE statement.

    PostgreSQL gets all rows as three array parameters through unnest (one
    round trip); SQLite runs the single-row statement with many parameter
    sets, compiled once. A multi-row VALUES literal was recompiled for every
    batch size and cost more than the database work itself.
    """
    if not positions:
        return
    if conn.dialect.name == "postgresql":
        ordered = sorted(positions.items())
        with conn.connection.driver_connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO stock_levels (store_code, sku, qty_base, avg_cost_minor, updated_at_ms)"
                " SELECT %s, sku, qty, avg, %s"
                " FROM unnest(%s::varchar[], %s::bigint[], %s::bigint[]) AS t(sku, qty, avg)"
                " ON CONFLICT (store_code, sku) DO UPDATE SET qty_base = EXCLUDED.qty_base,"
                " avg_cost_minor = EXCLUDED.avg_cost_minor, updated_at_ms = EXCLUDED.updated_at_ms",
                (
                    store_code,
                    now_ms,
                    [sku for sku, _ in ordered],
                    [pos.qty_base for _, pos in ordered],
                    [pos.avg_cost_minor for _, pos in ordered],
                ),
            )
        return
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
    statement = insert(stock_levels)
    statement = statement.on_conflict_do_update(
        index_elements=[stock_levels.c.store_code, stock_levels.c.sku],
        set_={
            "qty_base": statement.excluded.qty_base,
            "avg_cost_minor": statement.excluded.avg_cost_minor,
            "updated_at_ms": statement.excluded.updated_at_ms,
        },
    )
    conn.execute(statement, rows)


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
