"""A channel order's hot path on SQLite and PostgreSQL (issue 16, the round-trip benchmark):
Reserve asks its checks in one statement and locks with two, Confirm reads the reservation
with its lines in one; the checks still answer in their order with the same sentences, and
a SKU the store never had a state row for is made and reserved in the same upsert."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine

from common.certs import KeyPair
from headoffice.domain.channels import (
    ChannelNotAllowed,
    ChannelRefused,
    NotPromisable,
    UnknownChannel,
)
from headoffice.domain.errors import StoreDisabled, UnknownProduct
from headoffice.domain.roles import Staff
from headoffice.services import channel_admin
from headoffice.services import channel_reservations as cr
from headoffice.services.stores import add_store, disable_store
from headoffice.services.sync import apply_batch
from headoffice.store.channel_tables import channels, stock_state_changes, stock_states
from headoffice.store.unit_of_work import UnitOfWork
from tests.journal_entries import delivery

UoW = Callable[[], UnitOfWork]
ADMIN = Staff("admin", "admin")
NOW = 1_800_000_000_000


@pytest.fixture
def shop(uow: UoW, ca: KeyPair, store: str) -> str:
    """S001 with 5 COLA on hand (TEA never delivered); channel mall acts for S001 and S002."""
    add_store(uow(), ca, "S002", "High Street", "127.0.0.1:1", now_ms=1_000)
    apply_batch(uow(), store, [delivery(1, [("COLA", 5, 100)])])
    channel_admin.add_channel(
        uow(), ADMIN, ca, "127.0.0.1:1", "mall", "Mall", "mall", [store, "S002"], now_ms=NOW
    )
    return store


@pytest.fixture
def statements(engine: Engine) -> Iterator[list[str]]:
    """Every statement the engine sends but SQLite's BEGIN IMMEDIATE (PostgreSQL's pool ping
    and both databases' COMMIT do not pass this event)."""
    sent: list[str] = []

    def record(conn, cursor, statement, params, context, executemany) -> None:  # noqa: ANN001
        word = statement.split(None, 1)[0].upper()
        if word != "BEGIN":
            sent.append(word)

    event.listen(engine, "before_cursor_execute", record)
    yield sent
    event.remove(engine, "before_cursor_execute", record)


def test_the_statements_of_a_reserve_and_a_confirm(
    uow: UoW, engine: Engine, shop: str, statements: list[str]
) -> None:
    cr.reserve(uow(), "mall", shop, [("COLA", 1)], "warm", now_ms=NOW)  # the state row exists
    statements.clear()
    held = cr.reserve(uow(), "mall", shop, [("COLA", 2)], "k1", now_ms=NOW)
    # checks, levels, states upsert, reservation, line, state, state change
    assert statements == ["SELECT", "SELECT", "INSERT", "INSERT", "INSERT", "UPDATE", "INSERT"]
    statements.clear()
    cr.confirm(uow(), "mall", held.reservation_id, now_ms=NOW + 1)
    # The reservation with its lines, its update, the order queued downstream (after the
    # feed's shared advisory lock on PostgreSQL: store.feed_order).
    feed_lock = ["SELECT"] if engine.dialect.name == "postgresql" else []
    assert statements == ["SELECT", "UPDATE", *feed_lock, "INSERT"]
    statements.clear()
    again = cr.reserve(uow(), "mall", shop, [("COLA", 2)], "k1", now_ms=NOW + 2)
    assert again.replayed and again.id == held.id and len(statements) == 2


def test_the_checks_answer_in_their_order(uow: UoW, engine: Engine, shop: str) -> None:
    with pytest.raises(UnknownChannel, match="there is no channel nope"):
        cr.reserve(uow(), "nope", shop, [("COLA", 1)], "k", now_ms=NOW)
    with pytest.raises(ChannelNotAllowed, match="may not act for store S003"):
        cr.reserve(uow(), "mall", "S003", [("COLA", 1)], "k", now_ms=NOW)
    with pytest.raises(UnknownProduct, match="NOPE"):
        cr.reserve(uow(), "mall", shop, [("COLA", 1), ("NOPE", 1)], "k", now_ms=NOW)
    held = cr.reserve(uow(), "mall", shop, [("COLA", 1)], "k", now_ms=NOW)
    # A replay is answered before the store and the SKUs are looked at again.
    disable_store(uow(), ADMIN, "S002")
    with pytest.raises(StoreDisabled):
        cr.reserve(uow(), "mall", "S002", [("COLA", 1)], "k2", now_ms=NOW)
    with pytest.raises(ChannelRefused, match="idempotency key k was used"):
        cr.reserve(uow(), "mall", "S002", [("COLA", 1)], "k", now_ms=NOW)
    with engine.begin() as conn:
        conn.execute(channels.update().where(channels.c.code == "mall").values(disabled=True))
    with pytest.raises(ChannelNotAllowed, match="channel mall is disabled"):
        cr.reserve(uow(), "mall", shop, [("COLA", 1)], "k", now_ms=NOW)
    assert held.lines == (("COLA", 1),)


def test_a_sku_without_a_state_row_gets_one_and_nothing_is_left_on_refusal(
    uow: UoW, engine: Engine, shop: str
) -> None:
    with pytest.raises(NotPromisable, match="TEA: asked 1, promisable 0"):
        cr.reserve(uow(), "mall", shop, [("COLA", 1), ("TEA", 1)], "k", now_ms=NOW)
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(stock_states)).scalar() == 0
    both = cr.reserve(uow(), "mall", shop, [("COLA", 5)], "k3", now_ms=NOW)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(stock_states.c.sku, stock_states.c.reserved_base).order_by(stock_states.c.sku)
        ).all()
        changes = conn.execute(
            sa.select(stock_state_changes.c.document_id, stock_state_changes.c.delta_base)
        ).all()
    assert [tuple(r) for r in rows] == [("COLA", 5)]
    assert [tuple(c) for c in changes] == [(both.reservation_id, 5)]
