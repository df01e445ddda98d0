"""The store's write-offs (done, pending, rejected), their lines, and the approval threshold."""

from __future__ import annotations

import sqlite3
from typing import Any

from edge_agent.domain.write_offs import StoreWriteOff, WriteOffLine

_COLUMNS = (
    "write_off_id", "origin", "state", "reason", "note", "value_minor", "requested_by",
    "requested_at_ms", "decided_by", "decision_note", "seq", "request_seq",
)  # fmt: skip


class WriteOffsRepository:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def save(self, row: StoreWriteOff) -> None:
        """Insert or replace a write-off and its lines."""
        self._conn.execute(
            f"INSERT OR REPLACE INTO write_offs ({', '.join(_COLUMNS)})"
            f" VALUES ({', '.join('?' for _ in _COLUMNS)})",
            tuple(getattr(row, name) for name in _COLUMNS),
        )
        self._conn.execute(
            "DELETE FROM write_off_lines WHERE write_off_id = ?", (row.write_off_id,)
        )
        self._conn.executemany(
            "INSERT INTO write_off_lines (write_off_id, line_no, sku, qty_base, unit_cost_minor)"
            " VALUES (?, ?, ?, ?, ?)",
            [
                (row.write_off_id, n, ln.sku, ln.qty_base, ln.unit_cost_minor)
                for n, ln in enumerate(row.lines, start=1)
            ],
        )

    def get(self, write_off_id: str) -> StoreWriteOff | None:
        rows = self._select("WHERE write_off_id = ?", (write_off_id,))
        return rows[0] if rows else None

    def at_seq(self, seq: int) -> StoreWriteOff | None:
        """The write-off whose journal entry (or request's entry) is `seq`."""
        rows = self._select("WHERE seq = ? OR request_seq = ?", (seq, seq))
        return rows[0] if rows else None

    def select(self, state: str = "") -> list[StoreWriteOff]:
        """Newest first."""
        if state:
            return self._select("WHERE state = ?", (state,))
        return self._select("", ())

    def _select(self, where: str, params: tuple[Any, ...]) -> list[StoreWriteOff]:
        found = self._conn.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM write_offs {where}"
            " ORDER BY requested_at_ms DESC, write_off_id DESC",
            params,
        ).fetchall()
        out = []
        for r in found:
            lines = tuple(
                WriteOffLine(sku, int(qty), int(cost))
                for sku, qty, cost in self._conn.execute(
                    "SELECT sku, qty_base, unit_cost_minor FROM write_off_lines"
                    " WHERE write_off_id = ? ORDER BY line_no",
                    (r[0],),
                )
            )
            out.append(StoreWriteOff(**dict(zip(_COLUMNS, r, strict=True)), lines=lines))
        return out

    def threshold(self) -> int:
        row = self._conn.execute("SELECT threshold_minor FROM write_off_policy WHERE id = 1")
        return int(row.fetchone()[0])

    def set_threshold(self, threshold_minor: int) -> None:
        self._conn.execute(
            "UPDATE write_off_policy SET threshold_minor = ? WHERE id = 1", (threshold_minor,)
        )
