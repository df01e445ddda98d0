"""The store's online orders (migration 0020_channel_orders): kept, read and marked."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from edge_agent.domain.channel_orders import ChannelOrder, OrderLine

_COLUMNS = (
    "reservation_id, channel, order_ref, state, confirmed_at_ms, close_reason, note,"
    " picked_at_ms, picked_by, picked_seq, handed_over_at_ms, handed_over_by, handed_over_seq"
)


class ChannelOrdersRepository:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def get(self, reservation_id: str) -> ChannelOrder | None:
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM channel_orders WHERE reservation_id = ?", (reservation_id,)
        ).fetchone()
        return None if row is None else self._order(row)

    def list(self, states: Sequence[str] = (), limit: int = 1000) -> list[ChannelOrder]:
        """Orders oldest confirmed first; only those in `states` when any are named."""
        where = ""
        if states:
            where = f" WHERE state IN ({', '.join('?' for _ in states)})"
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM channel_orders{where}"
            " ORDER BY confirmed_at_ms, reservation_id LIMIT ?",
            (*states, limit),
        ).fetchall()
        return [self._order(row) for row in rows]

    def put(self, order: ChannelOrder) -> None:
        """Insert the order, or replace the one of that reservation (its lines too)."""
        o = order
        self._conn.execute(
            f"INSERT OR REPLACE INTO channel_orders ({_COLUMNS})"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                o.reservation_id, o.channel, o.order_ref, o.state, o.confirmed_at_ms,
                o.close_reason, o.note, o.picked_at_ms, o.picked_by, o.picked_seq,
                o.handed_over_at_ms, o.handed_over_by, o.handed_over_seq,
            ),
        )  # fmt: skip
        self._conn.execute(
            "DELETE FROM channel_order_lines WHERE reservation_id = ?", (o.reservation_id,)
        )
        self._conn.executemany(
            "INSERT INTO channel_order_lines (reservation_id, line_no, sku, qty_base)"
            " VALUES (?, ?, ?, ?)",
            [(o.reservation_id, n, line.sku, line.qty_base) for n, line in enumerate(o.lines, 1)],
        )

    def _order(self, row: tuple) -> ChannelOrder:  # type: ignore[type-arg]
        (rid, channel, ref, state, confirmed, reason, note, picked_at, picked_by, picked_seq,
         handed_at, handed_by, handed_seq) = row  # fmt: skip
        lines = tuple(
            OrderLine(sku, int(qty))
            for sku, qty in self._conn.execute(
                "SELECT sku, qty_base FROM channel_order_lines WHERE reservation_id = ?"
                " ORDER BY line_no",
                (rid,),
            )
        )
        return ChannelOrder(
            rid, channel, ref, state, lines, int(confirmed), reason, note, int(picked_at),
            picked_by, int(picked_seq), int(handed_at), handed_by, int(handed_seq),
        )  # fmt: skip
