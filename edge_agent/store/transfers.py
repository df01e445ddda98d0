"""Transfers as this store knows them: head office's latest order and the entries booked for it."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from common.pb.storeledger.v1 import transfers_pb2

_COLUMNS = "order_payload, shipped_seq, received_seq, corrected_seq"


@dataclass(frozen=True)
class StoreTransferRow:
    order: transfers_pb2.TransferOrder
    shipped_seq: int  # 0: not shipped by this store
    received_seq: int
    corrected_seq: int


def _row(row: tuple[bytes, int | None, int | None, int | None]) -> StoreTransferRow:
    return StoreTransferRow(
        transfers_pb2.TransferOrder.FromString(row[0]), row[1] or 0, row[2] or 0, row[3] or 0
    )


def save_order(conn: sqlite3.Connection, order: transfers_pb2.TransferOrder, now_ms: int) -> None:
    """Store head office's order as it now is, keeping what this store booked for it."""
    conn.execute(
        "INSERT INTO transfers (transfer_id, from_store, to_store, state, order_payload,"
        " updated_at_ms) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (transfer_id) DO UPDATE SET"
        " state = excluded.state, order_payload = excluded.order_payload,"
        " updated_at_ms = excluded.updated_at_ms",
        (
            order.transfer_id,
            order.from_store,
            order.to_store,
            order.state,
            order.SerializeToString(),
            now_ms,
        ),
    )


def get(conn: sqlite3.Connection, transfer_id: str) -> StoreTransferRow | None:
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM transfers WHERE transfer_id = ?", (transfer_id,)
    ).fetchone()
    return None if row is None else _row(row)


def all_transfers(conn: sqlite3.Connection) -> list[StoreTransferRow]:
    rows = conn.execute(f"SELECT {_COLUMNS} FROM transfers ORDER BY transfer_id").fetchall()
    return [_row(r) for r in rows]


def mark_booked(conn: sqlite3.Connection, transfer_id: str, column: str, seq: int) -> None:
    """Note the journal entry that shipped, received or corrected a transfer here."""
    if column not in {"shipped_seq", "received_seq", "corrected_seq"}:
        raise ValueError(column)
    conn.execute(f"UPDATE transfers SET {column} = ? WHERE transfer_id = ?", (seq, transfer_id))
