"""Transfers as this store knows them: head office's latest order and the entries booked for it.

The order is kept in order_payload in its wire form (transfers_pb2.TransferOrder).
"""

from __future__ import annotations

import sqlite3

from common.pb.storeledger.v1 import transfers_pb2
from edge_agent.domain.transfers import StoreTransfer, TransferOrder
from edge_agent.store.journal_codec.stock import transfer_order_of, transfer_order_pb

_COLUMNS = "order_payload, shipped_seq, received_seq, corrected_seq"
BOOKED_COLUMNS = frozenset({"shipped_seq", "received_seq", "corrected_seq"})


def _row(row: tuple[bytes, int | None, int | None, int | None]) -> StoreTransfer:
    order = transfer_order_of(transfers_pb2.TransferOrder.FromString(row[0]))
    return StoreTransfer(order, row[1] or 0, row[2] or 0, row[3] or 0)


class TransfersRepository:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def save_order(self, order: TransferOrder, now_ms: int) -> None:
        """Store head office's order as it now is, keeping what this store booked for it."""
        self._conn.execute(
            "INSERT INTO transfers (transfer_id, from_store, to_store, state, order_payload,"
            " updated_at_ms) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (transfer_id) DO UPDATE SET"
            " state = excluded.state, order_payload = excluded.order_payload,"
            " updated_at_ms = excluded.updated_at_ms",
            (
                order.transfer_id,
                order.from_store,
                order.to_store,
                order.state,
                transfer_order_pb(order).SerializeToString(),
                now_ms,
            ),
        )

    def get(self, transfer_id: str) -> StoreTransfer | None:
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM transfers WHERE transfer_id = ?", (transfer_id,)
        ).fetchone()
        return None if row is None else _row(row)

    def all(self) -> list[StoreTransfer]:
        rows = self._conn.execute(f"SELECT {_COLUMNS} FROM transfers ORDER BY transfer_id")
        return [_row(r) for r in rows.fetchall()]

    def mark_booked(self, transfer_id: str, column: str, seq: int) -> None:
        """Note the journal entry that shipped, received or corrected a transfer here."""
        if column not in BOOKED_COLUMNS:
            raise ValueError(column)
        self._conn.execute(
            f"UPDATE transfers SET {column} = ? WHERE transfer_id = ?", (seq, transfer_id)
        )
