"""Adding a batch's sums to a roll-up table: one statement a table a batch.

apply_batch adds up each roll-up's rows in Python while its movements pass by
(domain/sales_rollup.py, domain/sales_tally.py) and adds them to the rows already
there. Sent as an executemany of dict rows, PostgreSQL ran one INSERT .. ON CONFLICT
a row: the 500 (day, SKU) rows of a benchmark batch cost 22-32 ms, more than the
movements' COPY (BENCHMARKS.md, "Head-office apply: the roll-ups' cost"). On
PostgreSQL the rows go instead as one array parameter a column through unnest, one
statement and one round trip a table (as levels_repo's levels), with the arrays as
text literals (pg_bulk) because psycopg adapts a list element by element. SQLite runs
the same upsert with many parameter sets, compiled once (no round trips to save).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from headoffice.store import pg_bulk

# (key values, sums): one row, its key columns and its sums in the caller's column order.
SumRow = tuple[Sequence[Any], Sequence[int]]
# One table's share of a batch: add_sums's arguments after the connection.
SumPart = tuple[sa.Table, Mapping[str, Any], Sequence[str], Sequence[str], Sequence[SumRow]]


def add_sums(
    conn: sa.Connection,
    table: sa.Table,
    fixed: Mapping[str, Any],
    keys: Sequence[str],
    sums: Sequence[str],
    rows: Sequence[SumRow],
) -> None:
    """Add each row's sums to `table`'s row with the same key (new keys: new rows).

    `fixed`: key columns with one value for every row (the store); `keys`: the other key
    columns, whose values each row carries; fixed and keys together are the table's
    primary key. Rows are sent in the order given: callers sort them by key, so two
    transactions adding to the same rows lock them in the same order.
    """
    if not rows:
        return
    names = (tuple(fixed), tuple(keys), tuple(sums))
    if conn.dialect.name != "postgresql":
        statement = _upsert(conn.dialect.name, table, *names)
        conn.execute(
            statement,
            [
                {**fixed, **dict(zip(keys, key, strict=True)), **dict(zip(sums, s, strict=True))}
                for key, s in rows
            ],
        )
        return
    with pg_bulk.driver(conn).cursor() as cursor:
        cursor.execute(
            _unnest_upsert(table, *names), (*fixed.values(), *_arrays(table, keys, sums, rows))
        )


def add_sums_together(conn: sa.Connection, parts: Sequence[SumPart]) -> None:
    """add_sums of each part (parts without rows skipped), in the order given; on PostgreSQL
    as one statement, every upsert but the last a data-modifying WITH query: one round trip
    and one statement for a batch's roll-ups. Each part must be a different table (one
    statement may not update a row twice)."""
    parts = [part for part in parts if part[4]]
    if len(parts) < 2 or conn.dialect.name != "postgresql":
        for part in parts:
            add_sums(conn, *part)
        return
    upserts: list[str] = []
    params: list[Any] = []
    for table, fixed, keys, sums, rows in parts:
        upserts.append(_unnest_upsert(table, tuple(fixed), tuple(keys), tuple(sums)))
        params += [*fixed.values(), *_arrays(table, keys, sums, rows)]
    with pg_bulk.driver(conn).cursor() as cursor:
        cursor.execute(_together(tuple(upserts)), params)


@cache
def _together(upserts: tuple[str, ...]) -> str:
    *first, last = upserts
    return "WITH " + ", ".join(f"r{i} AS ({u})" for i, u in enumerate(first)) + " " + last


def _arrays(
    table: sa.Table, keys: Sequence[str], sums: Sequence[str], rows: Sequence[SumRow]
) -> list[str]:
    """One array literal a column (pg_bulk): the keys', then the sums'."""
    columns: list[Sequence[Any]] = [
        *zip(*(key for key, _ in rows), strict=True),
        *zip(*(s for _, s in rows), strict=True),
    ]
    texts = _text_columns(table, (*keys, *sums))
    return [
        pg_bulk.text_array(values) if text else pg_bulk.int_array(values)
        for text, values in zip(texts, columns, strict=True)
    ]


@cache
def _text_columns(table: sa.Table, names: tuple[str, ...]) -> tuple[bool, ...]:
    return tuple(_is_text(table.c[name]) for name in names)


def _is_text(column: sa.Column[Any]) -> bool:
    return isinstance(column.type, sa.String)


def _pg_type(column: sa.Column[Any]) -> str:
    # varchar without its length: a cast to varchar(n) would cut a longer text silently,
    # where the insert into the column refuses it, as the row-by-row upsert did.
    if _is_text(column):
        return "varchar"
    return str(column.type.compile(dialect=postgresql.dialect()))


@cache
def _unnest_upsert(
    table: sa.Table, fixed: tuple[str, ...], keys: tuple[str, ...], sums: tuple[str, ...]
) -> str:
    """INSERT .. SELECT .. FROM unnest(one array a column) ON CONFLICT DO UPDATE, adding."""
    t = table.name
    casts = [f"%s::{_pg_type(table.c[n])}" for n in fixed]
    arrays = [f"%s::{_pg_type(table.c[n])}[]" for n in (*keys, *sums)]
    added = ", ".join(f"{n} = {t}.{n} + excluded.{n}" for n in sums)
    return (
        f"INSERT INTO {t} ({', '.join((*fixed, *keys, *sums))})"
        f" SELECT {', '.join((*casts, '*'))} FROM unnest({', '.join(arrays)})"
        f" ON CONFLICT ({', '.join((*fixed, *keys))}) DO UPDATE SET {added}"
    )


@cache
def _upsert(
    dialect: str,
    table: sa.Table,
    fixed: tuple[str, ...],
    keys: tuple[str, ...],
    sums: tuple[str, ...],
) -> Any:
    insert = postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)
    return insert.on_conflict_do_update(
        index_elements=[table.c[k] for k in (*fixed, *keys)],
        set_={name: table.c[name] + insert.excluded[name] for name in sums},
    )
