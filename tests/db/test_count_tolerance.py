"""The chain's count tolerance ([counts] in headoffice.toml) reaches the store (SQLite and
PostgreSQL at head office, the store's SQLite ledger): a count the store opens itself and a
handover's spot count use it, not the defaults."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from common.domain import stocktake as st
from edge_agent.domain.receiving import DeliveryItem
from edge_agent.services.context import StoreContext
from edge_agent.services.count_approval import cancel_count
from edge_agent.services.counting import start_count
from edge_agent.services.handover_counts import set_key_items
from edge_agent.services.receiving import receive
from edge_agent.services.shifts import handover, open_shift
from headoffice.services.count_policy import ensure_tolerance_sent
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.test_till_staff import sync_down
from tests.edge.conftest import entry_at, seed_catalogue
from tests.till_staff import add_staff

# Tighter than the defaults (C: ±2.5 % instead of ±5 %).
CHAIN = st.Tolerance(a_bp=50, b_bp=150, c_bp=250, value_minor=5_000, second_approval_minor=20_000)


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[StoreContext]:
    ctx = StoreContext.open(tmp_path / "ledger.db", "S001", "Main Street")
    seed_catalogue(ctx)  # COLA, CHIPS (pieces), RICE (g)
    for code, role in (("ann", "cashier"), ("bob", "cashier"), ("max", "store_manager")):
        add_staff(ctx.db, code, role)
    receive(ctx, "DN-1", [DeliveryItem("COLA", 100, 180), DeliveryItem("CHIPS", 40, 90)], "max")
    open_shift(ctx, "T1", "ann", 10_000)
    yield ctx
    ctx.close()


def test_the_stores_own_counts_open_with_the_chains_tolerance(
    uow: Callable[[], UnitOfWork], store: str, shop: StoreContext
) -> None:
    before = start_count(shop, "max", "skus", skus=["RICE"])
    assert before.tolerance == st.Tolerance()  # the defaults until head office sends its own
    cancel_count(shop, "max", before.session_id)
    assert ensure_tolerance_sent(uow(), store, CHAIN, now_ms=5_000)
    assert not ensure_tolerance_sent(uow(), store, CHAIN, now_ms=6_000)  # sent once
    cursor = sync_down(uow, shop)

    session = start_count(shop, "max", "skus", skus=["CHIPS"])
    assert session.tolerance == CHAIN
    opened = entry_at(shop, session.opened_seq).count_session.tolerance
    assert (opened.c_bp, opened.second_approval_minor) == (250, 20_000)  # head office sees it

    # A handover's spot count too: 97 of 100 colas is 3 % short, outside ±2.5 % (within ±5 %).
    set_key_items(shop, "max", ["COLA"])
    closed = handover(shop, "T1", "ann", "bob", [(10_000, 1)], [("COLA", 97)])
    assert closed.event.spot_count_outside == ("COLA",)
    with shop.db.read() as work:
        spot = work.counts.get(closed.event.spot_count_session_id)
    assert spot is not None and spot.tolerance == CHAIN

    # A changed [counts] is sent again, and only it.
    looser = st.Tolerance(c_bp=800)
    assert ensure_tolerance_sent(uow(), store, looser, now_ms=7_000)
    sync_down(uow, shop, cursor)
    assert start_count(shop, "max", "skus", skus=["RICE"]).tolerance == looser
