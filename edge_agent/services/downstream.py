"""Apply one downstream event exactly once: the work and the cursor in one transaction."""

from __future__ import annotations

from collections.abc import Callable

from edge_agent.services.context import StoreContext
from edge_agent.store.unit_of_work import UnitOfWork


def apply_once(ctx: StoreContext, cursor: int, work: Callable[[UnitOfWork], None]) -> bool:
    """Run work(uow) and record the cursor, unless the cursor is already past; True if applied.

    A stream that resumes from a stale point replays events: the stored cursor
    makes each a no-op the second time.
    """
    with ctx.db.write() as uow:
        if cursor and cursor <= uow.catalogue.downstream_cursor():
            return False
        # Head office decided it: a level past the range policy is reported, never a wedge.
        uow.stock.enforce_level_limit = False
        work(uow)
        if cursor:
            uow.catalogue.set_downstream_cursor(cursor)
    return True


def nothing(uow: UnitOfWork) -> None:
    """The work of an event this agent does not understand: nothing, but its cursor moves."""
