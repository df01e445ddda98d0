"""Stock states per store and SKU (reserved, committed, damaged, safety) and the changes
that explain them (channel_tables.stock_states, stock_state_changes), on the unit of work.

Reserve is a compare-and-set on available. `lock_stock` makes it one: on PostgreSQL it
locks the store's stock_levels rows of the SKUs FOR UPDATE, then makes and locks their
stock_states rows with one upsert (INSERT .. ON CONFLICT DO UPDATE locks each existing row
as FOR UPDATE does), both in primary-key order (every writer of these rows locks in that
order, so two reserves never deadlock), and the figures it returns stay true until
commit. On SQLite the unit of work begins with BEGIN IMMEDIATE (store.engine): write
transactions run one after the other.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from headoffice.domain.channels import RESERVATION_DOCUMENT, StockFigures
from headoffice.store.channel_orders_sql import ADD_TO_STATE, LOCK_STOCK_PG
from headoffice.store.channel_tables import stock_state_changes, stock_states
from headoffice.store.tables import stock_levels

_STATE_COLUMNS = {
    "reserved": "reserved_base",
    "committed": "committed_base",
    "damaged": "damaged_base",
    "safety": "safety_base",
}


def _figures(on_hand: int, row: Any) -> StockFigures:
    if row is None:
        return StockFigures(on_hand=on_hand)
    return StockFigures(
        on_hand, int(row.reserved_base), int(row.committed_base), int(row.damaged_base),
        int(row.safety_base),
    )  # fmt: skip


class StockStatesRepository:
    """The stock-state part of ChannelsRepository (store.channels_repo)."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._state_rows: set[tuple[str, str]] = set()  # made or locked in this transaction

    def _insert(self, table: sa.Table) -> Any:
        if self._conn.dialect.name == "postgresql":
            return postgresql.insert(table)
        return sqlite.insert(table)

    def _ensure_state_rows(self, store_code: str, skus: Sequence[str], now_ms: int) -> None:
        skus = [sku for sku in skus if (store_code, sku) not in self._state_rows]
        if skus:
            self._conn.execute(
                self._insert(stock_states)
                .values(
                    [
                        {
                            "store_code": store_code,
                            "sku": sku,
                            "reserved_base": 0,
                            "committed_base": 0,
                            "damaged_base": 0,
                            "safety_base": 0,
                            "updated_at_ms": now_ms,
                        }
                        for sku in skus
                    ]
                )  # fmt: skip
                .on_conflict_do_nothing()
            )
            self._state_rows.update((store_code, sku) for sku in skus)

    def lock_stock(
        self, store_code: str, skus: Iterable[str], now_ms: int
    ) -> dict[str, StockFigures]:
        """The SKUs' figures, their rows locked until commit (the module docstring): the
        levels FOR UPDATE, then the states in one upsert that makes the missing rows and
        locks the others (ON CONFLICT DO UPDATE locks each row as FOR UPDATE does, in the
        order of its VALUES: key order), returning them. On PostgreSQL one statement
        (channel_orders_sql.LOCK_STOCK_PG)."""
        wanted = sorted(set(skus))
        self._state_rows.update((store_code, sku) for sku in wanted)
        if self._conn.dialect.name == "postgresql":
            rows = self._conn.execute(
                LOCK_STOCK_PG, {"store": store_code, "skus": wanted, "now": now_ms}
            )
            found = {row.sku: _figures(int(row.on_hand), row) for row in rows}
            return {sku: found[sku] for sku in wanted}
        levels = (
            sa.select(stock_levels.c.sku, stock_levels.c.qty_base)
            .where(stock_levels.c.store_code == store_code, stock_levels.c.sku.in_(wanted))
            .order_by(stock_levels.c.store_code, stock_levels.c.sku)
        )
        on_hand = {row.sku: int(row.qty_base) for row in self._conn.execute(levels)}
        insert = self._insert(stock_states).values(
            [
                {"store_code": store_code, "sku": sku, "reserved_base": 0, "committed_base": 0,
                 "damaged_base": 0, "safety_base": 0, "updated_at_ms": now_ms}
                for sku in wanted
            ]
        )  # fmt: skip
        upsert = insert.on_conflict_do_update(
            index_elements=[stock_states.c.store_code, stock_states.c.sku],
            # A write that changes nothing (not a key column: the update may stay HOT).
            set_={"updated_at_ms": stock_states.c.updated_at_ms},
        ).returning(stock_states)
        state_rows = {row.sku: row for row in self._conn.execute(upsert)}
        return {sku: _figures(on_hand.get(sku, 0), state_rows.get(sku)) for sku in wanted}

    def stock_figures(
        self, store_code: str, skus: Iterable[str] | None = None
    ) -> dict[str, StockFigures]:
        """Figures without locking; None: every SKU the store has a level or a state for."""
        return self._figures(store_code, None if skus is None else sorted(set(skus)))

    def _figures(self, store_code: str, skus: list[str] | None) -> dict[str, StockFigures]:
        levels = sa.select(stock_levels.c.sku, stock_levels.c.qty_base).where(
            stock_levels.c.store_code == store_code
        )
        states = sa.select(stock_states).where(stock_states.c.store_code == store_code)
        if skus is not None:
            levels = levels.where(stock_levels.c.sku.in_(skus))
            states = states.where(stock_states.c.sku.in_(skus))
        levels = levels.order_by(stock_levels.c.store_code, stock_levels.c.sku)
        states = states.order_by(stock_states.c.store_code, stock_states.c.sku)
        on_hand = {row.sku: int(row.qty_base) for row in self._conn.execute(levels)}
        state_rows = {row.sku: row for row in self._conn.execute(states)}
        every = skus if skus is not None else sorted(set(on_hand) | set(state_rows))
        return {sku: _figures(on_hand.get(sku, 0), state_rows.get(sku)) for sku in every}

    def add_state(
        self, store: str, sku: str, state: str, delta: int, document_type: str,
        document_id: str, reason: str, actor: str, now_ms: int,
    ) -> None:  # fmt: skip
        """Add `delta` to one state of one store's SKU and record the document explaining it.
        A state below zero is refused by the table's CHECK (IntegrityError): a bug, not input."""
        column = _STATE_COLUMNS[state]
        self._ensure_state_rows(store, [sku], now_ms)
        self._conn.execute(
            ADD_TO_STATE[column],
            {"b_store": store, "b_sku": sku, "b_delta": delta, "b_now": now_ms},
        )
        self._conn.execute(
            stock_state_changes.insert(),
            {
                "store_code": store, "sku": sku, "state": state, "delta_base": delta,
                "document_type": document_type, "document_id": document_id,
                "reason": reason[:200], "at_ms": now_ms, "actor": actor[:128],
            },
        )  # fmt: skip

    def state_changes(self, store: str, sku: str) -> list[tuple[str, int, str, str]]:
        """(state, delta, document_type, document_id) of one store's SKU, oldest first."""
        rows = self._conn.execute(
            sa.select(stock_state_changes)
            .where(stock_state_changes.c.store_code == store, stock_state_changes.c.sku == sku)
            .order_by(stock_state_changes.c.id)
        )
        return [(r.state, int(r.delta_base), r.document_type, r.document_id) for r in rows]

    def held_by(self, store_code: str, document_id: str) -> dict[tuple[str, str], int]:
        """(sku, state) -> what reservation `document_id` holds in that state now (its
        changes added up; the conflicts' cancels name the conflict and are not counted)."""
        c = stock_state_changes.c
        rows = self._conn.execute(
            sa.select(c.sku, c.state, sa.func.sum(c.delta_base))
            .where(
                c.store_code == store_code,
                c.document_type == RESERVATION_DOCUMENT,
                c.document_id == document_id,
            )
            .group_by(c.sku, c.state)
        )
        return {(sku, state): int(total) for sku, state, total in rows if total}
