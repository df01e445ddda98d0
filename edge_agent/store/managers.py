"""Managers (argon2id PIN hashes, lockout state) and the approvals they give."""

from __future__ import annotations

import sqlite3

from edge_agent.domain.approvals import ApprovalRecord, Manager, PinState


class ManagersRepository:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def find(self, name: str) -> Manager | None:
        row = self._conn.execute(
            "SELECT name, pin_hash, disabled, pin_failures, locked_until_ms FROM managers"
            " WHERE name = ?",
            (name,),
        ).fetchone()
        if row is None:
            return None
        return Manager(row[0], row[1], bool(row[2]), PinState(int(row[3]), int(row[4])))

    def all(self) -> list[Manager]:
        names = [r[0] for r in self._conn.execute("SELECT name FROM managers ORDER BY name")]
        return [m for m in (self.find(n) for n in names) if m is not None]

    def add(self, name: str, pin_hash: str, now_ms: int) -> None:
        self._conn.execute(
            "INSERT INTO managers (name, pin_hash, disabled, pin_failures, locked_until_ms,"
            " created_at_ms) VALUES (?, ?, 0, 0, 0, ?)",
            (name, pin_hash, now_ms),
        )

    def set_pin_hash(self, name: str, pin_hash: str) -> None:
        self._conn.execute("UPDATE managers SET pin_hash = ? WHERE name = ?", (pin_hash, name))

    def disable(self, name: str) -> None:
        self._conn.execute("UPDATE managers SET disabled = 1 WHERE name = ?", (name,))

    def set_pin_state(self, name: str, state: PinState) -> None:
        self._conn.execute(
            "UPDATE managers SET pin_failures = ?, locked_until_ms = ? WHERE name = ?",
            (state.failures, state.locked_until_ms, name),
        )

    def insert_approval(self, seq: int, record: ApprovalRecord) -> None:
        self._conn.execute(
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

    def find_approval(self, approval_id: str) -> ApprovalRecord | None:
        row = self._conn.execute(
            "SELECT approval_id, action, details, till_id, manager, expires_at_ms, used_seq"
            " FROM approvals WHERE approval_id = ?",
            (approval_id,),
        ).fetchone()
        if row is None:
            return None
        return ApprovalRecord(
            row[0], row[1], row[2], row[3], row[4], int(row[5]), row[6] is not None
        )

    def mark_used(self, approval_id: str, seq: int) -> None:
        self._conn.execute(
            "UPDATE approvals SET used_seq = ? WHERE approval_id = ?", (seq, approval_id)
        )
