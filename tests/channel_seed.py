"""A confirmed online order queued for a store, straight into head office's database, the
way the channel services do it (a reservation with its lines reserved, each change naming
it, and the ChannelOrder on the store's downstream feed), for tests of the store's side
while head office's channel API is elsewhere."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa

from common.clock import now_ms
from common.pb.storeledger.v1 import channels_pb2, sync_pb2
from headoffice.store.channel_tables import channel_reservation_lines, channel_reservations
from headoffice.store.channels_repo import ChannelsRepository
from headoffice.store.engine import create_engine
from headoffice.store.tables import downstream_events


def headoffice_url(data_dir: Path, db_url: str | None) -> str:
    """The database a chain's head office serves (embedded SQLite unless given one)."""
    return db_url or f"sqlite:///{(data_dir / 'headoffice.db').resolve()}"


def queue_confirmed_order(
    db_url: str,
    store: str,
    lines: Sequence[tuple[str, int]],
    channel: str = "mall",
    order_ref: str = "M-1",
) -> str:
    """Its reservation id (CR000001...)."""
    at = now_ms()
    engine = create_engine(db_url)
    try:
        with engine.begin() as conn:
            rid = conn.execute(
                channel_reservations.insert().values(
                    channel=channel,
                    store_code=store,
                    idempotency_key=f"{order_ref}-{at}",
                    request_hash="test",
                    order_ref=order_ref,
                    state="confirmed",
                    created_at_ms=at,
                    confirmed_at_ms=at,
                )  # fmt: skip
            ).inserted_primary_key[0]
            code = f"CR{rid:06d}"
            repo = ChannelsRepository(conn)
            for n, (sku, qty) in enumerate(lines, 1):
                conn.execute(
                    channel_reservation_lines.insert().values(
                        reservation_id=rid, line_no=n, store_code=store, sku=sku, qty_base=qty
                    )
                )
                repo.add_state(store, sku, "reserved", qty, "reservation", code, "", channel, at)
            order = channels_pb2.ChannelOrder(
                reservation_id=code, channel=channel, order_ref=order_ref, state="confirmed",
                lines=[channels_pb2.ReservationLine(sku=s, qty_base=q) for s, q in lines],
                confirmed_at_ms=at,
            )  # fmt: skip
            event = sync_pb2.DownstreamEvent(channel_order=order, created_at_ms=at)
            conn.execute(
                downstream_events.insert().values(
                    sku="",
                    created_at_ms=at,
                    store_code=store,
                    payload=event.SerializeToString(),
                )  # fmt: skip
            )
    finally:
        engine.dispose()
    return code


def reservation_row(db_url: str, code: str) -> sa.Row:  # type: ignore[type-arg]
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return conn.execute(
                sa.select(channel_reservations).where(channel_reservations.c.id == int(code[2:]))
            ).one()
    finally:
        engine.dispose()


def stock_state_rows(db_url: str, store: str) -> dict[str, tuple[int, int]]:
    """SKU -> (reserved, committed) at the store."""
    from headoffice.store.channel_tables import stock_states as s

    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.select(s.c.sku, s.c.reserved_base, s.c.committed_base).where(
                    s.c.store_code == store
                )
            )
            return {sku: (int(r), int(c)) for sku, r, c in rows}
    finally:
        engine.dispose()
