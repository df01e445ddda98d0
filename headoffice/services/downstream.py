"""Reading a store's downstream feed: catalogue changes and the events queued for it."""

from __future__ import annotations

from headoffice.store import downstream_repo
from headoffice.store.downstream_repo import FeedPage
from headoffice.store.unit_of_work import UnitOfWork


def feed_after(uow: UnitOfWork, store_code: str, cursor: int, limit: int = 500) -> FeedPage:
    with uow:
        return downstream_repo.feed_after(uow.connection, store_code, cursor, limit)
