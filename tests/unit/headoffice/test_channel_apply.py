"""Head office applying a store's channel_pick and channel_fulfilment entries (services.
channel_checks, channel_effects) on the in-memory unit of work: stock states move with the
reservation named, the order becomes picked then fulfilled; an entry for an unknown or
another store's order, with other lines, or a second one refuses its batch and changes
nothing; a hand-over of an order head office cancelled meanwhile still applies."""

from __future__ import annotations

from dataclasses import replace

import pytest

from headoffice.domain.channels import Reservation, format_reservation_id, reservation_number
from headoffice.domain.errors import InvalidEntry
from headoffice.services.channel_checks import CHANNEL_MISMATCH, CHANNEL_TWICE, CHANNEL_UNKNOWN
from headoffice.services.sync import apply_batch
from tests.journal_entries import channel_fulfilment, channel_pick, delivery
from tests.unit.headoffice.fake_channels import FakeChannels
from tests.unit.headoffice.fakes import FakeDatabase, FakeUnitOfWork

LINES = (("COLA", 2), ("TEA", 1))


def order(number: int = 1, store: str = "S001", state: str = "confirmed") -> Reservation:
    confirmed = 0 if state in ("held", "expired") else 500
    return Reservation(
        id=number, channel="mall", store_code=store, idempotency_key=f"k{number}",
        request_hash="h", state=state, lines=LINES, created_at_ms=100, order_ref="M-1",
        confirmed_at_ms=confirmed,
    )  # fmt: skip


def add_reservation(db: FakeDatabase, r: Reservation) -> None:
    """A reservation as channel_reservations leaves it, its lines reserved while it is open."""
    assert orders(db).add_reservation(r) == r.id
    if r.state in ("held", "confirmed"):
        for sku, qty in r.lines:
            orders(db).add_state(r.store_code, sku, "reserved", qty, "reservation",
                                 r.reservation_id, "reserved", "channel", 0)  # fmt: skip


@pytest.fixture
def db() -> FakeDatabase:
    db = FakeDatabase()
    db.seed_store("S001")
    db.seed_store("S002")
    db.seed_product("COLA", cost_minor=150)
    db.seed_product("TEA", cost_minor=80)
    add_reservation(db, order(1))
    add_reservation(db, order(2, "S002"))
    add_reservation(db, order(3, state="expired"))
    uow = FakeUnitOfWork(db)
    apply_batch(uow, "S001", [delivery(1, [("COLA", 10, 200), ("TEA", 5, 100)])], 2_000)
    return db


def orders(db: FakeDatabase) -> FakeChannels:
    return FakeChannels(db.tables)


def states(db: FakeDatabase, sku: str) -> tuple[int, int]:
    row = orders(db).stock_figures("S001", [sku])[sku]
    return row.reserved, row.committed


def test_pick_commits_and_the_hand_over_releases_as_the_goods_leave(db: FakeDatabase) -> None:
    uow = FakeUnitOfWork(db)
    assert states(db, "COLA") == (2, 0)
    apply_batch(uow, "S001", [channel_pick(2, "CR000001", LINES)], 3_000)
    assert states(db, "COLA") == (0, 2) and states(db, "TEA") == (0, 1)
    assert db.tables.channel_rows.reservations[1].state == "picked"
    assert db.tables.channel_rows.reservations[1].picked_seq == 2
    apply_batch(uow, "S001", [channel_fulfilment(3, "CR000001", LINES)], 4_000)
    assert states(db, "COLA") == (0, 0) and states(db, "TEA") == (0, 0)
    reservation = db.tables.channel_rows.reservations[1]
    assert (reservation.state, reservation.fulfilled_seq) == ("fulfilled", 3)
    assert db.levels_of("S001") == db.movement_sums("S001") == {"COLA": 8, "TEA": 4}
    # Every change names the reservation, by whom at the store.
    named = {(c[4], c[5], c[7]) for c in db.tables.channel_rows.changes if c[6] != "reserved"}
    assert named == {("reservation", "CR000001", "ann@S001")}


def test_a_hand_over_without_a_pick_releases_the_reservation(db: FakeDatabase) -> None:
    apply_batch(FakeUnitOfWork(db), "S001", [channel_fulfilment(2, "CR000001", LINES)], 3_000)
    assert states(db, "COLA") == (0, 0)
    assert db.tables.channel_rows.reservations[1].state == "fulfilled"


def test_a_hand_over_after_head_office_cancelled_still_applies_and_is_recorded(
    db: FakeDatabase,
) -> None:
    uow = FakeUnitOfWork(db)
    apply_batch(uow, "S001", [channel_pick(2, "CR000001", LINES)], 3_000)
    # Head office cancels the picked order (as h16res's cancel would: committed released).
    t = db.tables.channel_rows
    for sku, qty in LINES:
        orders(db).add_state("S001", sku, "committed", -qty, "reservation", "CR000001",
                             "cancelled", "admin", 3_500)  # fmt: skip
    t.reservations[1] = replace(t.reservations[1], state="cancelled")
    apply_batch(uow, "S001", [channel_fulfilment(3, "CR000001", LINES)], 4_000)
    reservation = db.tables.channel_rows.reservations[1]
    assert (reservation.state, reservation.fulfilled_seq) == ("cancelled", 3)
    assert states(db, "COLA") == (0, 0)  # nothing below zero
    assert db.levels_of("S001") == {"COLA": 8, "TEA": 4}  # the goods left


@pytest.mark.parametrize(
    ("batch", "code", "words"),
    [
        ([channel_pick(2, "CR000009", LINES)], CHANNEL_UNKNOWN, "no online order CR000009"),
        ([channel_pick(2, "ORDER-1", LINES)], CHANNEL_UNKNOWN, "no online order ORDER-1"),
        ([channel_fulfilment(2, "CR000002", LINES)], CHANNEL_UNKNOWN, "store S002's"),
        ([channel_pick(2, "CR000003", LINES)], CHANNEL_UNKNOWN, "never confirmed"),
        ([channel_pick(2, "CR000001", [("COLA", 2)])], CHANNEL_MISMATCH, "lines it picked"),
        (
            [channel_fulfilment(2, "CR000001", [("COLA", 3), ("TEA", 1)])],
            CHANNEL_MISMATCH,
            "goods it handed over",
        ),
        (
            [channel_fulfilment(2, "CR000001", LINES), channel_fulfilment(3, "CR000001", LINES)],
            CHANNEL_TWICE,
            "handed over by entry 2 already",
        ),
        (
            [channel_pick(2, "CR000001", LINES), channel_pick(3, "CR000001", LINES)],
            CHANNEL_TWICE,
            "by entry 2 already",
        ),
    ],
)
def test_a_bad_entry_refuses_its_batch_and_changes_nothing(
    db: FakeDatabase, batch: list, code: str, words: str
) -> None:
    before = (db.tables.channel_rows.reservations.copy(), states(db, "COLA"))
    with pytest.raises(InvalidEntry) as refused:
        apply_batch(FakeUnitOfWork(db), "S001", batch, 3_000)
    assert refused.value.code == code and words in str(refused.value)
    assert (db.tables.channel_rows.reservations, states(db, "COLA")) == before
    assert db.sync_of("S001").committed_seq == 1


def test_a_second_hand_over_in_a_later_batch_is_refused(db: FakeDatabase) -> None:
    uow = FakeUnitOfWork(db)
    apply_batch(uow, "S001", [channel_fulfilment(2, "CR000001", LINES)], 3_000)
    with pytest.raises(InvalidEntry) as refused:
        apply_batch(uow, "S001", [channel_fulfilment(3, "CR000001", LINES)], 4_000)
    assert refused.value.code == CHANNEL_TWICE
    assert db.levels_of("S001") == {"COLA": 8, "TEA": 4}


def test_a_replayed_batch_moves_no_state_twice(db: FakeDatabase) -> None:
    uow = FakeUnitOfWork(db)
    batch = [channel_pick(2, "CR000001", LINES), channel_fulfilment(3, "CR000001", LINES)]
    apply_batch(uow, "S001", batch, 3_000)
    changes = len(db.tables.channel_rows.changes)
    result = apply_batch(uow, "S001", batch, 4_000)
    assert (result.applied, result.duplicates) == (0, 2)
    assert len(db.tables.channel_rows.changes) == changes
    assert format_reservation_id(1) == "CR000001" and reservation_number("CR000001") == 1
    assert reservation_number("ORDER-1") is None
