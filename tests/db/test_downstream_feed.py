"""The downstream feed: every store sees catalogue changes, only the named store its events."""

from __future__ import annotations

import random
from collections.abc import Callable

from sqlalchemy.engine import Engine

from common.certs import KeyPair
from headoffice.api.messages.downstream import feed_event
from headoffice.domain.roles import Staff
from headoffice.domain.store_events import WriteOffPolicyChanged
from headoffice.services.catalogue import import_catalogue
from headoffice.services.downstream import feed_after
from headoffice.services.store_prices import set_store_price
from headoffice.services.stores import add_store
from headoffice.store.feed_pages import ChainPages
from headoffice.store.unit_of_work import UnitOfWork

UoW = Callable[[], UnitOfWork]
ADMIN = Staff("admin", "admin")
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


def test_pages_through_the_shared_chain_slices_are_the_pages_read_alone(
    engine: Engine, uow: UoW, ca: KeyPair
) -> None:
    """Every store at every cursor and page size gets the same page whether the chain-wide
    part comes from the process's shared slices (store.feed_pages) or is read for it alone:
    chain-wide products and events, events for one store, a store's own price (a row for it
    alone naming a product), on SQLite and PostgreSQL."""
    for code in ("S001", "S002", "S003"):
        add_store(uow(), ca, code, f"Store {code}", "127.0.0.1:1", now_ms=1_000)
    rng = random.Random(5)
    header = "sku,name,barcodes,unit,price_minor,cost_minor,category\n"
    for round_no in range(4):
        numbers = rng.sample(range(30), 12)
        rows = "".join(
            f"P{n},Product {n},,piece,{100 + round_no * 10 + n},50,drinks\n" for n in numbers
        )
        import_catalogue(uow(), header + rows, now_ms=100 + round_no)
        with uow() as work:
            for store in rng.sample(["S001", "S002", "S003"], 2):
                work.downstream.enqueue_store_event(store, _event(), 200 + round_no)
            work.commit()
        set_store_price(uow(), ADMIN, "S002", f"P{rng.choice(numbers)}", 999, now_ms=300)
    shared = ChainPages()
    top = feed_after(uow(), "S001", 0, 10_000).last_cursor
    for store in ("S001", "S002", "S003"):
        for limit in (1, 3, 7, 500):
            cursor = 0
            while True:
                alone = feed_after(uow(), store, cursor, limit)
                together = feed_after(UnitOfWork(engine, feed_pages=shared), store, cursor, limit)
                assert together == alone, (store, cursor, limit)
                if not alone.full and alone.last_cursor == cursor:
                    break
                cursor = alone.last_cursor
                if cursor >= top and not alone.full:
                    break
    assert shared.hits > 0 and shared.misses > 0
