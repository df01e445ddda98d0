"""Channel reservations' rules (headoffice.domain.channels, channel_input) and use cases against the
in-memory unit of work: quota maths, the state machine, the sentences, nothing written on
a refusal."""

from __future__ import annotations

import pytest

from common.certs import create_ca
from common.errors import InvalidInput, InvalidQuantity
from headoffice.domain import channel_input as chin
from headoffice.domain import channels as ch
from headoffice.domain.channels import (
    ChannelNotAllowed,
    ChannelQuota,
    ChannelRefused,
    NotPromisable,
    StockFigures,
    UnknownReservation,
)
from headoffice.domain.errors import UnknownProduct
from headoffice.domain.roles import PermissionRefused, Staff
from headoffice.services import channel_admin
from headoffice.services import channel_reservations as cr
from tests.unit.headoffice.fakes import FakeDatabase, FakeUnitOfWork

NOW = 1_800_000_000_000
ADMIN = Staff("admin", "admin")


# -- domain -----------------------------------------------------------------------------


def test_available_is_on_hand_less_every_state() -> None:
    assert StockFigures(10, 2, 1, 3, 1).available == 3
    assert StockFigures(1, 2).available == -1  # after an offline oversell


@pytest.mark.parametrize(
    ("available", "mine", "percent", "expected"),
    [
        (10, 0, 100, 10),
        (10, 0, 30, 3),
        (7, 3, 30, 0),  # (7 + 3) * 30% = 3, all of it held already
        (20, 1, 30, 5),  # floor(21 * 0.3) = 6, less the 1 held
        (2, 0, 100, 2),
        (0, 0, 100, 0),
        (-3, 0, 100, 0),  # an oversold store promises nothing
        (1, 0, 30, 0),  # floor(0.3) = 0
        (5, 10, 50, 0),  # holding more than its share already
    ],
)
def test_promisable(available: int, mine: int, percent: int, expected: int) -> None:
    assert ch.promisable(available, mine, percent) == expected


def test_a_skus_quota_beats_its_categorys_and_none_is_100() -> None:
    quotas = [ChannelQuota("m", "category", "drinks", 30), ChannelQuota("m", "sku", "COLA", 50)]
    assert ch.quota_percent(quotas, "COLA", "drinks") == 50
    assert ch.quota_percent(quotas, "WATER", "drinks") == 30
    assert ch.quota_percent(quotas, "BREAD", "bakery") == 100


def test_lines_keys_holds_and_ids_are_checked_with_sentences() -> None:
    with pytest.raises(InvalidInput, match="at least one line"):
        chin.check_lines([])
    with pytest.raises(InvalidInput, match="at most 100 lines, got 101"):
        chin.check_lines([(f"S{n}", 1) for n in range(101)])
    with pytest.raises(InvalidQuantity, match="COLA must be a positive whole number"):
        chin.check_lines([("COLA", -3)])
    with pytest.raises(InvalidQuantity, match="more than the limit"):
        chin.check_lines([("COLA", 10**9)])
    with pytest.raises(InvalidInput, match="SKU COLA is on two lines"):
        chin.check_lines([("COLA", 1), ("COLA", 2)])
    with pytest.raises(InvalidInput, match="1 to 120 printable characters, got 121"):
        chin.check_key("k" * 121)
    with pytest.raises(InvalidInput, match="1 to 120"):
        chin.check_key("")
    assert chin.check_hold(0, 900_000, 86_400_000) == 900_000
    with pytest.raises(InvalidInput, match="10 to 86400 seconds, got 90000000 ms"):
        chin.check_hold(90_000_000, 900_000, 86_400_000)
    with pytest.raises(InvalidInput, match="10 to 86400 seconds"):
        chin.check_hold(-1, 900_000, 86_400_000)
    assert ch.parse_reservation_id("cr12") == 12 and ch.format_reservation_id(12) == "CR000012"
    with pytest.raises(InvalidInput, match="must look like CR000012"):
        ch.parse_reservation_id("TR000001")
    with pytest.raises(InvalidInput, match="channel code 'Mall!'"):
        chin.check_channel_code("Mall!")


def test_the_request_hash_ignores_line_order_but_not_the_store() -> None:
    a = chin.request_hash("S001", [("A", 1), ("B", 2)])
    assert a == chin.request_hash("S001", [("B", 2), ("A", 1)])
    assert a != chin.request_hash("S002", [("A", 1), ("B", 2)])
    assert a != chin.request_hash("S001", [("A", 1), ("B", 3)])


def _reservation(state: str, expires: int = NOW + 1) -> ch.Reservation:
    return ch.Reservation(1, "mall", "S001", "k", "h", state, (("COLA", 1),), NOW, expires)


def test_the_state_machine() -> None:
    ch.check_confirm(_reservation("held"), NOW)
    ch.check_confirm(_reservation("confirmed", 0), NOW)  # a retried Confirm
    with pytest.raises(ChannelRefused, match="CR000001 expired; reserve again"):
        ch.check_confirm(_reservation("held", NOW), NOW)
    for state in ("released", "expired", "cancelled", "picked", "fulfilled"):
        with pytest.raises(ChannelRefused, match=f"is {state}"):
            ch.check_confirm(_reservation(state), NOW)
    ch.check_release(_reservation("confirmed"))
    with pytest.raises(ChannelRefused, match="only a held or confirmed"):
        ch.check_release(_reservation("picked"))
    ch.check_cancel(_reservation("picked"))
    with pytest.raises(ChannelRefused, match="fulfilled already"):
        ch.check_cancel(_reservation("fulfilled"))


def test_not_promisable_names_every_short_sku() -> None:
    short = ch.shortages([("A", 2), ("B", 1), ("C", 5)], {"A": 1, "C": 5})
    assert str(NotPromisable("S001", short)) == (
        "store S001 cannot promise this order to the channel: A: asked 2, promisable 1; "
        "B: asked 1, promisable 0; nothing was reserved"
    )


# -- use cases on the fake --------------------------------------------------------------


@pytest.fixture
def db() -> FakeDatabase:
    db = FakeDatabase()
    for code in ("S001", "S002"):
        db.seed_store(code)
    db.seed_product("COLA", category="drinks")
    db.seed_product("WATER", category="drinks")
    db.seed_level("S001", "COLA", 3, 100)
    db.seed_level("S001", "WATER", 10, 50)
    ca = create_ca("Test")
    for code, kind in (("mall", "mall"), ("meituan", "delivery")):
        channel_admin.add_channel(FakeUnitOfWork(db), ADMIN, ca, "x:1", code, code, kind,
                                  ["S001"], now_ms=NOW)  # fmt: skip
    return db


def test_reserve_holds_all_or_nothing_and_a_replay_answers_the_same(db: FakeDatabase) -> None:
    uow = FakeUnitOfWork(db)
    r = cr.reserve(uow, "mall", "S001", [("COLA", 2), ("WATER", 1)], "k1", now_ms=NOW)
    assert r.reservation_id == "CR000001" and r.expires_at_ms == NOW + 15 * 60_000
    commits = uow.commits
    again = cr.reserve(uow, "mall", "S001", [("WATER", 1), ("COLA", 2)], "k1", now_ms=NOW)
    assert again.replayed and again.id == r.id and uow.commits == commits
    with pytest.raises(NotPromisable, match="COLA: asked 2, promisable 1"):
        cr.reserve(uow, "meituan", "S001", [("COLA", 2), ("WATER", 1)], "k2", now_ms=NOW)
    with FakeUnitOfWork(db) as work:
        f = work.channels.stock_figures("S001")
        assert (f["COLA"].reserved, f["WATER"].reserved) == (2, 1)
        assert work.channels.state_changes("S001", "COLA") == [
            ("reserved", 2, "reservation", "CR000001")
        ]


def test_refusals_write_nothing(db: FakeDatabase) -> None:
    uow = FakeUnitOfWork(db)
    for args, error, sentence in [
        (("mall", "S002", [("COLA", 1)], "k"), ChannelNotAllowed, "may not act for store S002"),
        (("shop", "S001", [("COLA", 1)], "k"), ch.UnknownChannel, "there is no channel shop"),
        (("mall", "S001", [("NOPE", 1)], "k"), UnknownProduct, "SKU NOPE is not in"),
        (("mall", "S001", [("COLA", 4)], "k"), NotPromisable, "COLA: asked 4, promisable 3"),
    ]:
        with pytest.raises(error, match=sentence):
            cr.reserve(uow, *args, now_ms=NOW)
    assert uow.commits == 0
    with pytest.raises(UnknownReservation, match="channel meituan has no reservation CR000001"):
        r = cr.reserve(uow, "mall", "S001", [("COLA", 1)], "k", now_ms=NOW)
        cr.confirm(uow, "meituan", r.reservation_id, now_ms=NOW)  # another channel's order


def test_confirm_release_expire_and_cancel(db: FakeDatabase) -> None:
    uow = FakeUnitOfWork(db)
    a = cr.reserve(uow, "mall", "S001", [("COLA", 1)], "a", 60_000, now_ms=NOW)
    b = cr.reserve(uow, "mall", "S001", [("COLA", 1)], "b", 60_000, now_ms=NOW)
    c = cr.reserve(uow, "mall", "S001", [("COLA", 1)], "c", 60_000, now_ms=NOW)
    assert cr.confirm(uow, "mall", "", "a", now_ms=NOW + 1).state == "confirmed"
    assert cr.release(uow, "mall", b.reservation_id, "customer cancelled", NOW + 2).state == (
        "released"
    )
    assert cr.release(uow, "mall", b.reservation_id, now_ms=NOW + 3).state == "released"
    with pytest.raises(ChannelRefused, match="is released"):
        cr.confirm(uow, "mall", b.reservation_id, now_ms=NOW + 3)
    assert cr.expire_due(uow, NOW + 60_000) == 1  # c; a is confirmed, b released
    assert cr.get_reservation(uow, "mall", c.reservation_id).state == "expired"
    with pytest.raises(InvalidInput, match="needs a reason"):
        channel_admin.cancel_by_staff(uow, ADMIN, a.reservation_id, " ", now_ms=NOW)
    with pytest.raises(PermissionRefused):
        channel_admin.cancel_by_staff(uow, Staff("sam", "store_manager", ("S001",)),
                                      a.reservation_id, "why", now_ms=NOW)  # fmt: skip
    done = channel_admin.cancel_by_staff(uow, ADMIN, a.reservation_id, "no stock", now_ms=NOW)
    assert (done.state, done.close_reason, done.closed_by) == ("cancelled", "no stock", "admin")
    with FakeUnitOfWork(db) as work:
        assert work.channels.stock_figures("S001", ["COLA"])["COLA"].reserved == 0
        assert work.channels.open_counts() == {}
    events = [e.channel_order for e in db.events_for("S001") if e.HasField("channel_order")]
    assert [(e.reservation_id, e.state) for e in events] == [
        (a.reservation_id, "confirmed"),
        (a.reservation_id, "cancelled"),
    ]


def test_quota_and_reserved_lines(db: FakeDatabase) -> None:
    uow = FakeUnitOfWork(db)
    channel_admin.set_quota(uow, ADMIN, "meituan", "category", "drinks", 30, now_ms=NOW)
    atp = cr.available_to_promise(uow, "meituan", "S001")
    assert [(a.sku, a.available, a.promisable, a.quota_percent) for a in atp] == [
        ("COLA", 3, 0, 30),
        ("WATER", 10, 3, 30),
    ]
    r = cr.reserve(uow, "meituan", "S001", [("WATER", 3)], "q", now_ms=NOW)
    with FakeUnitOfWork(db) as work:
        held = cr.reserved_lines(work, "S001", ["WATER", "COLA"])
    assert held["COLA"] == [] and [(x.id, q) for x, q in held["WATER"]] == [(r.id, 3)]
    with pytest.raises(InvalidInput, match="1 to 100 percent"):
        channel_admin.set_quota(uow, ADMIN, "meituan", "sku", "COLA", 101)
    with pytest.raises(UnknownProduct, match="category 'toys'"):
        channel_admin.set_quota(uow, ADMIN, "meituan", "category", "toys", 10)


def test_open_reservations_per_store_on_metrics(db: FakeDatabase) -> None:
    from headoffice.api.channel_metrics import OpenReservationsCollector

    cr.reserve(FakeUnitOfWork(db), "mall", "S001", [("COLA", 1)], "m", now_ms=NOW)
    [family] = OpenReservationsCollector(lambda: cr.open_reservations(FakeUnitOfWork(db))).collect()
    assert family.name == "storeledger_channel_reservations_open"
    assert [(s.labels, s.value) for s in family.samples] == [({"store": "S001"}, 1.0)]
