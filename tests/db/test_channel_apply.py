"""Head office applying a store's channel_pick and channel_fulfilment entries, on both
databases: reserved -> committed when picked, released when handed over as the movement
takes on hand, each change naming the reservation; another store's order, other lines and
a second hand-over refuse the batch and change nothing; a hand-over of an order cancelled
meanwhile applies and is recorded."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from headoffice.domain.errors import InvalidEntry
from headoffice.services.channel_checks import CHANNEL_MISMATCH, CHANNEL_TWICE, CHANNEL_UNKNOWN
from headoffice.services.stores import add_store
from headoffice.services.sync import apply_batch
from headoffice.store.channel_tables import (
    channel_reservations,
    stock_state_changes,
)
from headoffice.store.channels_repo import ChannelsRepository
from headoffice.store.unit_of_work import UnitOfWork
from tests.channel_seed import reservation_row, seed_order, stock_state_rows
from tests.journal_entries import channel_fulfilment, channel_pick, delivery

NOW = 1_700_000_000_000
Uow = Callable[[], UnitOfWork]
LINES = (("COLA", 2), ("TEA", 1))


def reserve(engine: Engine, store: str) -> str:
    """A confirmed order of LINES at `store`, as the channel services leave it."""
    return seed_order(engine, store, LINES, at_ms=NOW)


def states(engine: Engine, store: str = "S001") -> dict[str, tuple[int, int]]:
    return stock_state_rows(engine, store)


def reservation(engine: Engine, code: str) -> tuple[str, int, int]:
    row = reservation_row(engine, code)
    return row.state, int(row.picked_seq), int(row.fulfilled_seq)


def levels(uow: Uow, store: str = "S001") -> dict[str, int]:
    with uow() as u:
        return {sku: p.qty_base for sku, p in u.levels.lock_levels(store, {"COLA", "TEA"}).items()}


@pytest.fixture
def stocked(uow: Uow, store: str) -> str:
    apply_batch(uow(), store, [delivery(1, [("COLA", 10, 200), ("TEA", 5, 100)])], NOW)
    return store


def test_picked_then_handed_over_moves_the_states_and_the_goods(
    uow: Uow, engine: Engine, stocked: str
) -> None:
    code = reserve(engine, "S001")
    assert states(engine) == {"COLA": (2, 0), "TEA": (1, 0)}
    apply_batch(uow(), "S001", [channel_pick(2, code, LINES)], NOW + 1)
    assert states(engine) == {"COLA": (0, 2), "TEA": (0, 1)}
    assert reservation(engine, code) == ("picked", 2, 0)
    apply_batch(uow(), "S001", [channel_fulfilment(3, code, LINES)], NOW + 2)
    assert states(engine) == {"COLA": (0, 0), "TEA": (0, 0)}
    assert reservation(engine, code) == ("fulfilled", 2, 3)
    assert levels(uow) == {"COLA": 8, "TEA": 4}
    with engine.connect() as conn:
        changes = conn.execute(
            sa.select(stock_state_changes.c.state, sa.func.sum(stock_state_changes.c.delta_base))
            .where(stock_state_changes.c.document_id == code,
                   stock_state_changes.c.document_type == "reservation")
            .group_by(stock_state_changes.c.state)
        ).all()  # fmt: skip
        actors = conn.execute(
            sa.select(stock_state_changes.c.actor).where(stock_state_changes.c.at_ms > NOW)
        ).scalars()
        assert set(actors) == {"ann@S001"}
    assert {state: int(total) for state, total in changes} == {"reserved": 0, "committed": 0}


def test_pick_and_hand_over_in_one_batch_and_a_replay_change_nothing_more(
    uow: Uow, engine: Engine, stocked: str
) -> None:
    code = reserve(engine, "S001")
    batch = [channel_pick(2, code, LINES), channel_fulfilment(3, code, LINES)]
    apply_batch(uow(), "S001", batch, NOW + 1)
    result = apply_batch(uow(), "S001", batch, NOW + 2)
    assert (result.applied, result.duplicates) == (0, 2)
    assert states(engine) == {"COLA": (0, 0), "TEA": (0, 0)}
    assert levels(uow) == {"COLA": 8, "TEA": 4}


def test_a_hand_over_of_an_order_cancelled_meanwhile_applies_and_is_recorded(
    uow: Uow, engine: Engine, stocked: str
) -> None:
    code = reserve(engine, "S001")
    with engine.begin() as conn:  # head office cancels it: the reservation gives back its stock
        repo = ChannelsRepository(conn)
        for sku, qty in LINES:
            repo.add_state("S001", sku, "reserved", -qty, "reservation", code, "cancel", "x", NOW)
        conn.execute(
            channel_reservations.update()
            .where(channel_reservations.c.id == int(code[2:]))
            .values(state="cancelled", close_reason="customer gave up")
        )
    apply_batch(uow(), "S001", [channel_fulfilment(2, code, LINES)], NOW + 1)
    assert reservation(engine, code) == ("cancelled", 0, 2)
    assert states(engine) == {"COLA": (0, 0), "TEA": (0, 0)}
    assert levels(uow) == {"COLA": 8, "TEA": 4}


@pytest.mark.parametrize("case", ["other store", "other lines", "second hand-over", "unknown"])
def test_a_bad_entry_refuses_the_batch_and_changes_nothing(
    uow: Uow, engine: Engine, ca, stocked: str, case: str
) -> None:
    add_store(uow(), ca, "S002", "Side Street", "127.0.0.1:2", now_ms=1_000)
    mine, theirs = reserve(engine, "S001"), reserve(engine, "S002")
    if case == "second hand-over":
        apply_batch(uow(), "S001", [channel_fulfilment(2, mine, LINES)], NOW + 1)
    seq = 3 if case == "second hand-over" else 2
    entry, code = {
        "other store": (channel_fulfilment(seq, theirs, LINES), CHANNEL_UNKNOWN),
        "other lines": (channel_fulfilment(seq, mine, [("COLA", 2)]), CHANNEL_MISMATCH),
        "second hand-over": (channel_fulfilment(seq, mine, LINES), CHANNEL_TWICE),
        "unknown": (channel_pick(seq, "CR999999", LINES), CHANNEL_UNKNOWN),
    }[case]
    before = (states(engine), states(engine, "S002"), levels(uow), reservation(engine, mine))
    with pytest.raises(InvalidEntry) as refused:
        apply_batch(uow(), "S001", [entry], NOW + 2)
    assert refused.value.code == code
    after = (states(engine), states(engine, "S002"), levels(uow), reservation(engine, mine))
    assert after == before
