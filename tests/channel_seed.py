"""Online orders written straight into head office's database, the way the channel services
leave them (a reservation with its lines, each line's state raised by a change naming it,
and for a confirmed order sent to the store the ChannelOrder on its downstream feed), for
tests of what happens after a reservation while head office's channel API is elsewhere:
the store's side (tests/integration) and head office applying picks and hand-overs
(tests/db). The one place tests seed reservations this way."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from common.clock import now_ms
from common.pb.storeledger.v1 import channels_pb2, sync_pb2
from headoffice.store.channel_tables import (
    channel_reservation_lines,
    channel_reservations,
    stock_states,
)
from headoffice.store.channels_repo import ChannelsRepository
from headoffice.store.engine import create_engine
from headoffice.store.tables import downstream_events


def headoffice_url(data_dir: Path, db_url: str | None) -> str:
    """The database a chain's head office serves (embedded SQLite unless given one)."""
    return db_url or f"sqlite:///{(data_dir / 'headoffice.db').resolve()}"


@contextmanager
def _engine(db: str | Engine) -> Iterator[Engine]:
    """The test's engine as it is, or one for a URL, disposed after."""
    if isinstance(db, Engine):
        yield db
        return
    engine = create_engine(db)
    try:
        yield engine
    finally:
        engine.dispose()


def seed_order(
    db: str | Engine,
    store: str,
    lines: Sequence[tuple[str, int]],
    state: str = "confirmed",
    channel: str = "mall",
    order_ref: str = "M-1",
    at_ms: int | None = None,
    to_store: bool = False,
) -> str:
    """An order in `state` with its lines reserved, each change naming it; with `to_store`,
    also on the store's feed as head office sends a confirmed order. Its id (CR000001...)."""
    at = now_ms() if at_ms is None else at_ms
    with _engine(db) as engine, engine.begin() as conn:
        taken = conn.execute(sa.select(sa.func.count()).select_from(channel_reservations))
        rid = conn.execute(
            channel_reservations.insert().values(
                channel=channel, store_code=store, idempotency_key=f"{order_ref}-{taken.scalar()}",
                request_hash="test", order_ref=order_ref, state=state, created_at_ms=at,
                confirmed_at_ms=at,
            )
        ).inserted_primary_key[0]  # fmt: skip
        code = f"CR{rid:06d}"
        repo = ChannelsRepository(conn)
        for n, (sku, qty) in enumerate(lines, 1):
            conn.execute(
                channel_reservation_lines.insert().values(
                    reservation_id=rid, line_no=n, store_code=store, sku=sku, qty_base=qty
                )
            )
            repo.add_state(store, sku, "reserved", qty, "reservation", code, "", channel, at)
        if to_store:
            order = channels_pb2.ChannelOrder(
                reservation_id=code, channel=channel, order_ref=order_ref, state=state,
                lines=[channels_pb2.ReservationLine(sku=s, qty_base=q) for s, q in lines],
                confirmed_at_ms=at,
            )  # fmt: skip
            event = sync_pb2.DownstreamEvent(channel_order=order, created_at_ms=at)
            conn.execute(
                downstream_events.insert().values(
                    sku="", created_at_ms=at, store_code=store, payload=event.SerializeToString()
                )
            )
    return code


def queue_confirmed_order(
    db: str | Engine,
    store: str,
    lines: Sequence[tuple[str, int]],
    channel: str = "mall",
    order_ref: str = "M-1",
) -> str:
    """A confirmed order sent to the store (on its feed); its reservation id."""
    return seed_order(db, store, lines, "confirmed", channel, order_ref, to_store=True)


def reservation_row(db: str | Engine, code: str) -> sa.Row:  # type: ignore[type-arg]
    with _engine(db) as engine, engine.connect() as conn:
        return conn.execute(
            sa.select(channel_reservations).where(channel_reservations.c.id == int(code[2:]))
        ).one()


def stock_state_rows(db: str | Engine, store: str) -> dict[str, tuple[int, int]]:
    """SKU -> (reserved, committed) at the store."""
    s = stock_states.c
    with _engine(db) as engine, engine.connect() as conn:
        rows = conn.execute(
            sa.select(s.sku, s.reserved_base, s.committed_base).where(s.store_code == store)
        )
        return {sku: (int(r), int(c)) for sku, r, c in rows}
