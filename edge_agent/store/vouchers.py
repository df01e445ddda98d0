"""The till's records of voucher redemptions (migration 0021), one row per request id."""

from __future__ import annotations

import json
import sqlite3

from edge_agent.domain.vouchers import VERIFYING, VoucherRecord

_COLUMNS = (
    "request_id, state, platform, code_masked, count, till_id, cashier, redemption_id,"
    " product_id, title, moves, journal_seq, cancel_journal_seq, cancel_until_ms, created_at_ms"
)


def _record(row: tuple) -> VoucherRecord:  # type: ignore[type-arg]
    (request_id, state, platform, masked, count, till_id, cashier, redemption_id, product_id,
     title, moves, seq, cancel_seq, cancel_until, created) = row  # fmt: skip
    return VoucherRecord(
        request_id, state, platform, masked, int(count), till_id, cashier, redemption_id,
        product_id, title, tuple((sku, int(qty)) for sku, qty in json.loads(moves)), int(seq),
        int(cancel_seq), int(cancel_until), int(created),
    )  # fmt: skip


class VouchersRepository:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def by_request(self, request_id: str) -> VoucherRecord | None:
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM voucher_redemptions WHERE request_id = ?", (request_id,)
        ).fetchone()
        return None if row is None else _record(row)

    def by_redemption(self, redemption_id: str) -> VoucherRecord | None:
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM voucher_redemptions WHERE redemption_id = ?",
            (redemption_id,),
        ).fetchone()
        return None if row is None else _record(row)

    def in_state(self, state: str) -> list[VoucherRecord]:
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM voucher_redemptions WHERE state = ? ORDER BY created_at_ms",
            (state,),
        )
        return [_record(r) for r in rows]

    def start(self, r: VoucherRecord, now_ms: int) -> None:
        """The request recorded before head office is asked (state verifying)."""
        self._conn.execute(
            "INSERT INTO voucher_redemptions (request_id, state, platform, code_masked, count,"
            " till_id, cashier, created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (r.request_id, VERIFYING, r.platform, r.code_masked, r.count, r.till_id, r.cashier,
             now_ms, now_ms),
        )  # fmt: skip

    def forget(self, request_id: str) -> None:
        """Head office refused the request: the till keeps nothing of it."""
        self._conn.execute(
            "DELETE FROM voucher_redemptions WHERE request_id = ? AND state = ?",
            (request_id, VERIFYING),
        )

    def redeemed(self, r: VoucherRecord, now_ms: int) -> None:
        """Head office's answer and the journal entry, with the entry's transaction."""
        self._conn.execute(
            "UPDATE voucher_redemptions SET state = ?, platform = ?, code_masked = ?,"
            " redemption_id = ?, product_id = ?, title = ?, moves = ?, journal_seq = ?,"
            " cancel_until_ms = ?, updated_at_ms = ? WHERE request_id = ?",
            (r.state, r.platform, r.code_masked, r.redemption_id, r.product_id, r.title,
             json.dumps([list(m) for m in r.moves]), r.journal_seq, r.cancel_until_ms, now_ms,
             r.request_id),
        )  # fmt: skip

    def set_state(
        self, request_id: str, state: str, now_ms: int, cancel_journal_seq: int = 0
    ) -> None:
        self._conn.execute(
            "UPDATE voucher_redemptions SET state = ?, cancel_journal_seq = ?, updated_at_ms = ?"
            " WHERE request_id = ?",
            (state, cancel_journal_seq, now_ms, request_id),
        )
