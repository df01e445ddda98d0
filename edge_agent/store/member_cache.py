"""The members this store looked up at head office, and the stored value it took offline
(migration 0018_member_cache)."""

from __future__ import annotations

import sqlite3

from edge_agent.domain.member_till import KnownMember

_COLUMNS = "member_id, card_no, qr_code, level, birthday, phone_masked, name_masked, balance_minor"


class MemberCacheRepository:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def put(self, member: KnownMember, seen_at_ms: int) -> None:
        """Keep head office's latest answer about the member (masked; no full phone or name)."""
        m = member
        self._conn.execute(
            f"INSERT INTO member_cache ({_COLUMNS}, seen_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (member_id) DO UPDATE SET card_no = excluded.card_no,"
            " qr_code = excluded.qr_code, level = excluded.level, birthday = excluded.birthday,"
            " phone_masked = excluded.phone_masked, name_masked = excluded.name_masked,"
            " balance_minor = excluded.balance_minor, seen_at_ms = excluded.seen_at_ms",
            (m.member_id, m.card_no, m.qr_code, m.level, m.birthday, m.phone_masked,
             m.name_masked, m.balance_minor, seen_at_ms),
        )  # fmt: skip

    def find(self, text: str) -> KnownMember | None:
        """The member with this id, card number or QR payload (as member_till.lookup_text
        gives it); None when this store never saw them."""
        if not text:
            return None
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM member_cache"
            " WHERE member_id = ? OR card_no = ? OR qr_code = ? ORDER BY seen_at_ms DESC LIMIT 1",
            (text, text, text),
        ).fetchone()
        if row is None:
            return None
        member_id, card, qr, level, birthday, phone, name, balance = row
        return KnownMember(member_id, card, qr, level, birthday, phone, name, int(balance))

    def set_balance(self, member_id: str, balance_minor: int) -> None:
        self._conn.execute(
            "UPDATE member_cache SET balance_minor = ? WHERE member_id = ?",
            (balance_minor, member_id),
        )

    def add_offline_debit(self, seq: int, member_id: str, amount_minor: int, key: str) -> None:
        self._conn.execute(
            "INSERT INTO member_offline_debits (seq, member_id, amount_minor, idem_key)"
            " VALUES (?, ?, ?, ?)",
            (seq, member_id, amount_minor, key),
        )

    def unreconciled_offline_minor(self, member_id: str, committed_seq: int) -> int:
        """What this store took from the member offline in sales head office has not yet
        confirmed (journal seq above the committed one)."""
        (total,) = self._conn.execute(
            "SELECT coalesce(sum(amount_minor), 0) FROM member_offline_debits"
            " WHERE member_id = ? AND seq > ?",
            (member_id, committed_seq),
        ).fetchone()
        return int(total)
