"""Journal entries, movements and stock levels: the rows one applied batch writes.

Stock rows are locked here and only here, always in primary-key order
(store_code, sku), so two transactions touching the same levels never deadlock.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from headoffice.domain.costing import StockPosition
from headoffice.domain.ledger import Recorded
from headoffice.store.tables import journal_entries, movements, products, stock_levels

# Movement rows per COPY write: about psycopg's own 32 KiB send buffer.
COPY_CHUNK_ROWS = 400
# SQLite allows 32766 bound parameters per statement: SKUs locked per SELECT.
LOCK_CHUNK = 2000

# A journal row: (seq, document_type, document_id, occurred_at_ms, payload).
JournalRow = tuple[int, str, str, int, bytes]
# What an entry's movements share: (seq, document_type, document_id, actor, occurred_at_ms),
# and each movement's own: (sku, qty_base, reason, unit_cost_minor).
EntryHead = tuple[int, str, str, str, int]
MovementRow = tuple[str, int, str, int]

JOURNAL_COLUMNS = (
    "store_code",
    "seq",
    "document_type",
    "document_id",
    "occurred_at_ms",
    "received_at_ms",
    "payload",
)
# The movement columns in the order the entry's own fields come first, so the
# COPY text of an entry's movements shares one prefix.
_COPY_MOVEMENT_COLUMNS = (
    "store_code",
    "seq",
    "document_type",
    "document_id",
    "actor",
    "occurred_at_ms",
    "sku",
    "qty_base",
    "reason",
    "unit_cost_minor",
)

# COPY text format: backslash, tab, newline and carriage return must be escaped.
_COPY_SPECIAL = re.compile(r"[\\\t\n\r]")
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def lock_levels(
    conn: sa.Connection, store_code: str, skus: Iterable[str]
) -> dict[str, StockPosition]:
    """Current levels of the given SKUs, locked FOR UPDATE in (store_code, sku) order."""
    wanted = sorted(set(skus))
    positions: dict[str, StockPosition] = {}
    if conn.dialect.name == "postgresql":
        # One array parameter instead of thousands of bound values, joined
        # rather than tested with `sku = ANY(%s)`: in the prepared (generic)
        # plan ANY scans the whole array for every row of the store.
        with _driver(conn).cursor() as cursor:
            cursor.execute(
                "SELECT s.sku, s.qty_base, s.avg_cost_minor FROM stock_levels AS s"
                " JOIN unnest(%s::varchar[]) AS t(sku) ON s.sku = t.sku"
                " WHERE s.store_code = %s ORDER BY s.store_code, s.sku FOR UPDATE OF s",
                (_text_array(wanted), store_code),
            )
            for sku, qty, avg in cursor.fetchall():
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


def catalogue_costs(conn: sa.Connection, skus: Iterable[str]) -> dict[str, int]:
    """Catalogue cost of each given SKU that is in the catalogue: where a new level starts.

    Only the cost column: catalogue_repo.products_by_sku also reads every
    barcode, which was most of a new store's first batches.
    """
    wanted = sorted(set(skus))
    if conn.dialect.name == "postgresql":
        with _driver(conn).cursor() as cursor:
            cursor.execute(
                "SELECT p.sku, p.cost_minor FROM products AS p"
                " JOIN unnest(%s::varchar[]) AS t(sku) ON p.sku = t.sku",
                (_text_array(wanted),),
            )
            return {sku: int(cost) for sku, cost in cursor.fetchall()}
    costs: dict[str, int] = {}
    for start in range(0, len(wanted), LOCK_CHUNK):
        query = sa.select(products.c.sku, products.c.cost_minor).where(
            products.c.sku.in_(wanted[start : start + LOCK_CHUNK])
        )
        costs.update((sku, int(cost)) for sku, cost in conn.execute(query))
    return costs


def committed_entries(
    conn: sa.Connection, store_code: str, seqs: Iterable[int]
) -> dict[int, Recorded]:
    """The store's committed journal entries of the given sequences, by sequence.

    One range scan of the primary key (replays are consecutive: a resend of
    the batch whose acknowledgement was lost), keeping only the wanted rows.
    """
    wanted = set(seqs)
    if not wanted:
        return {}
    query = sa.select(
        journal_entries.c.seq, journal_entries.c.document_id, journal_entries.c.payload
    ).where(
        journal_entries.c.store_code == store_code,
        journal_entries.c.seq.between(min(wanted), max(wanted)),
    )
    return {
        int(seq): Recorded(int(seq), document_id, bytes(payload))
        for seq, document_id, payload in conn.execute(query)
        if seq in wanted
    }


def insert_journal_entries(
    conn: sa.Connection, store_code: str, received_at_ms: int, rows: Iterable[JournalRow]
) -> None:
    """Insert journal rows; `rows` may be a generator.

    PostgreSQL gets COPY text formatted here (psycopg's write_row per row cost
    more than the database's work), sent in chunks while the generator runs,
    so the server stores one chunk while the caller works out the next.
    """
    if conn.dialect.name == "postgresql":
        store = _escape(store_code)
        special = _COPY_SPECIAL.search
        with _copy_writer(conn, "journal_entries", JOURNAL_COLUMNS) as write:
            lines: list[str] = []
            for seq, document_type, document_id, occurred_at_ms, payload in rows:
                if special(f"{document_type}{document_id}"):
                    document_type = _escape(document_type)
                    document_id = _escape(document_id)
                # bytea in COPY text: its hex form \\x..., the backslash escaped.
                lines.append(
                    f"{store}\t{seq}\t{document_type}\t{document_id}\t{occurred_at_ms}"
                    f"\t{received_at_ms}\t\\\\x{payload.hex()}\n"
                )
                if len(lines) >= COPY_CHUNK_ROWS // 4:
                    write(lines)
            write(lines)
        return
    conn.execute(
        journal_entries.insert(),
        [
            {
                "store_code": store_code,
                "seq": seq,
                "document_type": document_type,
                "document_id": document_id,
                "occurred_at_ms": occurred_at_ms,
                "received_at_ms": received_at_ms,
                "payload": payload,
            }
            for seq, document_type, document_id, occurred_at_ms, payload in rows
        ],
    )


def insert_movements(
    conn: sa.Connection,
    store_code: str,
    entries: Iterable[tuple[EntryHead, Sequence[MovementRow]]],
) -> None:
    """Insert each entry's movements, in order; `entries` may be a generator (streamed as above)."""
    if conn.dialect.name == "postgresql":
        store = _escape(store_code)
        special = _COPY_SPECIAL.search
        skus: dict[str, str] = {}
        with _copy_writer(conn, "movements", _COPY_MOVEMENT_COLUMNS) as write:
            lines: list[str] = []
            for (seq, document_type, document_id, actor, occurred_at_ms), moves in entries:
                if special(f"{document_type}{document_id}{actor}"):
                    document_type = _escape(document_type)
                    document_id = _escape(document_id)
                    actor = _escape(actor)
                prefix = (
                    f"{store}\t{seq}\t{document_type}\t{document_id}\t{actor}\t{occurred_at_ms}\t"
                )
                for sku, qty, reason, cost in moves:
                    safe = skus.get(sku)
                    if safe is None:
                        safe = skus[sku] = _escape(sku)
                    lines.append(f"{prefix}{safe}\t{qty}\t{reason}\t{cost}\n")
                if len(lines) >= COPY_CHUNK_ROWS:
                    write(lines)
            write(lines)
        return
    rows = [
        {
            "store_code": store_code,
            "seq": seq,
            "sku": sku,
            "qty_base": qty,
            "reason": reason,
            "document_type": document_type,
            "document_id": document_id,
            "unit_cost_minor": cost,
            "actor": actor,
            "occurred_at_ms": occurred_at_ms,
        }
        for (seq, document_type, document_id, actor, occurred_at_ms), moves in entries
        for sku, qty, reason, cost in moves
    ]
    if rows:
        conn.execute(movements.insert(), rows)


@contextmanager
def _copy_writer(
    conn: sa.Connection, table: str, columns: Sequence[str]
) -> Iterator[Callable[[list[str]], None]]:
    """A COPY .. FROM STDIN (text format) in the open transaction; write() sends and clears lines."""
    raw = _driver(conn)
    with (
        raw.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):

        def write(lines: list[str]) -> None:
            if lines:
                copy.write("".join(lines))
                lines.clear()

        yield write


def _driver(conn: sa.Connection) -> Any:
    """The psycopg connection under a PostgreSQL SQLAlchemy connection, in its transaction."""
    raw = conn.connection.driver_connection
    if raw is None:
        raise RuntimeError("the database connection is closed")
    return raw


def _escape(text: str) -> str:
    return text.translate(_COPY_ESCAPES) if _COPY_SPECIAL.search(text) else text


# Dialects on which add_to_levels runs (UPDATE .. FROM unnest .. RETURNING).
CAN_ADD_TO_LEVELS = {"postgresql": True, "sqlite": False}


def add_to_levels(
    conn: sa.Connection, store_code: str, net: dict[str, int], now_ms: int
) -> dict[str, int]:
    """Add each SKU's net quantity to its existing level; return those levels' averages.

    PostgreSQL only (CAN_ADD_TO_LEVELS). One statement, no separate lock: the
    UPDATE takes each row's lock itself, in the order of its join rather than
    in (store_code, sku) order. That cannot deadlock while apply_batch is the
    only writer of stock_levels and holds the store's sync row lock first
    (levels are per store); a future writer of levels must take that lock too.
    SKUs without a level are missing from the result.
    """
    if not net:
        return {}
    ordered = sorted(net.items())
    with _driver(conn).cursor() as cursor:
        cursor.execute(
            "UPDATE stock_levels AS s SET qty_base = s.qty_base + t.delta, updated_at_ms = %s"
            " FROM unnest(%s::varchar[], %s::bigint[]) AS t(sku, delta)"
            " WHERE s.store_code = %s AND s.sku = t.sku RETURNING s.sku, s.avg_cost_minor",
            (
                now_ms,
                _text_array([sku for sku, _ in ordered]),
                _int_array([delta for _, delta in ordered]),
                store_code,
            ),
        )
        return {sku: int(avg) for sku, avg in cursor.fetchall()}


def upsert_levels(
    conn: sa.Connection,
    store_code: str,
    positions: dict[str, StockPosition],
    now_ms: int,
    locked: Container[str] = (),
) -> None:
    """Write the new levels; `locked` names the SKUs whose rows lock_levels returned.

    PostgreSQL gets all rows as three array parameters through unnest (one
    round trip per statement): the locked rows through UPDATE .. FROM, about
    half the work of INSERT .. ON CONFLICT DO UPDATE, which only the rest take.
    SQLite runs the single-row upsert with many parameter sets, compiled once.
    A multi-row VALUES literal was recompiled for every batch size and cost
    more than the database work itself.
    """
    if not positions:
        return
    if conn.dialect.name == "postgresql":
        ordered = sorted(positions.items())
        known = [(sku, pos) for sku, pos in ordered if sku in locked]
        new = (
            [(sku, pos) for sku, pos in ordered if sku not in locked]
            if len(known) < len(ordered)
            else []
        )
        with _driver(conn).cursor() as cursor:
            if known:
                cursor.execute(
                    "UPDATE stock_levels AS s SET qty_base = t.qty, avg_cost_minor = t.avg,"
                    " updated_at_ms = %s"
                    " FROM unnest(%s::varchar[], %s::bigint[], %s::bigint[]) AS t(sku, qty, avg)"
                    " WHERE s.store_code = %s AND s.sku = t.sku",
                    (now_ms, *_level_arrays(known), store_code),
                )
            if new:
                cursor.execute(
                    "INSERT INTO stock_levels"
                    " (store_code, sku, qty_base, avg_cost_minor, updated_at_ms)"
                    " SELECT %s, sku, qty, avg, %s"
                    " FROM unnest(%s::varchar[], %s::bigint[], %s::bigint[]) AS t(sku, qty, avg)"
                    " ON CONFLICT (store_code, sku) DO UPDATE SET qty_base = EXCLUDED.qty_base,"
                    " avg_cost_minor = EXCLUDED.avg_cost_minor,"
                    " updated_at_ms = EXCLUDED.updated_at_ms",
                    (store_code, now_ms, *_level_arrays(new)),
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


def _text_array(values: Sequence[str]) -> str:
    """A PostgreSQL array literal of strings, passed as one text parameter.

    psycopg adapts a Python list element by element in Python; for the few
    thousand values of a batch that cost more than the statement itself.
    """
    if any('"' in v or "\\" in v for v in values):
        values = [v.replace("\\", "\\\\").replace('"', '\\"') for v in values]
    return '{"' + '","'.join(values) + '"}' if values else "{}"


def _level_arrays(rows: Sequence[tuple[str, StockPosition]]) -> tuple[str, str, str]:
    return (
        _text_array([sku for sku, _ in rows]),
        _int_array([pos.qty_base for _, pos in rows]),
        _int_array([pos.avg_cost_minor for _, pos in rows]),
    )


def _int_array(values: Sequence[int]) -> str:
    return "{" + ",".join(map(str, values)) + "}"


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


def valued_movements(conn: sa.Connection, store_code: str, seq: int) -> list[tuple[str, int, int]]:
    """The movements of one applied entry as (sku, qty_base, unit_cost_minor head office valued)."""
    rows = conn.execute(
        sa.select(movements.c.sku, movements.c.qty_base, movements.c.unit_cost_minor)
        .where(movements.c.store_code == store_code, movements.c.seq == seq)
        .order_by(movements.c.id)
    )
    return [(r.sku, int(r.qty_base), int(r.unit_cost_minor)) for r in rows]
