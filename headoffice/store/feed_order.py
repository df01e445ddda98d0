"""The downstream feed's cursors become readable in order, so a store never skips an event.

A store reads its feed after the last cursor it applied. On PostgreSQL a cursor is taken
from a sequence when the row is inserted, but transactions commit in their own order: an
event inserted with cursor 10 by a transaction still open (a transfer being shipped) is
invisible while cursor 11, inserted and committed by another, is already read; the store
moves past 11 and would never read 10. (SQLite has one writer at a time: cursors commit in
the order they are taken.)

So every transaction that adds to the feed holds a shared advisory lock (its own, for the
rest of the transaction) before it takes a cursor, and a reader asks, without waiting, for
the same lock exclusively for an instant: when it has it, no transaction holding a cursor
is still open, and the highest cursor then is the horizon up to which the feed is final.
Readers never wait for the lock (a try), so a writer never queues behind one and no
deadlock can form; a reader that cannot have it at once serves nothing new this time and
reads again at its next wake-up or poll.
"""

from __future__ import annotations

import time

import sqlalchemy as sa

from headoffice.store.tables import downstream_events

# The advisory lock's key: "SLDF", StoreLedger downstream feed.
FEED_LOCK_KEY = 0x534C_4446
# A reader tries this many times, this far apart, before serving nothing new.
HORIZON_TRIES = 5
HORIZON_RETRY_S = 0.004


# PostgreSQL: one event for one store inserted under the lock in one statement (the hot
# path of a confirmed channel order): the insert's only row comes from the lock's CTE, so
# the lock is held before the row takes its cursor from the sequence.
LOCKED_STORE_EVENT_PG = sa.text(
    """
    WITH feed_lock AS (SELECT pg_advisory_xact_lock_shared(:key) AS locked)
    INSERT INTO downstream_events (sku, created_at_ms, store_code, payload)
    SELECT '', :now, :store, :payload FROM feed_lock
    RETURNING cursor
    """
).bindparams(sa.bindparam("payload", type_=sa.LargeBinary), key=FEED_LOCK_KEY)


def before_feed_insert(conn: sa.Connection) -> None:
    """Call in the transaction before it inserts into downstream_events."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock_shared(:key)"), {"key": FEED_LOCK_KEY})


def feed_horizon(conn: sa.Connection) -> int | None:
    """The highest cursor no open transaction can still add below; None: every committed
    row is final (SQLite); -1: the horizon is not known now (serve nothing new)."""
    if conn.dialect.name != "postgresql":
        return None
    for attempt in range(HORIZON_TRIES):
        if attempt:
            time.sleep(HORIZON_RETRY_S)
        got = conn.execute(
            sa.text("SELECT pg_try_advisory_lock(:key)"), {"key": FEED_LOCK_KEY}
        ).scalar_one()
        if not got:
            continue
        try:
            # A statement after the lock was granted: under READ COMMITTED it sees every
            # transaction that had taken a cursor, all of them committed or rolled back.
            top = conn.execute(sa.select(sa.func.max(downstream_events.c.cursor))).scalar()
        finally:
            conn.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": FEED_LOCK_KEY})
        return int(top or 0)
    return -1
