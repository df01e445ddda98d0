"""A store's key items are journalled (kind key_items), on SQLite and PostgreSQL at head
office and the store's SQLite ledger: a list the store's staff set reaches head office as
the store's, head office's order comes back as applied, a ledger rebuilt from head office's
journal has the list back (and does not take an older order over it when its feed is
replayed), and head office tells a list never set from one set to none."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from common.pb.storeledger.v1 import catalogue_pb2
from edge_agent.api.messages.rebuild import rebuilt_entries
from edge_agent.services.context import StoreContext
from edge_agent.services.handover_counts import key_items, set_key_items
from edge_agent.services.rebuild import install_journal
from edge_agent.store.journal_codec.entries import decode_entry
from edge_agent.sync.downstream_handlers import apply_product
from headoffice.domain.roles import Staff
from headoffice.services import count_key_items as ho
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
    for sku in GOODS:
        apply_product(ctx, catalogue_pb2.Product(
            sku=sku, name=sku.title(), unit="piece", price_minor=300, cost_minor=100,
            currency="CNY", active=True,
        ), 0)  # fmt: skip
    add_staff(ctx.db, "max", "store_manager")
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


def _entries(ctx: StoreContext, after: int = 0) -> list:
    with ctx.db.read() as work:
        return [decode_entry(e.payload) for e in work.journal.stored_after(after, 10_000)]


def _sync_up(uow: UoW, ctx: StoreContext) -> None:
    apply_batch(uow(), "S001", _entries(ctx))


def _shown(uow: UoW) -> tuple[list[str], str, str]:
    kept = ho.key_items(uow(), ADMIN, "S001")
    return list(kept.skus), kept.set_by, kept.set_from


def test_head_office_tells_never_set_from_set_to_none(uow: UoW, store: str) -> None:
    never = ho.key_items(uow(), ADMIN, store)
    assert (never.skus, never.set_from, never.ever_set, never.set_at_ms) == ((), "", False, 0)
    ho.set_key_items(uow(), ADMIN, store, ["TEA"], now_ms=5_000)
    ho.set_key_items(uow(), ADMIN, store, [], now_ms=6_000)
    none = ho.key_items(uow(), ADMIN, store)
    assert (none.skus, none.set_by, none.set_at_ms, none.set_from, none.ever_set) == (
        (), "admin", 6_000, "headoffice", True,
    )  # fmt: skip


def test_the_stores_own_list_is_journalled_and_kept_at_head_office(
    uow: UoW, engine: Engine, store: str, lost: StoreContext
) -> None:
    set_key_items(lost, "max", ["WATER", "TEA"])
    (entry,) = _entries(lost)
    assert entry.document_type == "key_items" and entry.actor == "max"
    assert (list(entry.key_items.skus), entry.key_items.origin) == (["WATER", "TEA"], "store")
    _sync_up(uow, lost)
    assert _shown(uow) == (["WATER", "TEA"], "max", "store")
    # Set to none at the store: head office shows none, set, not "never set".
    set_key_items(lost, "max", [])
    _sync_up(uow, lost)
    assert _shown(uow) == ([], "max", "store")
    with engine.connect() as conn:
        actions = conn.execute(
            sa.text("SELECT actor FROM audit_log WHERE action = 'count.key_items'")
        ).scalars()
        assert list(actions) == ["max@S001", "max@S001"]


def test_a_rebuilt_store_has_its_key_items_back_and_replays_no_older_order(
    uow: UoW, store: str, lost: StoreContext, rebuilt: StoreContext
) -> None:
    ho.set_key_items(uow(), ADMIN, store, ["TEA", "COLA"], now_ms=5_000)
    sync_down(uow, lost)  # the store applies head office's order, and journals it
    assert key_items(lost) == ["TEA", "COLA"]
    applied = _entries(lost)[-1].key_items
    assert (applied.origin, applied.by, applied.order_cursor > 0) == ("headoffice", "admin", True)
    set_key_items(lost, "max", ["WATER"])  # then the store's own list, after the order
    _sync_up(uow, lost)
    assert _shown(uow) == (["WATER"], "max", "store")

    page = rebuild_page(uow(), store, 0, 10_000)
    entries = rebuilt_entries([decode_entry(p) for _seq, p, _h in page.entries])
    newest = install_journal(
        rebuilt, entries, [h for _s, _p, h in page.entries], page.committed_seq
    )
    assert key_items(rebuilt) == ["WATER"]
    # The rebuilt store follows its feed from the start: the old order is not taken again.
    sync_down(uow, rebuilt)
    assert key_items(rebuilt) == ["WATER"]
    assert _entries(rebuilt, newest) == []
    # A new order from head office is.
    ho.set_key_items(uow(), ADMIN, store, ["COLA"], now_ms=7_000)
    sync_down(uow, rebuilt)
    assert key_items(rebuilt) == ["COLA"]
    _sync_up(uow, rebuilt)
    assert _shown(uow) == (["COLA"], "admin", "headoffice")


def test_a_ledger_that_never_set_key_items_rebuilds_with_none(
    uow: UoW, store: str, lost: StoreContext, rebuilt: StoreContext
) -> None:
    page = rebuild_page(uow(), store, 0, 10_000)
    install_journal(rebuilt, [], [], page.committed_seq)
    assert key_items(rebuilt) == []
