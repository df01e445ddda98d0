"""hoctl staff: the stores' till staff kept at head office, audited, and sent down (fakes)."""

from __future__ import annotations

import pytest

from common.errors import AlreadyExists, InvalidInput, NotFound
from common.pin_hashing import check_pin_hash
from headoffice.domain.errors import PermissionRefused, UnknownStore
from headoffice.domain.roles import Staff
from headoffice.services import till_staff as s
from tests.unit.headoffice.fakes import FakeDatabase, FakeUnitOfWork

ADMIN = Staff("admin", "admin")
PIN = "246913"


@pytest.fixture
def db() -> FakeDatabase:
    db = FakeDatabase()
    db.seed_store("S001")
    db.seed_store("S002")
    return db


def test_added_staff_is_audited_and_sent_to_its_store_only(db: FakeDatabase) -> None:
    member = s.add_staff(FakeUnitOfWork(db), ADMIN, "S001", "ann", "cashier", PIN, "Ann Li",
                         card="STAFF-0042", now_ms=5)  # fmt: skip
    assert (member.role, member.disabled, member.updated_by) == ("cashier", False, "admin")
    assert check_pin_hash(member.pin_hash, PIN).matched and PIN not in member.pin_hash
    [event] = db.events_for("S001")
    sent = event.till_staff
    assert (sent.staff_code, sent.role, sent.display_name) == ("ann", "cashier", "Ann Li")
    assert sent.pin_hash == member.pin_hash and sent.card_hash == member.card_hash != ""
    assert db.events_for("S002") == []
    [record] = db.tables.audit
    assert (record.action, record.entity_id) == ("till_staff.add", "ann@S001")
    assert "pin" not in record.after_json.lower() and member.pin_hash not in record.after_json
    assert member.card_hash not in record.after_json and '"has_card":true' in record.after_json


def test_disable_enable_set_role_and_reset_pin_each_reach_the_store(db: FakeDatabase) -> None:
    s.add_staff(FakeUnitOfWork(db), ADMIN, "S001", "ann", "cashier", PIN)
    s.disable_staff(FakeUnitOfWork(db), ADMIN, "S001", "ann")
    s.enable_staff(FakeUnitOfWork(db), ADMIN, "S001", "ann")
    s.set_role(FakeUnitOfWork(db), ADMIN, "S001", "ann", "supervisor")
    after = s.reset_pin(FakeUnitOfWork(db), ADMIN, "S001", "ann", "362514")
    events = [e.till_staff for e in db.events_for("S001")]
    assert [(e.disabled, e.role) for e in events] == [
        (False, "cashier"), (True, "cashier"), (False, "cashier"), (False, "supervisor"),
        (False, "supervisor"),
    ]  # fmt: skip
    assert check_pin_hash(events[-1].pin_hash, "362514").matched
    assert [r.action for r in db.tables.audit] == [
        "till_staff.add", "till_staff.disable", "till_staff.enable", "till_staff.set_role",
        "till_staff.reset_pin",
    ]  # fmt: skip
    assert s.list_staff(FakeUnitOfWork(db), ADMIN) == [after]


@pytest.mark.parametrize(
    ("args", "error", "words"),
    [
        (("S001", "ann", "admin", PIN), InvalidInput, "not a staff role"),
        (("S001", "ann@S001", "cashier", PIN), InvalidInput, "a staff code must be"),
        (("S001", "ann", "cashier", "0000"), InvalidInput, "a PIN must be 6 to 12 digits"),
        (("S001", "ann", "cashier", "123456"), InvalidInput, "run of digits"),
        (("S009", "ann", "cashier", PIN), UnknownStore, "S009"),
    ],
)
def test_bad_staff_is_refused_and_changes_nothing(
    db: FakeDatabase, args: tuple[str, ...], error: type[Exception], words: str
) -> None:
    with pytest.raises(error, match=words):
        s.add_staff(FakeUnitOfWork(db), ADMIN, *args)
    assert db.tables.till_staff == {} and db.tables.audit == [] and db.events_for("S001") == []


def test_a_code_twice_in_a_store_and_an_unknown_member_are_refused(db: FakeDatabase) -> None:
    s.add_staff(FakeUnitOfWork(db), ADMIN, "S001", "ann", "cashier", PIN)
    with pytest.raises(AlreadyExists, match="already has staff member ann"):
        s.add_staff(FakeUnitOfWork(db), ADMIN, "S001", "ann", "cashier", PIN)
    s.add_staff(FakeUnitOfWork(db), ADMIN, "S002", "ann", "cashier", PIN)  # another store's ann
    with pytest.raises(NotFound, match="store S001 has no staff member bob"):
        s.disable_staff(FakeUnitOfWork(db), ADMIN, "S001", "bob")


def test_a_store_manager_manages_only_their_own_stores_staff(db: FakeDatabase) -> None:
    mia = Staff("mia", "store_manager", frozenset({"S001"}))
    s.add_staff(FakeUnitOfWork(db), mia, "S001", "ann", "cashier", PIN)
    s.add_staff(FakeUnitOfWork(db), ADMIN, "S002", "bob", "cashier", PIN)
    with pytest.raises(PermissionRefused, match="manages store"):
        s.add_staff(FakeUnitOfWork(db), mia, "S002", "cat", "cashier", PIN)
    assert [m.staff_code for m in s.list_staff(FakeUnitOfWork(db), mia)] == ["ann"]
    with pytest.raises(PermissionRefused, match="lacks permission till_staff.manage"):
        s.disable_staff(FakeUnitOfWork(db), Staff("bea", "buyer"), "S001", "ann")
