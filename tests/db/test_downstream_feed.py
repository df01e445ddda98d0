"""The downstream feed: every store sees catalogue changes, only the named store its events."""

from __future__ import annotations

from collections.abc import Callable

from headoffice.api.messages.downstream import feed_event
from headoffice.domain.store_events import WriteOffPolicyChanged
from headoffice.services.catalogue import import_catalogue
from headoffice.services.downstream import feed_after
from headoffice.store.unit_of_work import UnitOfWork

UoW = Callable[[], UnitOfWork]
CATALOGUE = (
    "sku,name,barcodes,unit,price_minor,cost_minor,category\nCOLA,Cola,,piece,350,200,drinks\n"
)


def _event() -> WriteOffPolicyChanged:
    return WriteOffPolicyChanged(approval_threshold_minor=7_000)


def test_store_events_reach_only_their_store_in_cursor_order(uow: UoW) -> None:
    with uow() as work:
        first = work.downstream.enqueue_store_event("S001", _event(), 10)
        work.downstream.enqueue_store_event("S002", _event(), 11)
        work.commit()
    import_catalogue(uow(), CATALOGUE, now_ms=12)
    page = feed_after(uow(), "S001", 0)
    assert [(i.event_payload is not None, i.product is not None) for i in page.items] == [
        (True, False),
        (False, True),
    ]
    event = feed_event(page.items[0])
    assert event.cursor == first and event.created_at_ms == 10
    assert event.write_off_policy.approval_threshold_minor == 7_000
    assert page.last_cursor == page.items[-1].cursor and not page.full
    assert feed_after(uow(), "S001", page.last_cursor).items == []
    s2 = feed_after(uow(), "S002", 0)
    assert [i.event_payload is not None for i in s2.items] == [True, False]


def test_a_full_page_says_so_and_the_next_page_continues(uow: UoW) -> None:
    with uow() as work:
        for _ in range(3):
            work.downstream.enqueue_store_event("S001", _event(), 1)
        work.downstream.enqueue_store_event("S002", _event(), 1)
        work.commit()
    page = feed_after(uow(), "S001", 0, limit=2)
    assert len(page.items) == 2 and page.full
    rest = feed_after(uow(), "S001", page.last_cursor, limit=2)
    assert len(rest.items) == 1 and not rest.full
