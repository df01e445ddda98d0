"""Offline oversell conflicts without a database: the shortfall, the proposal, and detection
through apply_batch on the in-memory unit of work (tests/db proves the SQL)."""

from __future__ import annotations

import pytest

from common.errors import InvalidInput
from headoffice.domain.channel_conflicts import (
    HeldOrder,
    StockFigures,
    nearest_store,
    newest_order,
    parse_conflict_id,
    propose,
    short_to_flag,
)
from headoffice.domain.roles import Staff
from headoffice.services import channel_conflicts as cc
from headoffice.services.sync import apply_batch
from tests.journal_entries import delivery, sale_of
from tests.unit.headoffice.fake_channel_conflicts import FakeChannelConflicts
from tests.unit.headoffice.fakes import FakeDatabase, FakeUnitOfWork

ADMIN = Staff("admin", "admin")


@pytest.mark.parametrize(
    ("figures", "short"),
    [
        (StockFigures(on_hand=5, reserved=5), 0),  # every order can be filled
        (StockFigures(on_hand=3, reserved=5), 2),
        (StockFigures(on_hand=3, reserved=2, committed=3), 2),
        (StockFigures(on_hand=5, reserved=4, damaged=2), 1),  # damaged units fill no order
        (StockFigures(on_hand=5, reserved=4, safety=3), 0),  # safety stock can be handed over
        (StockFigures(on_hand=-2, reserved=1), 3),  # a level below zero after the sales
    ],
)
def test_the_shortfall_is_what_orders_hold_beyond_the_stock_that_can_fill_them(
    figures: StockFigures, short: int
) -> None:
    assert figures.short == short
    if short:
        assert figures.available < 0


def test_a_transfer_in_progress_covers_its_units() -> None:
    assert short_to_flag(StockFigures(on_hand=1, reserved=4), covered=2) == 1
    assert short_to_flag(StockFigures(on_hand=1, reserved=4), covered=5) == 0


def test_the_nearest_store_with_enough_available_by_cost_then_code() -> None:
    costs = {("S003", "S001"): 50, ("S004", "S001"): 50, ("S002", "S001"): 10}

    def cost_of(a: str, b: str) -> int:
        return costs.get((a, b), 100)

    stock = [("S001", 9), ("S002", 1), ("S003", 4), ("S004", 4), ("S005", 9)]
    assert nearest_store("S001", 2, stock, cost_of) == "S003"  # S002 has too few
    assert nearest_store("S001", 1, stock, cost_of) == "S002"
    assert nearest_store("S001", 5, stock, cost_of) == "S005"
    assert nearest_store("S001", 10, stock, cost_of) == ""


def test_no_store_with_enough_proposes_cancelling_the_newest_order_not_picked() -> None:
    orders = [
        HeldOrder(1, "confirmed", 1_000, 2),
        HeldOrder(2, "held", 3_000, 1),
        HeldOrder(3, "picked", 9_000, 1),
    ]
    assert newest_order(orders) == 2
    assert newest_order([HeldOrder(3, "picked", 9_000, 1), HeldOrder(4, "picked", 8_000, 1)]) == 3
    assert newest_order([]) == 0
    proposal = propose("S001", 3, [("S002", 2)], lambda a, b: 1, orders)
    assert (proposal.kind, proposal.reservation_id) == ("cancel", 2)
    proposal = propose("S001", 2, [("S002", 2)], lambda a, b: 1, orders)
    assert (proposal.kind, proposal.from_store) == ("transfer", "S002")


@pytest.mark.parametrize("text", ["CC000007", "cc7", "7", " CC7 "])
def test_conflict_ids(text: str) -> None:
    assert parse_conflict_id(text) == 7


@pytest.mark.parametrize("text", ["", "CC0", "TR7", "CC-1", "x"])
def test_bad_conflict_ids_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="CC000001"):
        parse_conflict_id(text)


@pytest.fixture
def db() -> FakeDatabase:
    db = FakeDatabase()
    for code in ("S001", "S002"):
        db.seed_store(code)
    db.seed_product("COLA")
    db.seed_product("TEA")
    db.seed_level("S001", "COLA", 4, 100)
    db.seed_level("S001", "TEA", 4, 100)
    db.seed_level("S002", "COLA", 10, 100)
    return db


def test_a_store_without_online_orders_pays_one_probe_a_batch(db: FakeDatabase) -> None:
    apply_batch(FakeUnitOfWork(db), "S001", [sale_of(1, [("COLA", 9)])])
    apply_batch(FakeUnitOfWork(db), "S001", [sale_of(2, [("TEA", 1)])])
    assert db.tables.channel_conflicts.probes == 2
    assert db.tables.channel_conflicts.conflicts == {}


def test_detection_opens_updates_and_clears_on_the_fake(
    db: FakeDatabase, caplog: pytest.LogCaptureFixture
) -> None:
    orders = FakeChannelConflicts(db.tables)
    orders.seed_order("S001", [("COLA", 3)], at_ms=1_000)
    # Selling 1 leaves 3 for 3 reserved: nothing; a second sale leaves the order short by 1.
    apply_batch(FakeUnitOfWork(db), "S001", [sale_of(1, [("COLA", 1)])])
    assert db.tables.channel_conflicts.conflicts == {}
    apply_batch(FakeUnitOfWork(db), "S001", [sale_of(2, [("TEA", 1)]), sale_of(3, [("COLA", 1)])])
    [conflict] = cc.list_conflicts(FakeUnitOfWork(db), ADMIN)
    assert (conflict.sku, conflict.short_base, conflict.detected_seq) == ("COLA", 1, 3)
    assert [r.message for r in caplog.records] == ["channel conflict opened"]
    assert (conflict.proposal, conflict.proposed_from_store) == ("transfer", "S002")
    apply_batch(FakeUnitOfWork(db), "S001", [sale_of(4, [("COLA", 2)])])
    [conflict] = cc.list_conflicts(FakeUnitOfWork(db), ADMIN)
    assert conflict.short_base == 3
    apply_batch(FakeUnitOfWork(db), "S001", [delivery(5, [("COLA", 3, 100)])])
    assert cc.list_conflicts(FakeUnitOfWork(db), ADMIN) == []
    [closed] = cc.list_conflicts(FakeUnitOfWork(db), ADMIN, state="resolved")
    assert closed.resolution == "cleared"
    assert cc.open_counts(FakeUnitOfWork(db)) == {"S001": 0, "S002": 0}


def test_resolving_by_cancel_on_the_fake_releases_the_order(db: FakeDatabase) -> None:
    orders = FakeChannelConflicts(db.tables)
    orders.seed_order("S001", [("TEA", 2)], at_ms=1_000)
    newer = orders.seed_order("S001", [("TEA", 2)], at_ms=2_000)
    apply_batch(FakeUnitOfWork(db), "S001", [sale_of(1, [("TEA", 1)])])
    [conflict] = cc.list_conflicts(FakeUnitOfWork(db), ADMIN)
    assert (conflict.proposal, conflict.proposed_reservation_id) == ("cancel", newer)
    done = cc.resolve_conflict(FakeUnitOfWork(db), ADMIN, conflict.conflict_id, reason="sold out")
    assert (done.state, done.resolution) == ("resolved", "cancel")
    rows = db.tables.channel_rows
    cancelled = rows.reservations[newer]
    assert (cancelled.state, cancelled.close_reason) == ("cancelled", "sold out")
    assert rows.changes[-1][:6] == ("S001", "TEA", "reserved", -2, "conflict", "CC000001")
    # A confirmed order is cancelled at its store too (channel_reservations.cancel_reservation).
    [event] = [e for e in db.events_for("S001") if e.WhichOneof("kind") == "channel_order"]
    assert event.channel_order.state == "cancelled"


def test_recheck_clears_a_conflict_when_the_order_is_released_elsewhere(db: FakeDatabase) -> None:
    orders = FakeChannelConflicts(db.tables)
    orders.seed_order("S001", [("TEA", 5)], at_ms=1_000)
    apply_batch(FakeUnitOfWork(db), "S001", [sale_of(1, [("TEA", 2)])])
    [conflict] = cc.list_conflicts(FakeUnitOfWork(db), ADMIN)
    assert conflict.short_base == 3
    uow = FakeUnitOfWork(db)
    with uow:  # the channel releases 2 of its 5 (services.channel_reservations): still short 1
        uow.channels.add_state("S001", "TEA", "reserved", -2, "reservation",
                                        "CR000001", "", "mall", 5_000)  # fmt: skip
        assert cc.recheck(uow, "S001", ["TEA", "COLA"], 5_000) == 1
        uow.commit()
    [conflict] = cc.list_conflicts(FakeUnitOfWork(db), ADMIN)
    assert conflict.short_base == 1
    uow = FakeUnitOfWork(db)
    with uow:  # and the rest: nothing short any more
        uow.channels.add_state("S001", "TEA", "reserved", -3, "reservation",
                                        "CR000001", "", "mall", 6_000)  # fmt: skip
        assert cc.recheck(uow, "S001", ["TEA"], 6_000) == 1
        assert cc.recheck(uow, "S001", ["COLA"], 6_000) == 0
        uow.commit()
    assert cc.list_conflicts(FakeUnitOfWork(db), ADMIN) == []
