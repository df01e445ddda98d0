"""Apply one downstream event exactly once: the work and the cursor in one transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from edge_agent.services.context import StoreContext
from edge_agent.store import catalogue


def apply_once(ctx: StoreContext, cursor: int, work: Callable[[sqlite3.Connection], None]) -> bool:
    """Run work(conn) and record the cursor, unless the cursor is already past; True if applied.

    A stream that resumes from a stale point replays events: the stored cursor
    makes each a no-op the second time.
    """
    with ctx.db.write() as conn:
        if cursor and cursor <= catalogue.catalogue_cursor(conn):
            return False
        work(conn)
        if cursor:
            catalogue.set_catalogue_cursor(conn, cursor)
    return True
