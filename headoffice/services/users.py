"""Staff users: adding one with a credential, disabling, listing, and who a caller is."""

from __future__ import annotations

from common.bundle import StaffIdentity
from common.certs import ROLE_STAFF, ROLE_STORE, Identity, KeyPair
from common.clock import now_ms as clock_now_ms
from common.i18n import _
from common.ids import check_store_code
from headoffice.domain.errors import (
    PermissionRefused,
    UnknownStore,
    UnknownUser,
    UserAlreadyExists,
)
from headoffice.domain.roles import Staff, StaffUser, check_role, check_username
from headoffice.services import audit
from headoffice.services.credentials import issue_staff_identity
from headoffice.services.ports import UnitOfWorkPort


def resolve_staff(uow: UnitOfWorkPort, identity: Identity) -> Staff:
    """The staff user behind a verified client certificate, or PermissionRefused."""
    if identity.role == ROLE_STORE:
        raise PermissionRefused(
            _(
                "head office's staff API needs a staff certificate, but the certificate presented "
                "is store {name}'s: a store's enrolment bundle is for its edge agent; hoctl acts "
                "as a staff user with the identity file `hoctl user add` wrote (--identity FILE)"
            ).format(name=identity.name)
        )
    if identity.role != ROLE_STAFF:
        raise PermissionRefused(
            _(
                "head office's staff API needs a staff certificate; {name} has a {role} certificate"
            ).format(name=repr(identity.name), role=repr(identity.role))
        )
    with uow:
        user = uow.users.get_user(identity.name)
    if user is None:
        raise PermissionRefused(
            _("the certificate names staff user {name}, who is not a user at head office").format(
                name=repr(identity.name)
            )
        )
    if user.disabled:
        raise PermissionRefused(
            _("staff user {username} is disabled").format(username=user.username)
        )
    return Staff(user.username, user.role, frozenset(user.stores))


def add_user(
    uow: UnitOfWorkPort,
    ca: KeyPair,
    actor: str,
    username: str,
    role: str,
    stores: list[str],
    headoffice_address: str,
    now_ms: int | None = None,
) -> tuple[StaffUser, StaffIdentity]:
    """Create a user with a role and issue their client certificate (their credential)."""
    check_username(username)
    codes = sorted({check_store_code(code) for code in stores})
    check_role(role, codes)
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        if uow.users.get_user(username) is not None:
            raise UserAlreadyExists(username)
        for code in codes:
            if uow.stores.get_store(code) is None:
                raise UnknownStore(code)
        user = StaffUser(username, role, tuple(codes), False, now, actor)
        uow.users.insert_user(user)
        identity = issue_staff_identity(uow, ca, user, headoffice_address, actor, now)
        audit.record(uow, actor, "user.add", "user", username, None, user.as_dict(), now)
        uow.commit()
    return user, identity


def disable_user(
    uow: UnitOfWorkPort, actor: str, username: str, now_ms: int | None = None
) -> StaffUser:
    """Refuse every later call with the user's credential; the record stays for the audit log."""
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        user = uow.users.get_user(username)
        if user is None:
            raise UnknownUser(username)
        if username == actor:
            raise PermissionRefused(
                _("you cannot disable your own user; ask another administrator")
            )
        if user.disabled:
            return user
        uow.users.set_disabled(username, True)
        after = StaffUser(
            user.username, user.role, user.stores, True, user.created_at_ms, user.created_by
        )
        audit.record(
            uow, actor, "user.disable", "user", username, user.as_dict(), after.as_dict(), now
        )
        uow.commit()
    return after


def enable_user(
    uow: UnitOfWorkPort, actor: str, username: str, now_ms: int | None = None
) -> StaffUser:
    """Let a disabled user's credential work again (a revoked or superseded one stays refused)."""
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        user = uow.users.get_user(username)
        if user is None:
            raise UnknownUser(username)
        if not user.disabled:
            return user
        uow.users.set_disabled(username, False)
        after = StaffUser(
            user.username, user.role, user.stores, False, user.created_at_ms, user.created_by
        )
        audit.record(
            uow, actor, "user.enable", "user", username, user.as_dict(), after.as_dict(), now
        )
        uow.commit()
    return after


def list_users(uow: UnitOfWorkPort) -> list[StaffUser]:
    with uow:
        return uow.users.list_users()
