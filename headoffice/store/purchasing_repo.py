"""Suppliers, purchase orders (with their lines) and supplier returns in the database."""

from __future__ import annotations

import sqlalchemy as sa

from headoffice.domain.purchasing import OrderLine, PurchaseOrder, Supplier, SupplierReturn
from headoffice.store.document_tables import (
    purchase_order_lines,
    purchase_orders,
    supplier_returns,
    suppliers,
)
from headoffice.store.tables import movements

# -- suppliers -------------------------------------------------------------------


# -- purchase orders ---------------------------------------------------------------


# -- supplier returns ----------------------------------------------------------------


class PurchasingRepository:
    """Suppliers, purchase orders and supplier returns on the unit of work's connection."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def get_supplier(self, code: str) -> Supplier | None:
        row = self._conn.execute(sa.select(suppliers).where(suppliers.c.code == code)).first()
        return None if row is None else Supplier(**row._mapping)

    def list_suppliers(self) -> list[Supplier]:
        rows = self._conn.execute(sa.select(suppliers).order_by(suppliers.c.code))
        return [Supplier(**row._mapping) for row in rows]

    def insert_supplier(self, supplier: Supplier) -> None:
        self._conn.execute(
            suppliers.insert().values(
                code=supplier.code,
                name=supplier.name,
                contact=supplier.contact,
                created_at_ms=supplier.created_at_ms,
                created_by=supplier.created_by,
            )
        )

    def supplier_names(self, codes: set[str]) -> dict[str, str]:
        if not codes:
            return {}
        rows = self._conn.execute(
            sa.select(suppliers.c.code, suppliers.c.name).where(suppliers.c.code.in_(sorted(codes)))
        )
        return {code: name for code, name in rows}

    def insert_order(self, order: PurchaseOrder) -> int:
        """Insert a new order (its po_no is assigned here) with its lines; returns the po_no."""
        result = self._conn.execute(
            purchase_orders.insert().values(
                store_code=order.store_code,
                supplier_code=order.supplier_code,
                state=order.state,
                currency=order.currency,
                over_tolerance_pct=order.over_tolerance_pct,
                created_at_ms=order.created_at_ms,
                created_by=order.created_by,
                updated_at_ms=order.updated_at_ms,
            )
        )
        key = result.inserted_primary_key
        assert key is not None
        po_no = int(key[0])
        self._insert_lines(po_no, order.lines)
        return po_no

    def _insert_lines(self, po_no: int, lines: tuple[OrderLine, ...]) -> None:
        if lines:
            self._conn.execute(
                purchase_order_lines.insert(),
                [
                    {
                        "po_no": po_no,
                        "line_no": line.line_no,
                        "sku": line.sku,
                        "ordered_qty_base": line.ordered_qty_base,
                        "unit_cost_minor": line.unit_cost_minor,
                        "received_qty_base": line.received_qty_base,
                    }
                    for line in lines
                ],
            )

    def save_order(self, order: PurchaseOrder) -> None:
        """Write an existing order's state and lines (lines are replaced whole)."""
        self._conn.execute(
            purchase_orders.update()
            .where(purchase_orders.c.po_no == order.po_no)
            .values(state=order.state, updated_at_ms=order.updated_at_ms)
        )
        self._conn.execute(
            purchase_order_lines.delete().where(purchase_order_lines.c.po_no == order.po_no)
        )
        self._insert_lines(order.po_no, order.lines)

    def get_order(self, po_no: int, *, lock: bool = False) -> PurchaseOrder | None:
        """One order; lock=True holds its row for the rest of the transaction (PostgreSQL)."""
        query = sa.select(purchase_orders).where(purchase_orders.c.po_no == po_no)
        if lock:
            query = query.with_for_update()
        row = self._conn.execute(query).first()
        if row is None:
            return None
        return self._orders([row])[0]

    def list_orders(self, store_code: str = "", state: str = "") -> list[PurchaseOrder]:
        query = sa.select(purchase_orders).order_by(purchase_orders.c.po_no)
        if store_code:
            query = query.where(purchase_orders.c.store_code == store_code)
        if state:
            query = query.where(purchase_orders.c.state == state)
        return self._orders(list(self._conn.execute(query)))

    def _orders(self, rows: list[sa.Row]) -> list[PurchaseOrder]:
        numbers = [int(row.po_no) for row in rows]
        lines: dict[int, list[OrderLine]] = {n: [] for n in numbers}
        if numbers:
            for line in self._conn.execute(
                sa.select(purchase_order_lines)
                .where(purchase_order_lines.c.po_no.in_(numbers))
                .order_by(purchase_order_lines.c.po_no, purchase_order_lines.c.line_no)
            ):
                lines[int(line.po_no)].append(
                    OrderLine(
                        int(line.line_no),
                        line.sku,
                        int(line.ordered_qty_base),
                        int(line.unit_cost_minor),
                        int(line.received_qty_base),
                    )
                )
        return [
            PurchaseOrder(
                po_no=int(row.po_no),
                store_code=row.store_code,
                supplier_code=row.supplier_code,
                state=row.state,
                currency=row.currency,
                over_tolerance_pct=int(row.over_tolerance_pct),
                lines=tuple(lines[int(row.po_no)]),
                created_at_ms=int(row.created_at_ms),
                created_by=row.created_by,
                updated_at_ms=int(row.updated_at_ms),
            )
            for row in rows
        ]

    def insert_supplier_return(
        self,
        store_code: str,
        seq: int,
        return_id: str,
        supplier_code: str,
        reason: str,
        actor: str,
        occurred_at_ms: int,
    ) -> None:
        self._conn.execute(
            supplier_returns.insert().values(
                store_code=store_code,
                seq=seq,
                return_id=return_id,
                supplier_code=supplier_code,
                reason=reason,
                actor=actor,
                occurred_at_ms=occurred_at_ms,
            )
        )

    def list_supplier_returns(
        self, store_code: str = "", supplier_code: str = ""
    ) -> list[SupplierReturn]:
        query = sa.select(supplier_returns).order_by(
            supplier_returns.c.occurred_at_ms, supplier_returns.c.store_code, supplier_returns.c.seq
        )
        if store_code:
            query = query.where(supplier_returns.c.store_code == store_code)
        if supplier_code:
            query = query.where(supplier_returns.c.supplier_code == supplier_code)
        heads = list(self._conn.execute(query))
        result = []
        for head in heads:
            # The lines are the entry's own movements, valued as head office applied them.
            moved = self._conn.execute(
                sa.select(movements.c.sku, movements.c.qty_base, movements.c.unit_cost_minor)
                .where(
                    movements.c.store_code == head.store_code,
                    movements.c.seq == head.seq,
                    movements.c.reason == "supplier_return",
                )
                .order_by(movements.c.id)
            )
            result.append(
                SupplierReturn(
                    store_code=head.store_code,
                    seq=int(head.seq),
                    return_id=head.return_id,
                    supplier_code=head.supplier_code,
                    reason=head.reason,
                    actor=head.actor,
                    occurred_at_ms=int(head.occurred_at_ms),
                    lines=tuple((sku, -int(qty), int(cost)) for sku, qty, cost in moved),
                )
            )
        return result
