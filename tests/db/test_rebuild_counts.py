"""A store rebuilt from head office's journal (`edge-agent init --from-headoffice`) has its
count sessions back (SQLite and PostgreSQL at head office, the store's SQLite ledger): the
ones its journal holds with their lines and states, and head office's session that never
reached the store before it was lost, through its replayed downstream feed; a session the
store had opened is not opened a second time when its count order is replayed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from common.domain import stocktake as st
from common.pb.storeledger.v1 import catalogue_pb2
from edge_agent.api.messages.rebuild import rebuilt_entries
from edge_agent.domain.receiving import DeliveryItem
from edge_agent.services.context import StoreContext
from edge_agent.services.count_approval import submit_count
from edge_agent.services.counting import add_count_line, list_counts, start_count
from edge_agent.services.rebuild import install_journal
from edge_agent.services.receiving import receive
from edge_agent.store.journal_codec.entries import decode_entry
from edge_agent.sync.downstream_handlers import apply_product
from headoffice.domain.roles import Staff
from headoffice.services.counts import create_session, get_session
from headoffice.services.reenrol import rebuild_page
from headoffice.services.sync import apply_batch
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.test_till_staff import sync_down
from tests.till_staff import add_staff

UoW = Callable[[], UnitOfWork]
ADMIN = Staff("admin", "admin")
GOODS = ("COLA", "TEA", "WATER")


def _shop(path: Path) -> StoreContext:
    ctx = StoreContext.open(path, "S001", "Main Street")
    for sku in GOODS:  # cursor 0: not a feed position, so the feed is replayed in full
        apply_product(ctx, catalogue_pb2.Product(
            sku=sku, name=sku.title(), unit="piece", price_minor=300, cost_minor=100,
            currency="CNY", active=True, category="drinks",
        ), 0)  # fmt: skip
    for code, role in (("ann", "stock_clerk"), ("max", "store_manager")):
        add_staff(ctx.db, code, role)
    return ctx


@pytest.fixture
def lost(tmp_path: Path) -> Iterator[StoreContext]:
    ctx = _shop(tmp_path / "lost.db")
    yield ctx
    ctx.close()


@pytest.fixture
def rebuilt(tmp_path: Path) -> Iterator[StoreContext]:
    ctx = _shop(tmp_path / "rebuilt.db")
    yield ctx
    ctx.close()


def _sync_up(uow: UoW, ctx: StoreContext) -> None:
    with ctx.db.read() as work:
        stored = work.journal.stored_after(0, 10_000)
    apply_batch(uow(), "S001", [decode_entry(e.payload) for e in stored])


def _journal_kinds(ctx: StoreContext) -> list[str]:
    with ctx.db.read() as work:
        return [decode_entry(e.payload).document_type for e in work.journal.stored_after(0, 10_000)]


def test_a_rebuilt_store_has_its_count_sessions_back(
    uow: UoW, store: str, lost: StoreContext, rebuilt: StoreContext
) -> None:
    receive(lost, "DN-1", [DeliveryItem(sku, 50, 100) for sku in GOODS], "max")
    ordered = create_session(uow(), ADMIN, store, "skus", skus=["COLA"], title="Colas")
    cursor = sync_down(uow, lost)  # the store opens head office's session and counts in it
    add_count_line(lost, "ann", ordered.session_id, sku="COLA", qty=48, location="A-01")
    own = start_count(lost, "max", "skus", skus=["TEA"], title="Tea")
    add_count_line(lost, "ann", own.session_id, sku="TEA", qty=50, location="B-02")
    submit_count(lost, "ann", own.session_id)
    _sync_up(uow, lost)
    # Head office orders one more count, which the store never receives: it is lost.
    late = create_session(uow(), ADMIN, store, "skus", skus=["WATER"], title="Water")
    assert get_session(uow(), ADMIN, late.session_id).state == "ordered"

    page = rebuild_page(uow(), store, 0, 10_000)
    entries = rebuilt_entries([decode_entry(p) for _seq, p, _h in page.entries])
    newest = install_journal(
        rebuilt, entries, [h for _s, _p, h in page.entries], page.committed_seq
    )

    kept = {s.session_id: s for s in list_counts(rebuilt)}
    assert set(kept) == {ordered.session_id, own.session_id}
    assert (kept[ordered.session_id].state, kept[ordered.session_id].origin) == (
        st.S_OPEN, "head_office",
    )  # fmt: skip
    assert (kept[own.session_id].state, kept[own.session_id].title) == (st.S_SUBMITTED, "Tea")
    with rebuilt.db.read() as work:
        lines = {(ln.sku, ln.qty_base, ln.location) for ln in work.counts.lines(ordered.session_id)}
        assert lines == {("COLA", 48, "A-01")}
        assert [ln.sku for ln in work.counts.lines(own.session_id)] == ["TEA"]
        assert work.counts.open_sessions()[0].scope.skus in (("COLA",), ("TEA",))

    # The rebuilt store follows its feed from the start: the late session arrives, and the
    # one it had opened is not opened again.
    sync_down(uow, rebuilt)
    kept = {s.session_id: s for s in list_counts(rebuilt)}
    assert set(kept) == {ordered.session_id, own.session_id, late.session_id}
    assert kept[late.session_id].state == st.S_OPEN
    opened = _journal_kinds(rebuilt)[newest:]
    assert opened == ["count_session"]  # the late session's opening, nothing else
    assert cursor > 0
