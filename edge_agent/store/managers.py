"""Managers (argon2id PIN hashes, lockout state) and the approvals they give."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from edge_agent.domain.approvals import ApprovalRecord, PinState


@dataclass(frozen=True)
class ManagerRow:
    name: str
    pin_hash: str
    disabled: bool
    pin: PinState


def find_manager(conn: sqlite3.Connection, name: str) -> ManagerRow | None:
    row = conn.execute(
        "SELECT name, pin_hash, disabled, pin_failures, locked_until_ms FROM managers"
        " WHERE name = ?",
        (name,),
    ).fetchone()
    if row is None:
        return None
    return ManagerRow(row[0], row[1], bool(row[2]), PinState(int(row[3]), int(row[4])))


def list_managers(conn: sqlite3.Connection) -> list[ManagerRow]:
    names = [r[0] for r in conn.execute("SELECT name FROM managers ORDER BY name")]
    return [m for m in (find_manager(conn, n) for n in names) if m is not None]


def add_manager(conn: sqlite3.Connection, name: str, pin_hash: str, now_ms: int) -> None:
    conn.execute(
        "INSERT INTO managers (name, pin_hash, disabled, pin_failures, locked_until_ms,"
        " created_at_ms) VALUES (?, ?, 0, 0, 0, ?)",
        (name, pin_hash, now_ms),
    )


def set_disabled(conn: sqlite3.Connection, name: str) -> None:
    conn.execute("UPDATE managers SET disabled = 1 WHERE name = ?", (name,))


def set_pin_state(conn: sqlite3.Connection, name: str, state: PinState) -> None:
    conn.execute(
        "UPDATE managers SET pin_failures = ?, locked_until_ms = ? WHERE name = ?",
        (state.failures, state.locked_until_ms, name),
    )


def insert_approval(conn: sqlite3.Connection, seq: int, record: ApprovalRecord) -> None:
    conn.execute(
        "INSERT INTO approvals (approval_id, seq, action, details, till_id, manager,"
        " expires_at_ms, used_seq) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
        (
            record.approval_id,
            seq,
            record.action,
            record.details,
            record.till_id,
            record.manager,
            record.expires_at_ms,
        ),
    )


def find_approval(conn: sqlite3.Connection, approval_id: str) -> ApprovalRecord | None:
    row = conn.execute(
        "SELECT approval_id, action, details, till_id, manager, expires_at_ms, used_seq"
        " FROM approvals WHERE approval_id = ?",
        (approval_id,),
    ).fetchone()
    if row is None:
        return None
    return ApprovalRecord(row[0], row[1], row[2], row[3], row[4], int(row[5]), row[6] is not None)


def mark_used(conn: sqlite3.Connection, approval_id: str, seq: int) -> None:
    conn.execute("UPDATE approvals SET used_seq = ? WHERE approval_id = ?", (seq, approval_id))
