"""Movements and the stock levels derived from them, updated in the same transaction."""

from __future__ import annotations

import sqlite3

from common.pb.storeledger.v1 import ledger_pb2

REASON_NAMES = {
    value: name.removeprefix("MOVEMENT_REASON_").lower()
    for name, value in ledger_pb2.MovementReason.items()
}


def book_movements(
    conn: sqlite3.Connection, seq: int, movements: list[ledger_pb2.Movement]
) -> None:
    """Record each movement and move its SKU's level; levels are touched in SKU order so
    every writer takes row locks in the same order. A level may go negative (invariant 1)."""
    conn.executemany(
        "INSERT INTO movements (seq, sku, qty_base, reason, unit_cost_minor) VALUES (?, ?, ?, ?, ?)",
        [
            (
                seq,
                m.sku,
                m.qty_base,
                REASON_NAMES[m.reason],
                m.unit_cost_minor if m.HasField("unit_cost_minor") else None,
            )
            for m in movements
        ],
    )
    deltas: dict[str, int] = {}
    for m in movements:
        deltas[m.sku] = deltas.get(m.sku, 0) + m.qty_base
    conn.executemany(
        "INSERT INTO stock_levels (sku, qty_base) VALUES (?, ?)"
        " ON CONFLICT (sku) DO UPDATE SET qty_base = qty_base + excluded.qty_base",
        sorted(deltas.items()),
    )


def stock_levels(conn: sqlite3.Connection, sku: str = "") -> list[tuple[str, str, str, int]]:
    """(sku, name, unit, qty_base) for every SKU with a level or a product, or for one SKU."""
    query = (
        "SELECT p.sku, p.name, p.unit, coalesce(s.qty_base, 0) FROM products p"
        " LEFT JOIN stock_levels s ON s.sku = p.sku"
        " UNION ALL"
        " SELECT s.sku, '', '', s.qty_base FROM stock_levels s"
        " WHERE s.sku NOT IN (SELECT sku FROM products)"
    )
    if sku:
        rows = conn.execute(f"SELECT * FROM ({query}) WHERE sku = ?", (sku,)).fetchall()
    else:
        rows = conn.execute(f"SELECT * FROM ({query}) ORDER BY 1").fetchall()
    return [(r[0], r[1], r[2], int(r[3])) for r in rows]


def levels(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    return [
        (sku, int(qty))
        for sku, qty in conn.execute("SELECT sku, qty_base FROM stock_levels ORDER BY sku")
    ]
