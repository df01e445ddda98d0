"""Reservations as the store's pick and hand-over entries read and mark them, and the stock
states they move (channel_tables.py), on the unit of work as `uow.channel_orders`.

Small on purpose: reservations are made, confirmed and cancelled by the channel services
(services.channel_reservations); this holds only what applying a store's channel_pick and
channel_fulfilment entries needs.
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from headoffice.domain import channel_orders as co
from headoffice.domain.channel_orders import OrderAtHeadOffice
from headoffice.store.channel_tables import (
    channel_reservation_lines,
    channel_reservations,
    stock_state_changes,
    stock_states,
)

_STATE_COLUMNS = {
    "reserved": "reserved_base",
    "committed": "committed_base",
    "damaged": "damaged_base",
    "safety": "safety_base",
}


class ChannelOrdersRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def get_reservation(self, reservation_id: int, lock: bool = False) -> OrderAtHeadOffice | None:
        """The reservation with its lines; `lock` holds its row until the transaction ends
        (a cancel at head office waits for the entry being applied)."""
        r = channel_reservations
        query = sa.select(r).where(r.c.id == reservation_id)
        if lock:
            query = query.with_for_update()
        row = self._conn.execute(query).first()
        if row is None:
            return None
        lines = tuple(
            (line.sku, int(line.qty_base))
            for line in self._conn.execute(
                sa.select(channel_reservation_lines.c.sku, channel_reservation_lines.c.qty_base)
                .where(channel_reservation_lines.c.reservation_id == reservation_id)
                .order_by(channel_reservation_lines.c.line_no)
            )
        )
        return OrderAtHeadOffice(
            int(row.id), row.channel, row.store_code, row.state, row.order_ref, lines,
            int(row.confirmed_at_ms), int(row.picked_seq), int(row.fulfilled_seq),
        )  # fmt: skip

    def mark_picked(self, reservation_id: int, seq: int, now_ms: int) -> None:
        """The store's channel_pick entry `seq` applied: a confirmed order becomes picked (a
        cancelled one stays cancelled, the pick recorded)."""
        r = channel_reservations
        self._conn.execute(
            sa.update(r)
            .where(r.c.id == reservation_id)
            .values(
                picked_seq=seq,
                picked_at_ms=now_ms,
                state=sa.case((r.c.state == co.CONFIRMED, co.PICKED), else_=r.c.state),
            )
        )

    def mark_fulfilled(self, reservation_id: int, seq: int, now_ms: int) -> None:
        """The store's channel_fulfilment entry `seq` applied: a confirmed or picked order is
        fulfilled (a cancelled one stays cancelled, the hand-over recorded)."""
        r = channel_reservations
        self._conn.execute(
            sa.update(r)
            .where(r.c.id == reservation_id)
            .values(
                fulfilled_seq=seq,
                fulfilled_at_ms=now_ms,
                state=sa.case(
                    (r.c.state.in_((co.CONFIRMED, co.PICKED)), co.FULFILLED), else_=r.c.state
                ),
            )
        )

    def held_by(self, store_code: str, document_id: str) -> dict[tuple[str, str], int]:
        """(sku, state) -> what the document holds in that state now (its changes added up)."""
        c = stock_state_changes
        rows = self._conn.execute(
            sa.select(c.c.sku, c.c.state, sa.func.sum(c.c.delta_base))
            .where(
                c.c.store_code == store_code,
                c.c.document_type == co.DOCUMENT_TYPE,
                c.c.document_id == document_id,
            )
            .group_by(c.c.sku, c.c.state)
        )
        held: dict[tuple[str, str], int] = defaultdict(int)
        for sku, state, total in rows:
            if total:
                held[(sku, state)] += int(total)
        return dict(held)

    def add_state(
        self,
        store_code: str,
        sku: str,
        state: str,
        delta: int,
        document_type: str,
        document_id: str,
        reason: str,
        actor: str,
        now_ms: int,
    ) -> None:
        """Move one stock state of a store's SKU by `delta`, with the change that explains it
        (the table's CHECK refuses a state below zero)."""
        column = _STATE_COLUMNS[state]
        s = stock_states
        done = self._conn.execute(
            sa.update(s)
            .where(s.c.store_code == store_code, s.c.sku == sku)
            .values({column: s.c[column] + delta, "updated_at_ms": now_ms})
        )
        if not done.rowcount:
            zeros = {name: 0 for name in _STATE_COLUMNS.values()}
            self._conn.execute(
                sa.insert(s).values(
                    store_code=store_code,
                    sku=sku,
                    updated_at_ms=now_ms,
                    **{**zeros, column: delta},
                )  # fmt: skip
            )
        self._conn.execute(
            sa.insert(stock_state_changes).values(
                store_code=store_code,
                sku=sku,
                state=state,
                delta_base=delta,
                document_type=document_type,
                document_id=document_id,
                reason=reason[:200],
                at_ms=now_ms,
                actor=actor[:128],
            )  # fmt: skip
        )
