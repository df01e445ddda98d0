"""The store's write-offs (done, pending, rejected), their lines, and the approval threshold."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from typing import Any

from edge_agent.domain.write_offs import WriteOffLine


@dataclass(frozen=True)
class StoreWriteOffRow:
    write_off_id: str
    origin: str
    state: str
    reason: str
    note: str
    value_minor: int
    requested_by: str
    requested_at_ms: int
    decided_by: str = ""
    decision_note: str = ""
    seq: int = 0
    request_seq: int = 0
    lines: tuple[WriteOffLine, ...] = ()

    def with_(self, **changes: Any) -> StoreWriteOffRow:
        return replace(self, **changes)


_COLUMNS = (
    "write_off_id", "origin", "state", "reason", "note", "value_minor", "requested_by",
    "requested_at_ms", "decided_by", "decision_note", "seq", "request_seq",
)  # fmt: skip


def save(conn: sqlite3.Connection, row: StoreWriteOffRow) -> None:
    """Insert or replace a write-off and its lines."""
    conn.execute(
        f"INSERT OR REPLACE INTO write_offs ({', '.join(_COLUMNS)})"
        f" VALUES ({', '.join('?' for _ in _COLUMNS)})",
        tuple(getattr(row, name) for name in _COLUMNS),
    )
    conn.execute("DELETE FROM write_off_lines WHERE write_off_id = ?", (row.write_off_id,))
    conn.executemany(
        "INSERT INTO write_off_lines (write_off_id, line_no, sku, qty_base, unit_cost_minor)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            (row.write_off_id, n, ln.sku, ln.qty_base, ln.unit_cost_minor)
            for n, ln in enumerate(row.lines, start=1)
        ],
    )


def get(conn: sqlite3.Connection, write_off_id: str) -> StoreWriteOffRow | None:
    rows = _select(conn, "WHERE write_off_id = ?", (write_off_id,))
    return rows[0] if rows else None


def select(conn: sqlite3.Connection, state: str = "") -> list[StoreWriteOffRow]:
    """Newest first."""
    if state:
        return _select(conn, "WHERE state = ?", (state,))
    return _select(conn, "", ())


def _select(
    conn: sqlite3.Connection, where: str, params: tuple[Any, ...]
) -> list[StoreWriteOffRow]:
    found = conn.execute(
        f"SELECT {', '.join(_COLUMNS)} FROM write_offs {where}"
        " ORDER BY requested_at_ms DESC, write_off_id DESC",
        params,
    ).fetchall()
    out = []
    for r in found:
        lines = tuple(
            WriteOffLine(sku, int(qty), int(cost))
            for sku, qty, cost in conn.execute(
                "SELECT sku, qty_base, unit_cost_minor FROM write_off_lines"
                " WHERE write_off_id = ? ORDER BY line_no",
                (r[0],),
            )
        )
        out.append(StoreWriteOffRow(**dict(zip(_COLUMNS, r, strict=True)), lines=lines))
    return out


def threshold(conn: sqlite3.Connection) -> int:
    return int(
        conn.execute("SELECT threshold_minor FROM write_off_policy WHERE id = 1").fetchone()[0]
    )


def set_threshold(conn: sqlite3.Connection, threshold_minor: int) -> None:
    conn.execute("UPDATE write_off_policy SET threshold_minor = ? WHERE id = 1", (threshold_minor,))
