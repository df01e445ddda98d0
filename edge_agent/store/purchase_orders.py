"""Expected purchase orders, their received quantities, and supplier returns in the ledger."""

from __future__ import annotations

import sqlite3

from edge_agent.domain.purchase_orders import ExpectedLine, ExpectedOrder


class PurchaseOrdersRepository:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def save_expected(self, order: ExpectedOrder, cursor: int) -> None:
        """Insert or update an order from head office; a line's received quantity stays the
        store's."""
        self._conn.execute(
            "INSERT INTO expected_orders (po_id, supplier_code, supplier_name, head_office_state,"
            " currency, over_tolerance_pct, updated_cursor) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (po_id) DO UPDATE SET supplier_name = excluded.supplier_name,"
            " head_office_state = excluded.head_office_state,"
            " updated_cursor = excluded.updated_cursor",
            (
                order.po_id,
                order.supplier_code,
                order.supplier_name,
                order.head_office_state,
                order.currency,
                order.over_tolerance_pct,
                cursor,
            ),
        )
        self._conn.executemany(
            "INSERT INTO expected_order_lines (po_id, line_no, sku, name, ordered_qty_base,"
            " unit_cost_minor, received_qty_base) VALUES (?, ?, ?, ?, ?, ?, 0)"
            " ON CONFLICT (po_id, line_no) DO UPDATE SET name = excluded.name",
            [
                (order.po_id, ln.line_no, ln.sku, ln.name, ln.ordered_qty_base, ln.unit_cost_minor)
                for ln in order.lines
            ],
        )

    def get(self, po_id: str) -> ExpectedOrder | None:
        orders = self._orders("WHERE po_id = ?", (po_id,))
        return orders[0] if orders else None

    def all(self) -> list[ExpectedOrder]:
        return self._orders("", ())

    def _orders(self, where: str, params: tuple[str, ...]) -> list[ExpectedOrder]:
        heads = self._conn.execute(
            "SELECT po_id, supplier_code, supplier_name, head_office_state, currency,"
            f" over_tolerance_pct FROM expected_orders {where} ORDER BY updated_cursor, po_id",
            params,
        ).fetchall()
        result = []
        for po_id, supplier, name, state, currency, tolerance in heads:
            lines = self._conn.execute(
                "SELECT line_no, sku, name, ordered_qty_base, unit_cost_minor, received_qty_base"
                " FROM expected_order_lines WHERE po_id = ? ORDER BY line_no",
                (po_id,),
            ).fetchall()
            result.append(
                ExpectedOrder(
                    po_id,
                    supplier,
                    name,
                    state,
                    currency,
                    int(tolerance),
                    tuple(
                        ExpectedLine(int(a), b, c, int(d), int(e), int(f))
                        for a, b, c, d, e, f in lines
                    ),
                )
            )
        return result

    def add_received(self, po_id: str, lines: list[tuple[str, int, int]]) -> None:
        self._conn.executemany(
            "UPDATE expected_order_lines SET received_qty_base = received_qty_base + ?"
            " WHERE po_id = ? AND sku = ?",
            [(qty, po_id, sku) for sku, qty, _ in lines],
        )

    def insert_supplier_return(
        self,
        return_id: str,
        seq: int,
        supplier_code: str,
        reason: str,
        actor: str,
        idempotency_key: str,
    ) -> None:
        self._conn.execute(
            "INSERT INTO supplier_returns (return_id, seq, supplier_code, reason, actor,"
            " idempotency_key) VALUES (?, ?, ?, ?, ?, ?)",
            (return_id, seq, supplier_code, reason, actor, idempotency_key or None),
        )

    def supplier_return_by_key(self, key: str) -> int | None:
        """The journal seq of the supplier return recorded under an idempotency key."""
        if not key:
            return None
        row = self._conn.execute(
            "SELECT seq FROM supplier_returns WHERE idempotency_key = ?", (key,)
        ).fetchone()
        return None if row is None else int(row[0])
