"""The store journal (gap-free sequence, invariant 2) and what head office has acknowledged."""

from __future__ import annotations

import sqlite3

from common.pb.storeledger.v1 import ledger_pb2


def next_seq(conn: sqlite3.Connection) -> int:
    """The next sequence number; only call inside a BEGIN IMMEDIATE transaction."""
    return newest_seq(conn) + 1


def newest_seq(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(seq), 0) FROM journal").fetchone()[0])


def append_entry(conn: sqlite3.Connection, entry: ledger_pb2.JournalEntry) -> None:
    conn.execute(
        "INSERT INTO journal (seq, document_type, document_id, occurred_at_ms, payload)"
        " VALUES (?, ?, ?, ?, ?)",
        (
            entry.seq,
            entry.document_type,
            entry.document_id,
            entry.occurred_at_ms,
            entry.SerializeToString(),
        ),
    )


def entry_at(conn: sqlite3.Connection, seq: int) -> ledger_pb2.JournalEntry:
    row = conn.execute("SELECT payload FROM journal WHERE seq = ?", (seq,)).fetchone()
    return ledger_pb2.JournalEntry.FromString(row[0])


def entries_after(conn: sqlite3.Connection, seq: int, limit: int) -> list[ledger_pb2.JournalEntry]:
    rows = conn.execute(
        "SELECT payload FROM journal WHERE seq > ? ORDER BY seq LIMIT ?", (seq, limit)
    ).fetchall()
    return [ledger_pb2.JournalEntry.FromString(row[0]) for row in rows]


def sync_state(conn: sqlite3.Connection) -> tuple[int, int]:
    """(acked_seq, last_contact_ms)."""
    acked, contact = conn.execute(
        "SELECT acked_seq, last_contact_ms FROM sync_state WHERE id = 1"
    ).fetchone()
    return int(acked), int(contact)


def set_acked(conn: sqlite3.Connection, acked_seq: int, contact_ms: int) -> None:
    conn.execute(
        "UPDATE sync_state SET acked_seq = ?, last_contact_ms = ? WHERE id = 1",
        (acked_seq, contact_ms),
    )


def oldest_unacked_at_ms(conn: sqlite3.Connection, acked_seq: int) -> int:
    """When the oldest entry head office has not acknowledged was written; 0 when caught up."""
    row = conn.execute(
        "SELECT occurred_at_ms FROM journal WHERE seq > ? ORDER BY seq LIMIT 1", (acked_seq,)
    ).fetchone()
    return 0 if row is None else int(row[0])
