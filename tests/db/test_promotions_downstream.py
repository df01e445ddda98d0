"""Promotions reach the stores down the feed (head office on SQLite and PostgreSQL, each
store's SQLite ledger): every store in a promotion's scope and no other, once, kept over a
restart; an ended or expired one stops applying at its end with head office unreachable."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

from common.certs import KeyPair
from common.domain.promotions import CartLine, PricingContext, price_cart
from edge_agent.services.context import StoreContext
from edge_agent.services.promotions import offers_in_force
from edge_agent.sync.downstream_handlers import HANDLERS
from headoffice.api.messages.downstream import feed_event
from headoffice.domain.roles import Staff
from headoffice.services.promotions import create_promotions, end_promotion
from headoffice.services.stores import add_store
from headoffice.store.unit_of_work import UnitOfWork

ADMIN = Staff("admin", "admin")
CHAIN_TEA = {"promo_id": "TEA10", "kind": "percent_off", "skus": "TEA", "percent_bp": "1000",
             "ends_local": "2026-12-20 00:00"}  # fmt: skip
S001_COLA = {"promo_id": "COLA-S1", "kind": "amount_off", "skus": "COLA", "amount_minor": "50",
             "stores": "S001"}  # fmt: skip
S002_WATER = {"promo_id": "WATER-S2", "kind": "price", "skus": "WATER", "price_minor": "100",
              "stores": "S002"}  # fmt: skip
SATURDAY = datetime(2026, 12, 5, 10, 0)


def sync_down(
    uow: Callable[[], UnitOfWork], ctx: StoreContext, after: int = 0
) -> tuple[int, list[bool]]:
    """The store's feed after a cursor, each event applied by its handler (as the Downstream
    stream does); the last cursor and whether each promotion event was applied."""
    with uow() as work:
        page = work.downstream.feed_after(ctx.store_code, after, 1000)
    applied = []
    for item in page.items:
        event = feed_event(item)
        kind = event.WhichOneof("kind")
        done = HANDLERS[kind](ctx, event)
        if kind == "promotion":
            applied.append(done)
    return page.last_cursor, applied


def promo_ids(ctx: StoreContext, at_ms: int) -> list[str]:
    return [offer.offer_id for offer in offers_in_force(ctx, at_ms)]


@pytest.fixture
def shops(
    tmp_path: Path, store: str, uow: Callable[[], UnitOfWork], ca: KeyPair
) -> Iterator[dict[str, StoreContext]]:
    add_store(uow(), ca, "S002", "Station Road", "127.0.0.1:1", now_ms=1_000)
    opened = {
        code: StoreContext.open(tmp_path / f"{code}.db", code, code) for code in ("S001", "S002")
    }
    yield opened
    for ctx in opened.values():
        ctx.close()


def test_a_promotion_reaches_the_stores_in_its_scope_once_and_survives_a_restart(
    uow: Callable[[], UnitOfWork], shops: dict[str, StoreContext], tmp_path: Path, ca: KeyPair
) -> None:
    create_promotions(uow(), ADMIN, [CHAIN_TEA, S001_COLA, S002_WATER], now_ms=5_000)
    s1, s2 = shops["S001"], shops["S002"]
    cursor1, applied1 = sync_down(uow, s1)
    cursor2, _ = sync_down(uow, s2)
    assert promo_ids(s1, 6_000) == ["COLA-S1", "TEA10"]
    assert promo_ids(s2, 6_000) == ["TEA10", "WATER-S2"]
    assert applied1 == [True, True]  # the chain's and its own

    # A replayed feed changes nothing: every event is a no-op the second time.
    again, replayed = sync_down(uow, s1)
    assert again == cursor1 and replayed == [False, False]
    assert promo_ids(s1, 6_000) == ["COLA-S1", "TEA10"]

    # A restart keeps them (the ledger holds them, not memory).
    s1.close()
    s1 = shops["S001"] = StoreContext.open(tmp_path / "S001.db", "S001", "S001")
    assert promo_ids(s1, 6_000) == ["COLA-S1", "TEA10"]

    # A store enrolled after a chain-wide promotion still receives it; scoped ones not.
    add_store(uow(), ca, "S404", "Late Lane", "127.0.0.1:1", now_ms=7_000)
    late = StoreContext.open(tmp_path / "S404.db", "S404", "S404")
    try:
        sync_down(uow, late)
        assert promo_ids(late, 8_000) == ["TEA10"]
    finally:
        late.close()

    # Ended at head office at 9_000: the stores keep it on record, it stops at 9_000.
    end_promotion(uow(), ADMIN, "COLA-S1", now_ms=9_000)
    cursor1, applied = sync_down(uow, s1, cursor1)
    assert applied == [True]
    _, nothing_for_s2 = sync_down(uow, s2, cursor2)
    assert nothing_for_s2 == []  # S002 is not in its scope
    assert promo_ids(s1, 8_999) == ["COLA-S1", "TEA10"]
    assert promo_ids(s1, 9_000) == ["TEA10"]
    with s1.db.read() as work:
        kept = work.promotions.get("COLA-S1")
    assert kept is not None and kept.ended_at_ms == 9_000


def test_an_expired_promotion_stops_applying_offline_at_its_end(
    uow: Callable[[], UnitOfWork], shops: dict[str, StoreContext]
) -> None:
    create_promotions(uow(), ADMIN, [CHAIN_TEA], now_ms=5_000)
    s1 = shops["S001"]
    sync_down(uow, s1)
    # Head office is not asked again: the store prices on its own copy and its own clock.
    offers = offers_in_force(s1, 6_000)
    cart = [CartLine(1, "TEA", 1, 1_000)]
    before = price_cart(cart, offers, PricingContext("S001", SATURDAY))
    assert before.total_minor == 900
    last_minute = price_cart(cart, offers, PricingContext("S001", datetime(2026, 12, 19, 23, 59)))
    assert last_minute.total_minor == 900
    after = price_cart(cart, offers, PricingContext("S001", datetime(2026, 12, 20, 0, 0)))
    assert after.total_minor == 1_000
