"""Transfers and their lines; the stock and shipment valuations a transfer reads."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from common.domain.transfer_states import OPEN
from headoffice.domain.transfers import LineState, Transfer
from headoffice.store.document_tables import transfer_lines, transfers
from headoffice.store.tables import movements


def _row(row: Any, lines: list[LineState]) -> Transfer:
    values = {k: v for k, v in row._mapping.items()}
    return Transfer(**values, lines=tuple(lines))


class TransfersRepository:
    """Transfers and their lines on the unit of work's connection."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def insert_transfer(
        self,
        from_store: str,
        to_store: str,
        lines: Iterable[tuple[str, int]],
        created_by: str,
        now_ms: int,
    ) -> int:
        result = self._conn.execute(
            transfers.insert().values(
                from_store=from_store,
                to_store=to_store,
                state=OPEN,
                created_at_ms=now_ms,
                created_by=created_by,
                updated_at_ms=now_ms,
                shipped_at_ms=0,
                shipped_seq=0,
                received_at_ms=0,
                received_seq=0,
                resolution="",
                resolved_by="",
                resolved_at_ms=0,
            )
        )
        key = result.inserted_primary_key
        assert key is not None
        number = int(key[0])
        self._conn.execute(
            transfer_lines.insert(),
            [
                {
                    "transfer_id": number,
                    "sku": sku,
                    "qty_base": qty,
                    "shipped_qty_base": 0,
                    "received_qty_base": 0,
                    "unit_cost_minor": 0,
                    "resolved_qty_base": 0,
                }
                for sku, qty in lines
            ],
        )
        return number

    def _lines(self, ids: list[int]) -> dict[int, list[LineState]]:
        out: dict[int, list[LineState]] = {i: [] for i in ids}
        if not ids:
            return out
        rows = self._conn.execute(
            sa.select(transfer_lines)
            .where(transfer_lines.c.transfer_id.in_(ids))
            .order_by(transfer_lines.c.transfer_id, transfer_lines.c.sku)
        )
        for row in rows:
            out[int(row.transfer_id)].append(
                LineState(
                    sku=row.sku,
                    qty_base=int(row.qty_base),
                    shipped_qty_base=int(row.shipped_qty_base),
                    received_qty_base=int(row.received_qty_base),
                    unit_cost_minor=int(row.unit_cost_minor),
                    resolved_qty_base=int(row.resolved_qty_base),
                )
            )
        return out

    def get_transfer(self, number: int, lock: bool = False) -> Transfer | None:
        """One transfer with its lines; lock=True holds its row until the transaction ends."""
        query = sa.select(transfers).where(transfers.c.id == number)
        if lock:
            query = query.with_for_update()
        row = self._conn.execute(query).one_or_none()
        if row is None:
            return None
        return _row(row, self._lines([number])[number])

    def list_transfers(self, state: str = "", store_code: str = "") -> list[Transfer]:
        query = sa.select(transfers).order_by(transfers.c.id)
        if state:
            query = query.where(transfers.c.state == state)
        if store_code:
            query = query.where(
                sa.or_(transfers.c.from_store == store_code, transfers.c.to_store == store_code)
            )
        rows = self._conn.execute(query).all()
        lines = self._lines([int(r.id) for r in rows])
        return [_row(r, lines[int(r.id)]) for r in rows]

    def in_transit_transfers(self, states: Iterable[str]) -> list[Transfer]:
        rows = self._conn.execute(
            sa.select(transfers).where(transfers.c.state.in_(list(states))).order_by(transfers.c.id)
        ).all()
        lines = self._lines([int(r.id) for r in rows])
        return [_row(r, lines[int(r.id)]) for r in rows]

    def save(self, before: Transfer, after: Transfer) -> None:
        """Write what changed between two states of one transfer (its row and its lines)."""
        changed = {
            name: getattr(after, name)
            for name in (
                "state",
                "updated_at_ms",
                "shipped_at_ms",
                "shipped_seq",
                "received_at_ms",
                "received_seq",
                "resolution",
                "resolved_by",
                "resolved_at_ms",
            )
            if getattr(after, name) != getattr(before, name)
        }
        if changed:
            self._conn.execute(
                transfers.update().where(transfers.c.id == after.id).values(**changed)
            )
        old = {line.sku: line for line in before.lines}
        for line in after.lines:
            if old.get(line.sku) == line:
                continue
            values = {
                "qty_base": line.qty_base,
                "shipped_qty_base": line.shipped_qty_base,
                "received_qty_base": line.received_qty_base,
                "unit_cost_minor": line.unit_cost_minor,
                "resolved_qty_base": line.resolved_qty_base,
            }
            if line.sku in old:
                self._conn.execute(
                    transfer_lines.update()
                    .where(
                        transfer_lines.c.transfer_id == after.id,
                        transfer_lines.c.sku == line.sku,
                    )
                    .values(**values)
                )
            else:
                self._conn.execute(
                    transfer_lines.insert().values(transfer_id=after.id, sku=line.sku, **values)
                )

    def movement_costs(self, store_code: str, seq: int) -> dict[str, int]:
        """The unit cost head office valued each SKU's movement of one journal entry at."""
        rows = self._conn.execute(
            sa.select(movements.c.sku, movements.c.unit_cost_minor).where(
                movements.c.store_code == store_code, movements.c.seq == seq
            )
        )
        return {sku: int(cost) for sku, cost in rows}
