"""An online order as head office's channel tables hold it, written straight into them (what
services.channel_reservations writes when a channel reserves): the order, its line and the
reserved state of the store's SKU. For the conflict tests until they reserve through it."""

from __future__ import annotations

import sqlalchemy as sa

from headoffice.store.channel_tables import (
    channel_reservation_lines,
    channel_reservations,
    stock_states,
)


def insert_reservation(
    conn: sa.Connection, store: str, sku: str, qty: int, at_ms: int, state: str = "confirmed"
) -> int:
    """A `state` order of `qty` of `sku` at `store` (picked: committed, else reserved); its id."""
    number = conn.execute(
        channel_reservations.insert()
        .values(channel="mall", store_code=store, idempotency_key=f"k{at_ms}", request_hash="h",
                state=state, created_at_ms=at_ms)
        .returning(channel_reservations.c.id)
    ).scalar_one()  # fmt: skip
    conn.execute(
        channel_reservation_lines.insert().values(
            reservation_id=number, line_no=1, store_code=store, sku=sku, qty_base=qty
        )
    )
    figure = "committed_base" if state == "picked" else "reserved_base"
    s = stock_states.c
    done = conn.execute(
        stock_states.update()
        .where(s.store_code == store, s.sku == sku)
        .values({figure: getattr(s, figure) + qty})
    ).rowcount
    if not done:
        values = {"reserved_base": 0, "committed_base": 0, "damaged_base": 0, "safety_base": 0}
        conn.execute(
            stock_states.insert().values(
                store_code=store, sku=sku, updated_at_ms=at_ms, **{**values, figure: qty}
            )
        )
    return int(number)
