"""Reading a store's downstream feed: catalogue changes and the events queued for it."""

from __future__ import annotations

from common.domain.limits import check_sequence
from common.i18n import _
from headoffice.domain.store_events import FeedPage
from headoffice.services.ports import UnitOfWorkPort


def check_cursor(cursor: int) -> int:
    """A store's cursor within the range policy: a uint64 past int64 is a sentence, not a crash."""
    return check_sequence(_("the downstream cursor (after_cursor)"), cursor)


def feed_after(uow: UnitOfWorkPort, store_code: str, cursor: int, limit: int = 500) -> FeedPage:
    check_cursor(cursor)
    with uow:
        return uow.downstream.feed_after(store_code, cursor, limit)
