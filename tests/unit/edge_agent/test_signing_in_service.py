"""Signing in at a till, against the fake ledger: PINs, lockout, cards, disabling, roles."""

from __future__ import annotations

import pytest

from common.domain.till_roles import staff_card_hash
from common.errors import InvalidInput, PermissionDenied, Unauthenticated
from edge_agent.domain.approvals import Manager, PinState
from edge_agent.services import signing_in
from edge_agent.services.context import StoreContext
from edge_agent.services.staff_list import apply_staff_member
from tests.till_staff import OTHER_PIN, TEST_PIN, pin_hash
from tests.unit.edge_agent.fakes import FakeUnitOfWork, fake_store


def ledger(ctx: StoreContext) -> FakeUnitOfWork:
    return ctx.db.committed  # type: ignore[attr-defined]


@pytest.fixture
def ctx() -> StoreContext:
    store = fake_store()
    staff = ledger(store).staff
    staff.add("ann", pin_hash(), 0, "cashier")
    staff.add("sam", pin_hash(), 0, "store_manager")
    return store


def test_a_right_pin_signs_in_and_the_till_acts_as_that_person(ctx: StoreContext) -> None:
    who = signing_in.sign_in(ctx, "T1", "ann", TEST_PIN)
    assert (who.code, who.member.role, who.till_id) == ("ann", "cashier", "T1")
    assert signing_in.authorise(ctx, "T1", "sell").code == "ann"
    with pytest.raises(PermissionDenied, match="a cashier may not receive deliveries"):
        signing_in.authorise(ctx, "T1", "receive")
    signing_in.sign_in(ctx, "T1", "sam", TEST_PIN)  # the next person replaces ann at T1
    assert signing_in.authorise(ctx, "T1", "receive").code == "sam"
    assert signing_in.sign_out(ctx, "T1") == "sam"
    with pytest.raises(Unauthenticated, match="nobody is signed in at till T1"):
        signing_in.authorise(ctx, "T1", "sell")


def test_three_wrong_pins_lock_the_person_out(ctx: StoreContext) -> None:
    for _ in range(3):
        with pytest.raises(Unauthenticated, match="wrong PIN for ann"):
            signing_in.sign_in(ctx, "T1", "ann", OTHER_PIN)
    with pytest.raises(Unauthenticated, match="ann is locked out"):
        signing_in.sign_in(ctx, "T1", "ann", TEST_PIN)
    assert ledger(ctx).staff.signed_in("T1") is None


@pytest.mark.parametrize(
    ("till", "code", "error", "words"),
    [
        ("", "ann", InvalidInput, "say which till"),
        ("T1", "", InvalidInput, "staff code and PIN, or with your staff card"),
        ("T1", "zoe", Unauthenticated, "store S001 has no staff member zoe"),
    ],
)
def test_sign_in_refusals_change_nothing(
    ctx: StoreContext, till: str, code: str, error: type[Exception], words: str
) -> None:
    with pytest.raises(error, match=words):
        signing_in.sign_in(ctx, till, code, TEST_PIN)
    assert ledger(ctx).staff.sign_ins == {}


def test_a_card_signs_in_and_a_disabling_from_head_office_signs_out(ctx: StoreContext) -> None:
    ann = Manager("ann", pin_hash(), False, PinState(), "supervisor", "Ann", staff_card_hash("C-7"))
    assert apply_staff_member(ctx, ann, cursor=1)
    assert not apply_staff_member(ctx, ann, cursor=1)  # a replay changes nothing
    assert signing_in.sign_in(ctx, "T2", "", card="c 7").member.role == "supervisor"
    apply_staff_member(ctx, Manager("ann", pin_hash(), True, PinState(), "supervisor"), cursor=2)
    with pytest.raises(Unauthenticated, match="nobody is signed in at till T2"):
        signing_in.authorise(ctx, "T2", "sell")
    with pytest.raises(Unauthenticated, match="ann is disabled at store S001"):
        signing_in.sign_in(ctx, "T2", "ann", TEST_PIN)


def test_a_person_disabled_at_the_store_is_refused_at_their_next_action(ctx: StoreContext) -> None:
    signing_in.sign_in(ctx, "T1", "ann", TEST_PIN)
    ledger(ctx).staff.disable("ann")
    with pytest.raises(Unauthenticated, match="ann has been disabled"):
        signing_in.authorise(ctx, "T1", "sell")
