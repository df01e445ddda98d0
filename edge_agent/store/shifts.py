"""Shifts and their events, no-sales and voids per till, Z numbers, and the totals reports read.

Every table here carries till_id, shift_id and occurred_at_ms, so one filter
serves both reports: a shift (X, close) or a till's business day (Z).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from edge_agent.domain.reports import TillTotals
from edge_agent.domain.shift import Shift


@dataclass(frozen=True)
class Scope:
    """Which rows a report covers: one shift; one till's journal after an entry (a Z
    covers everything since the till's previous Z); or one till's [start, end) day."""

    shift_id: str = ""
    till_id: str = ""
    start_ms: int = 0
    end_ms: int = 0
    after_seq: int | None = None

    def where(self, alias: str) -> tuple[str, tuple]:
        if self.shift_id:
            return f"{alias}.shift_id = ?", (self.shift_id,)
        if self.after_seq is not None:
            return f"{alias}.till_id = ? AND {alias}.seq > ?", (self.till_id, self.after_seq)
        return (
            f"{alias}.till_id = ? AND {alias}.occurred_at_ms >= ? AND {alias}.occurred_at_ms < ?",
            (self.till_id, self.start_ms, self.end_ms),
        )


class ShiftsRepository:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def open_shift_of(self, till_id: str) -> Shift | None:
        row = self._conn.execute(
            "SELECT shift_id, till_id, cashier, float_minor, opened_at_ms, closed_at_ms FROM shifts"
            " WHERE till_id = ? AND closed_at_ms IS NULL",
            (till_id,),
        ).fetchone()
        return None if row is None else Shift(*row)

    def insert_shift(self, shift: Shift, open_seq: int) -> None:
        self._conn.execute(
            "INSERT INTO shifts (shift_id, till_id, cashier, float_minor, opened_at_ms, open_seq)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                shift.shift_id,
                shift.till_id,
                shift.cashier,
                shift.float_minor,
                shift.opened_at_ms,
                open_seq,
            ),
        )

    def close_shift(
        self,
        shift_id: str,
        seq: int,
        closed_at_ms: int,
        counted_minor: int,
        expected_minor: int,
    ) -> None:
        self._conn.execute(
            "UPDATE shifts SET closed_at_ms = ?, close_seq = ?, counted_minor = ?, expected_minor = ?"
            " WHERE shift_id = ?",
            (closed_at_ms, seq, counted_minor, expected_minor, shift_id),
        )

    def insert_event(
        self,
        seq: int,
        shift_id: str,
        till_id: str,
        kind: str,
        amount_minor: int,
        occurred_at_ms: int,
    ) -> None:
        self._conn.execute(
            "INSERT INTO shift_events (seq, shift_id, till_id, kind, amount_minor, occurred_at_ms)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (seq, shift_id, till_id, kind, amount_minor, occurred_at_ms),
        )

    def insert_till_action(
        self,
        seq: int,
        till_id: str,
        shift_id: str,
        kind: str,
        occurred_at_ms: int,
    ) -> None:
        self._conn.execute(
            "INSERT INTO till_actions (seq, till_id, shift_id, kind, occurred_at_ms)"
            " VALUES (?, ?, ?, ?, ?)",
            (seq, till_id, shift_id or None, kind, occurred_at_ms),
        )

    def sales_count(self, shift_id: str) -> int:
        return int(
            self._conn.execute(
                "SELECT count(*) FROM sales WHERE shift_id = ?", (shift_id,)
            ).fetchone()[0]
        )

    def z_number(self, till_id: str, business_date: str) -> int | None:
        row = self._conn.execute(
            "SELECT number FROM z_reports WHERE till_id = ? AND business_date = ?",
            (till_id, business_date),
        ).fetchone()
        return None if row is None else int(row[0])

    def last_z(self, till_id: str) -> tuple[int, str, int] | None:
        """(number, business date, journal seq) of the till's latest Z report, if any."""
        row = self._conn.execute(
            "SELECT number, business_date, seq FROM z_reports WHERE till_id = ?"
            " ORDER BY number DESC LIMIT 1",
            (till_id,),
        ).fetchone()
        return None if row is None else (int(row[0]), str(row[1]), int(row[2]))

    def next_z_number(self, till_id: str) -> int:
        row = self._conn.execute(
            "SELECT coalesce(max(number), 0) + 1 FROM z_reports WHERE till_id = ?", (till_id,)
        ).fetchone()
        return int(row[0])

    def insert_z(self, till_id: str, business_date: str, number: int, seq: int) -> None:
        self._conn.execute(
            "INSERT INTO z_reports (till_id, business_date, number, seq) VALUES (?, ?, ?, ?)",
            (till_id, business_date, number, seq),
        )

    def totals(self, scope: Scope, float_minor: int | None = None) -> TillTotals:
        """Totals of the sales, returns, tenders, cash movements, no-sales and voids in scope.

        float_minor: a shift's float (X, close); None for a day (Z), which adds the
        floats of the shifts opened that day (not those taken over at a handover).
        """
        t = TillTotals()
        w, p = scope.where("s")
        count, total, discounts, rounding = self._conn.execute(
            "SELECT count(*), coalesce(sum(total_minor), 0), coalesce(sum(discount_minor), 0),"
            f" coalesce(sum(rounding_minor), 0) FROM sales s WHERE {w}",
            p,
        ).fetchone()
        t.sales_count, t.sales_minor = int(count), int(total)
        t.discounts_minor, t.rounding_minor = int(discounts), int(rounding)
        for method, n, amount in self._conn.execute(
            "SELECT t.method, count(*), sum(t.amount_minor) FROM tenders t"
            f" JOIN sales s ON s.sale_id = t.sale_id WHERE {w} GROUP BY t.method",
            p,
        ):
            t.tenders[method] = (int(n), int(amount))
        w, p = scope.where("r")
        count, total = self._conn.execute(
            f"SELECT count(*), coalesce(sum(total_minor), 0) FROM returns r WHERE {w}", p
        ).fetchone()
        t.returns_count, t.returns_minor = int(count), int(total)
        t.cash_refunds_minor = int(
            self._conn.execute(
                "SELECT coalesce(sum(f.amount_minor), 0) FROM return_refunds f"
                f" JOIN returns r ON r.return_id = f.return_id WHERE {w} AND f.method = 'cash'",
                p,
            ).fetchone()[0]
        )
        w, p = scope.where("e")
        for kind, amount in self._conn.execute(
            f"SELECT kind, coalesce(sum(amount_minor), 0) FROM shift_events e WHERE {w} GROUP BY kind",
            p,
        ):
            if kind == "cash_in":
                t.cash_in_minor = int(amount)
            elif kind == "cash_out":
                t.cash_out_minor = int(amount)
            elif kind == "open" and float_minor is None:
                t.float_minor = int(amount)
        if float_minor is not None:
            t.float_minor = float_minor
        w, p = scope.where("d")
        for method, n, amount in self._conn.execute(
            "SELECT d.method, count(*), coalesce(sum(d.paid_minor), 0) FROM member_desk d"
            f" WHERE {w} GROUP BY d.method",
            p,
        ):
            t.member_desk[method] = (int(n), int(amount))
        w, p = scope.where("a")
        for kind, n in self._conn.execute(
            f"SELECT kind, count(*) FROM till_actions a WHERE {w} GROUP BY kind", p
        ):
            if kind == "no_sale":
                t.no_sale_count = int(n)
            elif kind == "void":
                t.void_count = int(n)
        return t
