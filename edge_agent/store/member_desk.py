"""The member desk's documents (top-ups and cards sold at the till), one row per entry."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from edge_agent.domain.member_desk import MemberDeskEntry
from edge_agent.domain.tender import Tender

_COLUMNS = (
    "seq, desk_id, kind, till_id, shift_id, cashier, member_id, method, paid_minor,"
    " tendered_minor, change_minor, reference, booking_key, bonus_minor,"
    " principal_after_minor, bonus_after_minor, entitlement_id, currency, receipt_text,"
    " occurred_at_ms"
)


@dataclass(frozen=True)
class DeskRow:
    seq: int
    entry: MemberDeskEntry
    receipt_text: str
    occurred_at_ms: int


class MemberDeskRepository:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def insert(self, seq: int, e: MemberDeskEntry, receipt_text: str, at_ms: int) -> None:
        t = e.tender
        self._conn.execute(
            f"INSERT INTO member_desk ({_COLUMNS}) VALUES"
            " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                seq,
                e.desk_id,
                e.kind,
                e.till_id,
                e.shift_id,
                e.cashier,
                e.member_id,
                t.method,
                e.paid_minor,
                t.tendered_minor,
                t.change_minor,
                t.reference,
                e.booking_key,
                e.bonus_minor,
                e.principal_after_minor,
                e.bonus_after_minor,
                e.entitlement_id,
                e.currency,
                receipt_text,
                at_ms,
            ),  # fmt: skip
        )

    def by_seq(self, seq: int) -> DeskRow | None:
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM member_desk WHERE seq = ?", (seq,)
        ).fetchone()
        if row is None:
            return None
        (seq, desk_id, kind, till_id, shift_id, cashier, member_id, method, paid, tendered,
         change, reference, key, bonus, p_after, b_after, card, currency, text, at) = row  # fmt: skip
        entry = MemberDeskEntry(
            desk_id, kind, till_id, cashier, shift_id, member_id, int(paid),
            Tender(method, int(paid), int(tendered), int(change), reference), key, currency,
            int(bonus), int(p_after), int(b_after), int(card),
        )  # fmt: skip
        return DeskRow(int(seq), entry, text, int(at))
