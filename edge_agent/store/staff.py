"""The store's staff (argon2id PIN hashes, roles, lockout state), who is signed in at each
till, and the approvals managers give."""

from __future__ import annotations

import sqlite3

from edge_agent.domain.approvals import ApprovalRecord, Manager, PinState

_COLUMNS = (
    "code, pin_hash, disabled, pin_failures, locked_until_ms, role, display_name, card_hash, origin"
)


def _member(row: tuple) -> Manager:
    return Manager(
        row[0],
        row[1],
        bool(row[2]),
        PinState(int(row[3]), int(row[4])),
        row[5],
        row[6],
        row[7],
        row[8],
    )


class StaffRepository:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def find(self, name: str) -> Manager | None:
        row = self._conn.execute(f"SELECT {_COLUMNS} FROM staff WHERE code = ?", (name,)).fetchone()
        return None if row is None else _member(row)

    def find_by_card(self, card_hash: str) -> Manager | None:
        if not card_hash:
            return None
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM staff WHERE card_hash = ? ORDER BY code LIMIT 1", (card_hash,)
        ).fetchone()
        return None if row is None else _member(row)

    def all(self) -> list[Manager]:
        rows = self._conn.execute(f"SELECT {_COLUMNS} FROM staff ORDER BY code").fetchall()
        return [_member(r) for r in rows]

    def add(self, name: str, pin_hash: str, now_ms: int, role: str = "store_manager") -> None:
        self._conn.execute(
            "INSERT INTO staff (code, pin_hash, disabled, pin_failures, locked_until_ms,"
            " created_at_ms, role, origin, updated_at_ms) VALUES (?, ?, 0, 0, 0, ?, ?, 'local', ?)",
            (name, pin_hash, now_ms, role, now_ms),
        )

    def put_from_head_office(self, member: Manager, now_ms: int) -> None:
        """Head office's row for this code replaces the store's (keeping its lockout state)."""
        self._conn.execute(
            "INSERT INTO staff (code, pin_hash, disabled, pin_failures, locked_until_ms,"
            " created_at_ms, role, display_name, card_hash, origin, updated_at_ms)"
            " VALUES (?, ?, ?, 0, 0, ?, ?, ?, ?, 'head_office', ?)"
            " ON CONFLICT (code) DO UPDATE SET pin_hash = excluded.pin_hash,"
            " disabled = excluded.disabled, role = excluded.role,"
            " display_name = excluded.display_name, card_hash = excluded.card_hash,"
            " origin = 'head_office', updated_at_ms = excluded.updated_at_ms",
            (
                member.name,
                member.pin_hash,
                int(member.disabled),
                now_ms,
                member.role,
                member.display_name,
                member.card_hash,
                now_ms,
            ),
        )

    def set_pin_hash(self, name: str, pin_hash: str) -> None:
        self._conn.execute("UPDATE staff SET pin_hash = ? WHERE code = ?", (pin_hash, name))

    def disable(self, name: str) -> None:
        self._conn.execute("UPDATE staff SET disabled = 1 WHERE code = ?", (name,))

    def set_pin_state(self, name: str, state: PinState) -> None:
        self._conn.execute(
            "UPDATE staff SET pin_failures = ?, locked_until_ms = ? WHERE code = ?",
            (state.failures, state.locked_until_ms, name),
        )

    # Who is signed in at each till.

    def signed_in(self, till_id: str) -> tuple[str, int] | None:
        """(staff code, signed in at ms) of the person signed in at a till, or None."""
        row = self._conn.execute(
            "SELECT staff_code, signed_in_at_ms FROM till_sign_ins WHERE till_id = ?", (till_id,)
        ).fetchone()
        return None if row is None else (row[0], int(row[1]))

    def sign_in(self, till_id: str, code: str, now_ms: int) -> None:
        self._conn.execute(
            "INSERT INTO till_sign_ins (till_id, staff_code, signed_in_at_ms) VALUES (?, ?, ?)"
            " ON CONFLICT (till_id) DO UPDATE SET staff_code = excluded.staff_code,"
            " signed_in_at_ms = excluded.signed_in_at_ms",
            (till_id, code, now_ms),
        )

    def sign_out(self, till_id: str) -> None:
        self._conn.execute("DELETE FROM till_sign_ins WHERE till_id = ?", (till_id,))

    def sign_out_everywhere(self, code: str) -> None:
        self._conn.execute("DELETE FROM till_sign_ins WHERE staff_code = ?", (code,))

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
