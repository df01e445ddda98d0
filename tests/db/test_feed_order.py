"""The downstream feed never lets a store read past an event whose transaction is still open
(headoffice.store.feed_order): found by the several-head-office-processes work (issue 17)."""

from __future__ import annotations

import threading

import sqlalchemy as sa

from headoffice.domain.store_events import KeyItemsSet, StoreEvent
from headoffice.store.downstream_repo import DownstreamRepository
from headoffice.store.engine import create_engine
from headoffice.store.tables import downstream_events


def _event(sku: str) -> StoreEvent:
    return KeyItemsSet(skus=(sku,), by="test")


def _feed(engine: sa.Engine, after: int = 0) -> list[int]:
    with engine.connect() as conn:
        return [
            item.cursor for item in DownstreamRepository(conn).feed_after("S001", after, 100).items
        ]


def test_an_open_transactions_event_holds_back_the_later_ones(migrated_db_url: str) -> None:
    engine = create_engine(migrated_db_url)
    try:
        first = engine.connect()
        tx = first.begin()
        held = DownstreamRepository(first).enqueue_store_event("S001", _event("A"), 1)
        if engine.dialect.name == "sqlite":
            # One writer at a time: the second insert waits for the first to commit, so
            # cursors commit in order and there is nothing to hold back.
            tx.commit()
        later: list[int] = []
        writer = threading.Thread(
            target=lambda: later.append(_insert_and_commit(engine, "B")), daemon=True
        )
        writer.start()
        writer.join(5)
        if engine.dialect.name == "postgresql":
            assert later and later[0] > held  # committed while the first is still open
            # the store must not be served the later cursor past the open one
            assert _feed(engine) == []
            tx.commit()
        assert _feed(engine) == [held, later[0]]
        first.close()
    finally:
        engine.dispose()


def _insert_and_commit(engine: sa.Engine, sku: str) -> int:
    with engine.begin() as conn:
        return DownstreamRepository(conn).enqueue_store_event("S001", _event(sku), 2)


def test_a_reader_that_cannot_learn_the_horizon_serves_nothing_new(migrated_db_url) -> None:
    engine = create_engine(migrated_db_url)
    try:
        cursor = _insert_and_commit(engine, "A")
        if engine.dialect.name != "postgresql":
            assert _feed(engine) == [cursor]
            return
        with engine.connect() as blocker:
            blocker.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": 0x534C_4446})
            assert _feed(engine) == []  # a writer's lock is held: nothing is final yet
            blocker.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": 0x534C_4446})
        assert _feed(engine) == [cursor]
        with engine.connect() as conn:
            assert (
                conn.execute(sa.select(sa.func.count()).select_from(downstream_events)).scalar()
                == 1
            )
    finally:
        engine.dispose()
