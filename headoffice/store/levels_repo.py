"""Movements and the stock levels derived from them: the stock rows one applied batch writes.

Stock rows are locked here and only here, always in primary-key order
(store_code, sku), so two transactions touching the same levels never deadlock.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from headoffice.domain.costing import StockPosition
from headoffice.domain.ledger import EntryHead, ValuedMovement
from headoffice.domain.stockouts import SINCE_EVER_MS, Span
from headoffice.store import pg_bulk
from headoffice.store import replenish_demand_keep as demand_keep
from headoffice.store.stockout_tables import stockout_spans
from headoffice.store.tables import movements, stock_levels

# SQLite allows 32766 bound parameters per statement: SKUs locked per SELECT.
LOCK_CHUNK = 2000


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


class LevelsRepository:
    """The movements and stock_levels rows of the unit of work's connection."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    @property
    def adds_in_place(self) -> bool:
        """Whether add_to_levels runs here (PostgreSQL: UPDATE .. FROM unnest .. RETURNING)."""
        return self._conn.dialect.name == "postgresql"

    def lock_levels(self, store_code: str, skus: Iterable[str]) -> dict[str, StockPosition]:
        """Current levels of the given SKUs, locked FOR UPDATE in (store_code, sku) order."""
        conn = self._conn
        wanted = sorted(set(skus))
        positions: dict[str, StockPosition] = {}
        if conn.dialect.name == "postgresql":
            # One array parameter instead of thousands of bound values, joined
            # rather than tested with `sku = ANY(%s)`: in the prepared (generic)
            # plan ANY scans the whole array for every row of the store.
            with pg_bulk.driver(conn).cursor() as cursor:
                cursor.execute(
                    "SELECT s.sku, s.qty_base, s.avg_cost_minor FROM stock_levels AS s"
                    " JOIN unnest(%s::varchar[]) AS t(sku) ON s.sku = t.sku"
                    " WHERE s.store_code = %s ORDER BY s.store_code, s.sku FOR UPDATE OF s",
                    (pg_bulk.text_array(wanted), store_code),
                )
                for sku, qty, avg in cursor.fetchall():
                    positions[sku] = StockPosition(int(qty), int(avg))
            return positions
        for start in range(0, len(wanted), LOCK_CHUNK):
            chunk = wanted[start : start + LOCK_CHUNK]
            query = (
                sa.select(
                    stock_levels.c.sku, stock_levels.c.qty_base, stock_levels.c.avg_cost_minor
                )
                .where(stock_levels.c.store_code == store_code, stock_levels.c.sku.in_(chunk))
                .order_by(stock_levels.c.store_code, stock_levels.c.sku)
                .with_for_update()
            )
            for sku, qty, avg in conn.execute(query):
                positions[sku] = StockPosition(int(qty), int(avg))
        return positions

    def insert_movements(
        self, store_code: str, entries: Iterable[tuple[EntryHead, Sequence[ValuedMovement]]]
    ) -> None:
        """Insert each entry's movements, in order; `entries` may be a generator.

        PostgreSQL gets them as COPY text, streamed in chunks as the generator runs.
        """
        conn = self._conn
        if conn.dialect.name == "postgresql":
            escape = pg_bulk.escape
            store = escape(store_code)
            special = pg_bulk.COPY_SPECIAL.search
            skus: dict[str, str] = {}
            with pg_bulk.copy_writer(conn, "movements", _COPY_MOVEMENT_COLUMNS) as write:
                lines: list[str] = []
                for (seq, document_type, document_id, actor, occurred_at_ms), moves in entries:
                    if special(f"{document_type}{document_id}{actor}"):
                        document_type = escape(document_type)
                        document_id = escape(document_id)
                        actor = escape(actor)
                    prefix = (
                        f"{store}\t{seq}\t{document_type}\t{document_id}\t{actor}"
                        f"\t{occurred_at_ms}\t"
                    )
                    for sku, qty, reason, cost in moves:
                        safe = skus.get(sku)
                        if safe is None:
                            safe = skus[sku] = escape(sku)
                        lines.append(f"{prefix}{safe}\t{qty}\t{reason}\t{cost}\n")
                    if len(lines) >= pg_bulk.COPY_CHUNK_ROWS:
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

    def add_to_levels(
        self, store_code: str, net: dict[str, int], now_ms: int
    ) -> dict[str, StockPosition]:
        """Add each SKU's net quantity to its existing level; return those levels as they are now.

        Only where adds_in_place. One statement, no separate lock: the UPDATE
        takes each row's lock itself, in the order of its join rather than in
        (store_code, sku) order. That cannot deadlock while apply_batch is the
        only writer of stock_levels and holds the store's sync row lock first
        (levels are per store); a future writer of levels must take that lock too.
        SKUs without a level are missing from the result.
        """
        if not net:
            return {}
        ordered = sorted(net.items())
        with pg_bulk.driver(self._conn).cursor() as cursor:
            cursor.execute(
                "UPDATE stock_levels AS s SET qty_base = s.qty_base + t.delta, updated_at_ms = %s"
                " FROM unnest(%s::varchar[], %s::bigint[]) AS t(sku, delta)"
                " WHERE s.store_code = %s AND s.sku = t.sku"
                " RETURNING s.sku, s.qty_base, s.avg_cost_minor",
                (
                    now_ms,
                    pg_bulk.text_array([sku for sku, _ in ordered]),
                    pg_bulk.int_array([delta for _, delta in ordered]),
                    store_code,
                ),
            )
            return {sku: StockPosition(int(qty), int(avg)) for sku, qty, avg in cursor.fetchall()}

    def upsert_levels(
        self,
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
        conn = self._conn
        if conn.dialect.name == "postgresql":
            ordered = sorted(positions.items())
            known = [(sku, pos) for sku, pos in ordered if sku in locked]
            new = (
                [(sku, pos) for sku, pos in ordered if sku not in locked]
                if len(known) < len(ordered)
                else []
            )
            with pg_bulk.driver(conn).cursor() as cursor:
                if known:
                    cursor.execute(
                        "UPDATE stock_levels AS s SET qty_base = t.qty, avg_cost_minor = t.avg,"
                        " updated_at_ms = %s FROM unnest(%s::varchar[], %s::bigint[],"
                        " %s::bigint[]) AS t(sku, qty, avg)"
                        " WHERE s.store_code = %s AND s.sku = t.sku",
                        (now_ms, *_level_arrays(known), store_code),
                    )
                if new:
                    cursor.execute(
                        "INSERT INTO stock_levels"
                        " (store_code, sku, qty_base, avg_cost_minor, updated_at_ms)"
                        " SELECT %s, sku, qty, avg, %s FROM unnest(%s::varchar[], %s::bigint[],"
                        " %s::bigint[]) AS t(sku, qty, avg)"
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
        statement = sqlite.insert(stock_levels)
        statement = statement.on_conflict_do_update(
            index_elements=[stock_levels.c.store_code, stock_levels.c.sku],
            set_={
                "qty_base": statement.excluded.qty_base,
                "avg_cost_minor": statement.excluded.avg_cost_minor,
                "updated_at_ms": statement.excluded.updated_at_ms,
            },
        )
        conn.execute(statement, rows)

    def levels(self, store_code: str, skus: Iterable[str] | None = None) -> dict[str, int]:
        """The store's level of every SKU it has one for (of `skus` only, when given)."""
        query = sa.select(stock_levels.c.sku, stock_levels.c.qty_base).where(
            stock_levels.c.store_code == store_code
        )
        if skus is not None:
            query = query.where(stock_levels.c.sku.in_(sorted(set(skus))))
        return {sku: int(qty) for sku, qty in self._conn.execute(query)}

    def average_costs(self, store_code: str, skus: Iterable[str]) -> dict[str, int]:
        """The store's moving-average cost of each of `skus` that has a level there (unlocked)."""
        wanted = sorted(set(skus))
        if not wanted:
            return {}
        query = sa.select(stock_levels.c.sku, stock_levels.c.avg_cost_minor).where(
            stock_levels.c.store_code == store_code, stock_levels.c.sku.in_(wanted)
        )
        return {sku: int(cost) for sku, cost in self._conn.execute(query)}

    def movement_sums_after(self, store_code: str, seq: int) -> dict[str, int]:
        """Net quantity per SKU of the store's movements with a sequence above `seq`."""
        query = (
            sa.select(movements.c.sku, sa.func.sum(movements.c.qty_base))
            .where(movements.c.store_code == store_code, movements.c.seq > seq)
            .group_by(movements.c.sku)
        )
        return {sku: int(total) for sku, total in self._conn.execute(query)}

    def movement_sums(self, store_code: str) -> dict[str, int]:
        return self.movement_sums_after(store_code, 0)

    def record_stockouts(
        self, store_code: str, closes: Sequence[tuple[str, int]], spans: Sequence[Span]
    ) -> None:
        """Write a batch's stock-out crossings (domain/stockouts.py): `closes` (sku, back at)
        end the SKU's open span, or record one from 0 when it has none; `spans` are new rows
        (a span starting at a moment an earlier one of the SKU started is that span)."""
        conn = self._conn
        o = stockout_spans.c
        demand_keep.mark_spans(
            conn, store_code, [sku for sku, _ in closes] + [s.sku for s in spans]
        )
        rows = [
            {"store_code": store_code, "sku": s.sku, "out_at_ms": s.out_at_ms or SINCE_EVER_MS,
             "back_at_ms": s.back_at_ms}
            for s in spans
        ]  # fmt: skip
        for sku, back_at_ms in closes:
            ended = conn.execute(
                sa.update(stockout_spans)
                .where(o.store_code == store_code, o.sku == sku, o.back_at_ms.is_(None))
                .values(back_at_ms=back_at_ms)
            )
            if not ended.rowcount:
                rows.insert(0, {"store_code": store_code, "sku": sku,
                                "out_at_ms": SINCE_EVER_MS, "back_at_ms": back_at_ms})  # fmt: skip
        if not rows:
            return
        insert = (
            postgresql.insert(stockout_spans)
            if conn.dialect.name == "postgresql"
            else sqlite.insert(stockout_spans)
        )
        conn.execute(
            insert.on_conflict_do_update(
                index_elements=[o.store_code, o.sku, o.out_at_ms],
                set_={"back_at_ms": insert.excluded.back_at_ms},
            ),
            rows,
        )


def _level_arrays(rows: Sequence[tuple[str, StockPosition]]) -> tuple[str, str, str]:
    return (
        pg_bulk.text_array([sku for sku, _ in rows]),
        pg_bulk.int_array([pos.qty_base for _, pos in rows]),
        pg_bulk.int_array([pos.avg_cost_minor for _, pos in rows]),
    )
