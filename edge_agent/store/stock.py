"""Movements and the stock levels derived from them, updated in the same transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence

from common.domain.costing import StockPosition, apply_movement, position_after
from common.domain.limits import check_stock_level
from common.i18n import _
from edge_agent.domain.journal import Movement


class StockRepository:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        # Off for head office's orders applied downstream (edge_agent.services.downstream):
        # refusing one would stop the stream for good; the store's own documents are checked.
        self.enforce_level_limit = True

    def book(self, seq: int, movements: Sequence[Movement]) -> None:
        """Record each movement and move its SKU's level; levels are touched in SKU order so
        every writer takes row locks in the same order. A level may go negative (invariant 1)."""
        self._conn.executemany(
            "INSERT INTO movements (seq, sku, qty_base, reason, unit_cost_minor)"
            " VALUES (?, ?, ?, ?, ?)",
            [(seq, m.sku, m.qty_base, m.reason, m.unit_cost_minor) for m in movements],
        )
        deltas: dict[str, int] = {}
        for m in movements:
            deltas[m.sku] = deltas.get(m.sku, 0) + m.qty_base
        if self.enforce_level_limit:
            self._check_levels_after(deltas)
        self._conn.executemany(
            "INSERT INTO stock_levels (sku, qty_base) VALUES (?, ?)"
            " ON CONFLICT (sku) DO UPDATE SET qty_base = qty_base + excluded.qty_base",
            sorted(deltas.items()),
        )

    def _check_levels_after(self, deltas: dict[str, int]) -> None:
        """Each level the movements leave stays within the range policy (negative allowed),
        so the caller's transaction rolls back before a level can overflow (issue 12)."""
        for sku, delta in sorted(deltas.items()):
            row = self._conn.execute(
                "SELECT qty_base FROM stock_levels WHERE sku = ?", (sku,)
            ).fetchone()
            check_stock_level(
                _("the stock level of {sku} after this document").format(sku=sku),
                (row[0] if row else 0) + delta,
            )

    def position(self, sku: str, start_cost_minor: int) -> StockPosition:
        """The SKU's level and moving-average cost now, by the rule head office applies to the
        same movements (common.domain.costing), from nothing at `start_cost_minor`."""
        rows = self._conn.execute(
            "SELECT qty_base, unit_cost_minor FROM movements WHERE sku = ? ORDER BY seq, id",
            (sku,),
        )
        return position_after(start_cost_minor, ((int(q), c) for q, c in rows))

    def positions(self, start_cost_minor: Mapping[str, int]) -> dict[str, StockPosition]:
        """Several SKUs' positions now, as position() gives each, in one pass over the
        movements in journal order: the movements have no index by SKU, so one query per
        SKU would read the whole table once per SKU (a count of 20,000 SKUs valued them so)."""
        found = {sku: StockPosition(0, cost) for sku, cost in start_cost_minor.items()}
        rows = self._conn.execute(
            "SELECT sku, qty_base, unit_cost_minor FROM movements ORDER BY seq, id"
        )
        for sku, qty, cost in rows:
            at = found.get(sku)
            if at is not None:
                found[sku] = apply_movement(at, int(qty), cost)[0]
        return found

    def level(self, sku: str) -> int:
        """The SKU's level now (0 when it never moved): inside a write transaction, exactly
        the book at the position of the entry being written."""
        row = self._conn.execute("SELECT qty_base FROM stock_levels WHERE sku = ?", (sku,))
        found = row.fetchone()
        return int(found[0]) if found else 0

    def stock_rows(self, sku: str = "") -> list[tuple[str, str, str, int]]:
        """(sku, name, unit, level) of every SKU with a level or a product, or of one SKU."""
        query = (
            "SELECT p.sku, p.name, p.unit, coalesce(s.qty_base, 0) FROM products p"
            " LEFT JOIN stock_levels s ON s.sku = p.sku"
            " UNION ALL"
            " SELECT s.sku, '', '', s.qty_base FROM stock_levels s"
            " WHERE s.sku NOT IN (SELECT sku FROM products)"
        )
        if sku:
            rows = self._conn.execute(f"SELECT * FROM ({query}) WHERE sku = ?", (sku,)).fetchall()
        else:
            rows = self._conn.execute(f"SELECT * FROM ({query}) ORDER BY 1").fetchall()
        return [(r[0], r[1], r[2], int(r[3])) for r in rows]

    def levels(self) -> list[tuple[str, int]]:
        """(sku, level) of every SKU with a level, by SKU."""
        return [
            (sku, int(qty))
            for sku, qty in self._conn.execute(
                "SELECT sku, qty_base FROM stock_levels ORDER BY sku"
            )
        ]

    def movement_sums(self) -> list[tuple[str, int]]:
        """(sku, sum of its movements) of every SKU that ever moved, by SKU."""
        return [
            (sku, int(qty))
            for sku, qty in self._conn.execute(
                "SELECT sku, sum(qty_base) FROM movements GROUP BY sku ORDER BY sku"
            )
        ]
