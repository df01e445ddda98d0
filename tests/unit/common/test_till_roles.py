"""The till's roles table: every role against every action, and the refusals' sentences."""

from __future__ import annotations

import pytest

from common.domain import till_roles as r
from common.errors import InvalidInput, PermissionDenied

# Written out again here, by hand, so a change to the table has to change this too.
EXPECTED = {
    "cashier": {"sell", "void", "cash_in_out", "shift_open", "shift_close"},
    "supervisor": {
        "sell", "void", "cash_in_out", "shift_open", "shift_close",
        "refund", "count", "price_override", "approve", "see_book_qty",
    },
    "stock_clerk": {"receive", "write_off", "ship_transfer", "receive_transfer", "count"},
    "store_manager": set(r.ACTIONS),
}  # fmt: skip


def test_the_actions_are_the_ones_the_issue_names() -> None:
    assert set(r.ACTIONS) == {
        "sell", "refund", "void", "receive", "write_off", "ship_transfer", "receive_transfer",
        "count", "cash_in_out", "shift_open", "shift_close", "price_override", "approve",
        "see_book_qty",
    }  # fmt: skip
    assert set(r.ROLES) == set(EXPECTED)
    assert set(r.ACTION_WORDS) == set(r.ACTIONS)
    assert set(r.ROLE_WORDS) == set(r.ROLES)


@pytest.mark.parametrize("role", sorted(EXPECTED))
@pytest.mark.parametrize("action", r.ACTIONS)
def test_permission_of_every_role_for_every_till_action(role: str, action: str) -> None:
    if action in EXPECTED[role]:
        r.check_permission("sam", role, action)
        assert r.may(role, action)
    else:
        with pytest.raises(PermissionDenied) as refused:
            r.check_permission("sam", role, action)
        assert "sam" in str(refused.value)
        assert r.ROLE_WORDS[role] in str(refused.value)
        assert r.ACTION_WORDS[action] in str(refused.value)


@pytest.mark.parametrize("action", ["receive", "write_off", "ship_transfer"])
def test_failure_9_a_cashier_cannot_receive_write_off_or_ship(action: str) -> None:
    with pytest.raises(PermissionDenied, match="signed in as a cashier, and a cashier may not"):
        r.check_permission("ann", r.CASHIER, action)


def test_failure_9_nobody_approves_their_own_request() -> None:
    with pytest.raises(PermissionDenied, match="sam cannot approve their own request"):
        r.check_not_own_approval("sam", "sam")
    r.check_not_own_approval("ann", "sam")


def test_an_unknown_role_or_action_is_refused_with_the_ones_there_are() -> None:
    with pytest.raises(InvalidInput, match="use one of cashier, supervisor"):
        r.check_role("admin")
    with pytest.raises(InvalidInput, match="not a till action"):
        r.check_permission("sam", r.STORE_MANAGER, "launch")
    assert not r.may("admin", "sell")


def test_permissions_of_keeps_the_table_order() -> None:
    assert r.permissions_of(r.STOCK_CLERK) == [
        "receive", "write_off", "ship_transfer", "receive_transfer", "count",
    ]  # fmt: skip


@pytest.mark.parametrize("code", ["", " ", "sam@S001", "a b", "x" * 33, "山姆", "a;b"])
def test_a_staff_code_is_one_plain_word_without_at(code: str) -> None:
    with pytest.raises(InvalidInput, match="a staff code must be"):
        r.check_staff_code(code)


def test_a_staff_code_is_kept_trimmed() -> None:
    assert r.check_staff_code(" sam.li-2_b ") == "sam.li-2_b"
