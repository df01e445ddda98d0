"""Returns as recorded documents, and what has already come back from each sale line.

The receipt_text column is no longer written (left empty): a return's receipt
is rendered from its journal entry whenever it is shown or printed.
"""

from __future__ import annotations

import sqlite3

from edge_agent.domain.returns import SaleReturn


class ReturnsRepository:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def returned_by_line(self, sale_id: str) -> dict[int, int]:
        """Quantity already returned per original line number of a sale."""
        return {
            int(line_no): int(qty)
            for line_no, qty in self._conn.execute(
                "SELECT l.original_line_no, sum(l.qty_base) FROM return_lines l"
                " JOIN returns r ON r.return_id = l.return_id"
                " WHERE r.original_sale_id = ? GROUP BY l.original_line_no",
                (sale_id,),
            )
        }

    def next_return_no(self) -> int:
        return int(
            self._conn.execute("SELECT coalesce(max(return_no), 0) + 1 FROM returns").fetchone()[0]
        )

    def by_key(self, key: str) -> int | None:
        """The journal seq of the return recorded under an idempotency key."""
        if not key:
            return None
        row = self._conn.execute(
            "SELECT seq FROM returns WHERE idempotency_key = ?", (key,)
        ).fetchone()
        return None if row is None else int(row[0])

    def seq_of(self, return_no: int) -> int | None:
        row = self._conn.execute(
            "SELECT seq FROM returns WHERE return_no = ?", (return_no,)
        ).fetchone()
        return None if row is None else int(row[0])

    def insert(
        self,
        seq: int,
        ret: SaleReturn,
        idempotency_key: str,
        occurred_at_ms: int,
    ) -> None:
        self._conn.execute(
            "INSERT INTO returns (return_id, return_no, seq, original_sale_id, till_id, cashier,"
            " shift_id, total_minor, idempotency_key, receipt_text, occurred_at_ms)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?)",
            (
                ret.return_id,
                ret.return_no,
                seq,
                ret.original_sale_id or None,
                ret.till_id,
                ret.cashier,
                ret.shift_id or None,
                ret.total_minor,
                idempotency_key or None,
                occurred_at_ms,
            ),
        )
        self._conn.executemany(
            "INSERT INTO return_lines (return_id, line_no, sku, qty_base, amount_minor,"
            " disposition, original_line_no) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    ret.return_id,
                    n,
                    line.sku,
                    line.qty_base,
                    line.amount_minor,
                    line.disposition,
                    line.original_line_no,
                )
                for n, line in enumerate(ret.lines, start=1)
            ],
        )
        self._conn.executemany(
            "INSERT INTO return_refunds (return_id, refund_no, method, amount_minor, reference)"
            " VALUES (?, ?, ?, ?, ?)",
            [
                (ret.return_id, n, t.method, t.amount_minor, t.reference)
                for n, t in enumerate(ret.refunds, start=1)
            ],
        )
