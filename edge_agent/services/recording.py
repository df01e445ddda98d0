"""Append one journal entry (gap-free seq) inside the caller's transaction, with its movements."""

from __future__ import annotations

import sqlite3

from common.clock import now_ms
from common.pb.storeledger.v1 import ledger_pb2
from edge_agent.store import journal, stock

_REASONS = {
    "sale": ledger_pb2.MOVEMENT_REASON_SALE,
    "return": ledger_pb2.MOVEMENT_REASON_RETURN,
    "write_off": ledger_pb2.MOVEMENT_REASON_WRITE_OFF,
}


def record(
    conn: sqlite3.Connection,
    document_type: str,
    document_id: str,
    actor: str,
    body_field: str,
    body: object,
    movements: list[tuple[str, int, str]] | None = None,
    seq: int | None = None,
    occurred_at_ms: int | None = None,
) -> ledger_pb2.JournalEntry:
    """The entry written: numbered max+1 (or the seq the caller reserved), movements booked."""
    entry = ledger_pb2.JournalEntry(
        seq=seq or journal.next_seq(conn),
        occurred_at_ms=occurred_at_ms or now_ms(),
        actor=actor,
        document_type=document_type,
        document_id=document_id,
        movements=[
            ledger_pb2.Movement(sku=sku, qty_base=qty, reason=_REASONS[reason])
            for sku, qty, reason in movements or []
        ],
    )
    getattr(entry, body_field).CopyFrom(body)
    journal.append_entry(conn, entry)
    if entry.movements:
        stock.book_movements(conn, entry.seq, list(entry.movements))
    return entry
