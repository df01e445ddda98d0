"""The store's count sessions, their SKUs and count lines, and SKUs' shelf locations.

The journal entries are the record; these rows are written in the same transaction as
each entry (edge_agent.services.counting) so a session reads back without decoding it.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from common.domain.stocktake import CountedLine, Scope, Tolerance
from edge_agent.domain.counts import CountSession

_COLUMNS = (
    "session_id", "origin", "state", "scope_kind", "categories", "locations", "abc_classes",
    "selling_locations",
    "a_bp", "b_bp", "c_bp", "value_minor", "second_approval_minor", "title", "blind", "note",
    "round", "first_approver", "approved_by", "second_approved_by", "created_by",
    "created_at_ms", "opened_seq", "closed_seq",
)  # fmt: skip
_LINE_COLUMNS = (
    "seq", "sku", "qty_base", "round", "book_qty_base", "counter", "location", "reason",
    "scanned_code", "line_id",
)  # fmt: skip


def _joined(codes: tuple[str, ...]) -> str:
    return "\n".join(codes)


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split("\n")) if text else ()


class CountsRepository:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    # -- sessions ------------------------------------------------------------------------
    def save(self, s: CountSession) -> None:
        """Insert or update a session row; its scope SKUs and classes are written by
        `set_skus` (once, when it opens) and its recount SKUs by `set_recount`."""
        values = (
            s.session_id, s.origin, s.state, s.scope.kind, _joined(s.scope.categories),
            _joined(s.scope.locations), _joined(s.scope.abc_classes),
            _joined(s.selling_locations), s.tolerance.a_bp,
            s.tolerance.b_bp, s.tolerance.c_bp, s.tolerance.value_minor,
            s.tolerance.second_approval_minor, s.title, int(s.blind), s.note, s.round,
            s.first_approver, s.approved_by, s.second_approved_by, s.created_by,
            s.created_at_ms, s.opened_seq, s.closed_seq or None,
        )  # fmt: skip
        updates = ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS[1:])
        self._conn.execute(
            f"INSERT INTO count_sessions ({', '.join(_COLUMNS)})"
            f" VALUES ({', '.join('?' for _ in _COLUMNS)})"
            f" ON CONFLICT (session_id) DO UPDATE SET {updates}",
            values,
        )

    def set_skus(
        self, session_id: str, scope_skus: tuple[str, ...], classes: dict[str, str]
    ) -> None:
        rows = {sku: [1, "C", 0] for sku in scope_skus}
        for sku, abc in classes.items():
            rows.setdefault(sku, [0, "C", 0])[1] = abc
        self._conn.executemany(
            "INSERT INTO count_session_skus (session_id, sku, in_scope, abc_class, recount)"
            " VALUES (?, ?, ?, ?, ?)",
            [(session_id, sku, *v) for sku, v in sorted(rows.items())],
        )

    def set_recount(self, session_id: str, skus: tuple[str, ...]) -> None:
        self._conn.execute(
            "UPDATE count_session_skus SET recount = 0 WHERE session_id = ?", (session_id,)
        )
        self._conn.executemany(
            "INSERT INTO count_session_skus (session_id, sku, recount) VALUES (?, ?, 1)"
            " ON CONFLICT (session_id, sku) DO UPDATE SET recount = 1",
            [(session_id, sku) for sku in skus],
        )

    def get(self, session_id: str) -> CountSession | None:
        rows = self._select("WHERE session_id = ?", (session_id,))
        return rows[0] if rows else None

    def select(self, state: str = "") -> list[CountSession]:
        """Newest first."""
        if state:
            return self._select("WHERE state = ?", (state,))
        return self._select("", ())

    def open_sessions(self) -> list[CountSession]:
        """Sessions not posted or cancelled (their SKUs are taken)."""
        return self._select("WHERE state NOT IN ('posted', 'cancelled')", ())

    def _select(self, where: str, params: tuple[Any, ...]) -> list[CountSession]:
        found = self._conn.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM count_sessions {where} ORDER BY opened_seq DESC",
            params,
        ).fetchall()
        return [self._session(dict(zip(_COLUMNS, r, strict=True))) for r in found]

    def _session(self, r: dict[str, Any]) -> CountSession:
        in_scope: list[str] = []
        classes: dict[str, str] = {}
        recount: list[str] = []
        for sku, scoped, abc, again in self._conn.execute(
            "SELECT sku, in_scope, abc_class, recount FROM count_session_skus"
            " WHERE session_id = ? ORDER BY sku",
            (r["session_id"],),
        ):
            if scoped:
                in_scope.append(sku)
            if abc != "C":
                classes[sku] = abc
            if again:
                recount.append(sku)
        scope = Scope(
            r["scope_kind"],
            categories=_split(r["categories"]),
            locations=_split(r["locations"]),
            abc_classes=_split(r["abc_classes"]),
            skus=tuple(in_scope),
        )
        tolerance = Tolerance(
            int(r["a_bp"]), int(r["b_bp"]), int(r["c_bp"]), int(r["value_minor"]),
            int(r["second_approval_minor"]),
        )  # fmt: skip
        return CountSession(
            session_id=r["session_id"],
            origin=r["origin"],
            state=r["state"],
            scope=scope,
            tolerance=tolerance,
            classes=classes,
            selling_locations=_split(r["selling_locations"]),
            title=r["title"],
            blind=bool(r["blind"]),
            note=r["note"],
            round=int(r["round"]),
            recount_skus=tuple(recount),
            first_approver=r["first_approver"],
            approved_by=r["approved_by"],
            second_approved_by=r["second_approved_by"],
            created_by=r["created_by"],
            created_at_ms=int(r["created_at_ms"]),
            opened_seq=int(r["opened_seq"]),
            closed_seq=int(r["closed_seq"] or 0),
        )

    # -- lines ---------------------------------------------------------------------------
    def add_line(self, session_id: str, line: CountedLine) -> None:
        self._conn.execute(
            f"INSERT INTO count_lines (session_id, {', '.join(_LINE_COLUMNS)})"
            f" VALUES (?, {', '.join('?' for _ in _LINE_COLUMNS)})",
            (session_id, *(getattr(line, c) for c in _LINE_COLUMNS)),
        )
        if line.sku and line.location:
            self.set_location(line.sku, line.location, line.seq)

    def lines(
        self, session_id: str, sku: str | None = None, counter: str = ""
    ) -> list[CountedLine]:
        """The session's lines in journal order (of one SKU, of one counter, when given)."""
        where, params = "WHERE session_id = ?", [session_id]
        if sku is not None:
            where += " AND sku = ?"
            params.append(sku)
        if counter:
            where += " AND counter = ?"
            params.append(counter)
        rows = self._conn.execute(
            f"SELECT {', '.join(_LINE_COLUMNS)} FROM count_lines {where} ORDER BY seq", params
        )
        return [self._line(r) for r in rows]

    def line_at(self, seq: int) -> tuple[str, CountedLine] | None:
        """The session and line journalled as entry `seq`."""
        row = self._conn.execute(
            f"SELECT session_id, {', '.join(_LINE_COLUMNS)} FROM count_lines WHERE seq = ?",
            (seq,),
        ).fetchone()
        return None if row is None else (row[0], self._line(row[1:]))

    @staticmethod
    def _line(r: tuple[Any, ...]) -> CountedLine:
        seq, sku, qty, rnd, book, counter, location, reason, code, line_id = r
        return CountedLine(
            int(seq), sku, int(qty), int(rnd), int(book), counter, location, reason, code, line_id
        )

    # -- shelf locations -------------------------------------------------------------------
    def set_location(self, sku: str, location: str, seq: int) -> None:
        self._conn.execute(
            "INSERT INTO sku_locations (sku, location, seq) VALUES (?, ?, ?)"
            " ON CONFLICT (sku) DO UPDATE SET location = excluded.location, seq = excluded.seq",
            (sku, location, seq),
        )

    def locations(self) -> dict[str, str]:
        """SKU -> its shelf location."""
        return dict(self._conn.execute("SELECT sku, location FROM sku_locations"))

    # -- the chain's tolerance (sent by head office) --------------------------------------
    def tolerance(self) -> Tolerance:
        """What the store's own sessions open with: head office's [counts], once sent."""
        row = self._conn.execute(
            "SELECT a_bp, b_bp, c_bp, value_minor, second_approval_minor FROM count_tolerance"
        ).fetchone()
        return Tolerance() if row is None else Tolerance(*(int(v) for v in row))

    def set_tolerance(self, t: Tolerance) -> None:
        self._conn.execute(
            "UPDATE count_tolerance SET a_bp = ?, b_bp = ?, c_bp = ?, value_minor = ?,"
            " second_approval_minor = ? WHERE id = 1",
            (t.a_bp, t.b_bp, t.c_bp, t.value_minor, t.second_approval_minor),
        )

    # -- key items (handover spot counts) -------------------------------------------------
    def key_items(self) -> list[str]:
        """The SKUs counted at each shift handover, in the order they are counted."""
        rows = self._conn.execute("SELECT sku FROM key_items ORDER BY position, sku").fetchall()
        return [r[0] for r in rows]

    def key_items_order_cursor(self) -> int:
        """The downstream cursor of the last key items order from head office applied here."""
        row = self._conn.execute("SELECT cursor FROM key_items_order WHERE id = 1").fetchone()
        return 0 if row is None else int(row[0])

    def set_key_items_order_cursor(self, cursor: int) -> None:
        self._conn.execute("UPDATE key_items_order SET cursor = ? WHERE id = 1", (cursor,))

    def set_key_items(self, skus: tuple[str, ...], by: str, at_ms: int) -> None:
        self._conn.execute("DELETE FROM key_items")
        self._conn.executemany(
            "INSERT INTO key_items (sku, position, set_by, set_at_ms) VALUES (?, ?, ?, ?)",
            [(sku, n, by, at_ms) for n, sku in enumerate(skus, start=1)],
        )
