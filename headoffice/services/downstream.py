"""Reading a store's downstream feed: catalogue changes and the events queued for it."""

from __future__ import annotations

from headoffice.domain.store_events import FeedPage
from headoffice.services.ports import UnitOfWorkPort


def feed_after(uow: UnitOfWorkPort, store_code: str, cursor: int, limit: int = 500) -> FeedPage:
    with uow:
        return uow.downstream.feed_after(store_code, cursor, limit)
