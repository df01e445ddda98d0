"""Roles and permissions: what each role may do, and store managers limited to their stores."""

from __future__ import annotations

import pytest

from headoffice.domain.errors import InvalidStoreRequest, PermissionRefused
from headoffice.domain.roles import (
    ADMIN,
    AUDITOR,
    BUYER,
    ROLE_PERMISSIONS,
    STORE_MANAGER,
    Permission,
    Staff,
    check_role,
    check_username,
)


def test_admin_may_do_everything_and_the_auditor_only_reads() -> None:
    assert ROLE_PERMISSIONS[ADMIN] == frozenset(Permission)
    auditor = ROLE_PERMISSIONS[AUDITOR]
    assert Permission.AUDIT_READ in auditor
    assert all(p.value.endswith(".read") for p in auditor)


def test_only_admins_manage_users_and_stores() -> None:
    for role, permissions in ROLE_PERMISSIONS.items():
        for permission in (Permission.USER_MANAGE, Permission.STORE_MANAGE):
            assert (permission in permissions) == (role == ADMIN)


def test_a_buyer_may_request_but_not_approve_write_offs() -> None:
    buyer = Staff("bob", BUYER)
    buyer.require(Permission.WRITE_OFF_REQUEST)
    with pytest.raises(
        PermissionRefused, match="user bob \\(buyer\\) lacks permission write_off.approve"
    ):
        buyer.require(Permission.WRITE_OFF_APPROVE)


def test_a_store_manager_acts_only_for_their_stores() -> None:
    manager = Staff("mia", STORE_MANAGER, frozenset({"S001"}))
    manager.check_store("S001")
    assert manager.sees_store("S001") and not manager.sees_store("S002")
    with pytest.raises(PermissionRefused, match="manages store\\(s\\) S001, not S002"):
        manager.check_store("S002")
    Staff("amy", ADMIN).check_store("S002")


def test_role_and_user_name_checks_say_what_is_wrong() -> None:
    with pytest.raises(InvalidStoreRequest, match="role 'boss' is not one of"):
        check_role("boss", [])
    with pytest.raises(InvalidStoreRequest, match="needs at least one store"):
        check_role(STORE_MANAGER, [])
    with pytest.raises(InvalidStoreRequest, match="only a store manager is limited"):
        check_role(BUYER, ["S001"])
    with pytest.raises(InvalidStoreRequest, match="must start with a lowercase letter"):
        check_username("Bob Smith")
