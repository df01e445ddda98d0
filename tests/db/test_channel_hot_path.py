"""A channel order's hot path on SQLite and PostgreSQL (issue 16, the round-trip benchmark):
Reserve asks its checks in one statement and locks with two, Confirm reads the reservation
with its lines in one; the checks still answer in their order with the same sentences, and
a SKU the store never had a state row for is made and reserved in the same upsert."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine

from common.certs import KeyPair
from headoffice.domain.channels import (
    ChannelNotAllowed,
    ChannelRefused,
    NotPromisable,
    ReservationKeyTaken,
    UnknownChannel,
)
from headoffice.domain.errors import StoreDisabled, UnknownProduct
from headoffice.domain.roles import Staff
from headoffice.services import channel_admin
from headoffice.services import channel_reservations as cr
from headoffice.services.stores import add_store, disable_store
from headoffice.services.sync import apply_batch
from headoffice.store.channel_tables import (
    channel_reservation_lines,
    channel_reservations,
    channels,
    stock_state_changes,
    stock_states,
)
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
    if engine.dialect.name == "postgresql":
        # checks; levels and states locked; reservation, line, state and change written
        assert statements == ["SELECT", "WITH", "WITH"]
    else:
        # checks, levels, states upsert, reservation, line, state, state change
        assert statements == ["SELECT", "SELECT", "INSERT", "INSERT", "INSERT", "UPDATE", "INSERT"]
    statements.clear()
    cr.confirm(uow(), "mall", held.reservation_id, now_ms=NOW + 1)
    # The reservation with its lines, its update, the order queued downstream (under the
    # feed's shared advisory lock on PostgreSQL, in the same statement: store.feed_order).
    queued = ["WITH"] if engine.dialect.name == "postgresql" else ["INSERT"]
    assert statements == ["SELECT", "UPDATE", *queued]
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


def test_a_hold_of_several_lines_writes_each_line_state_and_change(
    uow: UoW, engine: Engine, shop: str
) -> None:
    apply_batch(uow(), shop, [delivery(2, [("TEA", 7, 50)])])
    cr.reserve(uow(), "mall", shop, [("COLA", 1)], "first", now_ms=NOW)  # COLA has a state row
    held = cr.reserve(uow(), "mall", shop, [("TEA", 3), ("COLA", 2)], "two", now_ms=NOW + 5)
    with engine.connect() as conn:
        lines = conn.execute(
            sa.select(
                channel_reservation_lines.c.line_no, channel_reservation_lines.c.sku,
                channel_reservation_lines.c.qty_base, channel_reservation_lines.c.store_code,
            )
            .where(channel_reservation_lines.c.reservation_id == held.id)
            .order_by(channel_reservation_lines.c.line_no)
        ).all()  # fmt: skip
        states = conn.execute(
            sa.select(
                stock_states.c.sku, stock_states.c.reserved_base, stock_states.c.updated_at_ms
            ).order_by(stock_states.c.sku)
        ).all()
        c = stock_state_changes.c
        changes = conn.execute(
            sa.select(c.sku, c.state, c.delta_base, c.document_type, c.document_id, c.reason,
                      c.actor, c.at_ms)
            .where(c.document_id == held.reservation_id)
            .order_by(c.id)
        ).all()  # fmt: skip
    assert [tuple(r) for r in lines] == [(1, "TEA", 3, shop), (2, "COLA", 2, shop)]
    assert [tuple(r) for r in states] == [("COLA", 3, NOW + 5), ("TEA", 3, NOW + 5)]
    assert [tuple(r) for r in changes] == [
        ("TEA", "reserved", 3, "reservation", held.reservation_id, "held", "channel:mall", NOW + 5),
        (
            "COLA",
            "reserved",
            2,
            "reservation",
            held.reservation_id,
            "held",
            "channel:mall",
            NOW + 5,
        ),
    ]
    assert cr.get_reservation(uow(), "mall", held.reservation_id).lines == (("TEA", 3), ("COLA", 2))


def test_the_state_change_names_the_reservation_as_it_is_shown_past_six_digits(
    uow: UoW, engine: Engine, shop: str
) -> None:
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(
                sa.text(
                    "SELECT setval(pg_get_serial_sequence('channel_reservations', 'id'), 999999)"
                )
            )
        else:
            # SQLite numbers a row one past the highest id there is: an old, closed one.
            conn.execute(
                channel_reservations.insert().values(
                    id=999_999, channel="mall", store_code=shop, idempotency_key="old",
                    request_hash="", state="released", created_at_ms=NOW,
                )
            )  # fmt: skip
    held = cr.reserve(uow(), "mall", shop, [("COLA", 1)], "big", now_ms=NOW)
    assert held.id == 1_000_000 and held.reservation_id == "CR1000000"
    with engine.connect() as conn:
        ids = conn.execute(sa.select(stock_state_changes.c.document_id)).scalars().all()
    assert ids == ["CR1000000"]


def test_a_taken_key_in_the_one_statement_hold_is_the_key_refusal(
    uow: UoW, engine: Engine, shop: str
) -> None:
    """Two holds under one key race: the second's insert meets the unique key, and the caller
    answers with the first (a replay), not an error; nothing of the second is left."""
    first = cr.reserve(uow(), "mall", shop, [("COLA", 1)], "same", now_ms=NOW)
    unit = uow()
    with unit:
        ctx_free = first  # the reservation already holds the key
        with pytest.raises(ReservationKeyTaken):
            unit.channels.lock_stock(shop, ["COLA"], NOW)
            unit.channels.add_hold(replace(ctx_free, id=0), "held", "channel:mall")
    with engine.connect() as conn:
        assert (
            conn.execute(sa.select(sa.func.count()).select_from(stock_state_changes)).scalar() == 1
        )
