"""Supplier deliveries as recorded documents, found again by their idempotency keys."""

from __future__ import annotations

import sqlite3

from edge_agent.domain.receiving import SupplierDelivery


class DeliveriesRepository:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def insert(
        self, seq: int, delivery: SupplierDelivery, actor: str, idempotency_key: str
    ) -> None:
        self._conn.execute(
            "INSERT INTO supplier_deliveries (delivery_id, seq, supplier_ref, actor, idempotency_key)"
            " VALUES (?, ?, ?, ?, ?)",
            (delivery.delivery_id, seq, delivery.supplier_ref, actor, idempotency_key or None),
        )

    def by_key(self, key: str) -> int | None:
        """The journal seq of the delivery recorded under an idempotency key."""
        if not key:
            return None
        row = self._conn.execute(
            "SELECT seq FROM supplier_deliveries WHERE idempotency_key = ?", (key,)
        ).fetchone()
        return None if row is None else int(row[0])
