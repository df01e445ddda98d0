"""Staff roles and what each may do at head office.

Every admin RPC names one Permission; a role grants a fixed set of them. A
store manager's permissions hold only for the stores they manage; the other
roles act chain-wide. The auditor reads everything and changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from common.i18n import _
from headoffice.domain.errors import InvalidStoreRequest, PermissionRefused


class Permission(StrEnum):
    CATALOGUE_READ = "catalogue.read"
    CATALOGUE_WRITE = "catalogue.write"
    STOCK_READ = "stock.read"
    STORE_MANAGE = "store.manage"
    SYNC_READ = "sync.read"
    TRANSFER_READ = "transfer.read"
    TRANSFER_WRITE = "transfer.write"
    TRANSFER_RESOLVE = "transfer.resolve"
    PURCHASING_READ = "purchasing.read"
    PURCHASING_WRITE = "purchasing.write"
    WRITE_OFF_READ = "write_off.read"
    WRITE_OFF_REQUEST = "write_off.request"
    WRITE_OFF_APPROVE = "write_off.approve"
    USER_MANAGE = "user.manage"
    AUDIT_READ = "audit.read"
    TILL_STAFF_READ = "till_staff.read"
    TILL_STAFF_MANAGE = "till_staff.manage"  # the stores' till staff (hoctl staff ...)
    COUNT_READ = "count.read"
    COUNT_MANAGE = "count.manage"  # create and cancel count sessions (hoctl count ...)
    COUNT_APPROVE = "count.approve"
    REPORT_READ = "report.read"  # hoctl report NAME (a store manager: their stores only)
    JOB_READ = "job.read"  # the scheduled jobs and their runs (hoctl jobs list, history)
    JOB_RUN = "job.run"  # run a job by hand (hoctl jobs run): chain-wide work, admin only
    ALERT_READ = "alert.read"  # hoctl alerts (a store manager: their own stores)
    MEMBER_READ = "member.read"  # members with phone and name masked, balances, ledgers
    MEMBER_MANAGE = "member.manage"  # add members, top up, cash out at head office
    # Phone numbers and names in the clear (hoctl member show, export), merge, erase.
    MEMBER_PERSONAL = "member.personal"
    CHANNEL_READ = "channel.read"  # online channels, reservations, stock states, conflicts
    CHANNEL_WRITE = "channel.write"  # change them: resolve a conflict, cancel an order
    # Group-buy vouchers: redemptions and reconciliations (read), packages and runs (write).
    VOUCHER_READ = "voucher.read"
    VOUCHER_WRITE = "voucher.write"


ADMIN = "admin"
BUYER = "buyer"
STORE_MANAGER = "store_manager"
AUDITOR = "auditor"

P = Permission
READS = frozenset(p for p in Permission if p.value.endswith(".read"))

ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    ADMIN: frozenset(Permission),
    BUYER: frozenset(
        {
            P.CATALOGUE_READ,
            P.CATALOGUE_WRITE,
            P.STOCK_READ,
            P.SYNC_READ,
            P.PURCHASING_READ,
            P.PURCHASING_WRITE,
            P.TRANSFER_READ,
            P.TRANSFER_WRITE,
            P.WRITE_OFF_READ,
            P.WRITE_OFF_REQUEST,
            P.COUNT_READ,
            P.REPORT_READ,
            P.JOB_READ,
            P.ALERT_READ,
            P.CHANNEL_READ,
            P.CHANNEL_WRITE,
            P.VOUCHER_READ,
            P.VOUCHER_WRITE,
        }
    ),
    STORE_MANAGER: frozenset(
        {
            P.CATALOGUE_READ,
            P.STOCK_READ,
            P.SYNC_READ,
            P.TRANSFER_READ,
            P.TRANSFER_WRITE,
            P.TRANSFER_RESOLVE,
            P.PURCHASING_READ,
            P.WRITE_OFF_READ,
            P.WRITE_OFF_REQUEST,
            P.WRITE_OFF_APPROVE,
            P.TILL_STAFF_READ,
            P.TILL_STAFF_MANAGE,  # their own stores' till staff only (Staff.check_store)
            P.COUNT_READ,
            P.COUNT_MANAGE,  # their own stores' counts only (Staff.check_store)
            P.COUNT_APPROVE,
            P.REPORT_READ,  # their own stores' figures only (Staff.check_store)
            P.ALERT_READ,  # their own stores' alerts only (Staff.sees_store)
            P.MEMBER_READ,  # masked: members are chain-wide, their personal data is not
            P.MEMBER_MANAGE,
            P.CHANNEL_READ,  # their own stores' conflicts only (Staff.check_store)
            P.CHANNEL_WRITE,
            P.VOUCHER_READ,  # their own stores' redemptions only (Staff.check_store)
        }
    ),
    AUDITOR: READS,
}
ROLES = tuple(ROLE_PERMISSIONS)

_USERNAME = re.compile(r"^[a-z][a-z0-9._-]{0,63}$")


def check_username(username: str) -> str:
    if not _USERNAME.match(username):
        raise InvalidStoreRequest(
            _(
                "user name {username} must start with a lowercase letter and use only a-z, 0-9, "
                "'.', '_' or '-' (at most 64 characters)"
            ).format(username=repr(username))
        )
    return username


def check_role(role: str, stores: list[str] | tuple[str, ...]) -> str:
    if role not in ROLE_PERMISSIONS:
        raise InvalidStoreRequest(
            _("role {role} is not one of {roles}").format(role=repr(role), roles=", ".join(ROLES))
        )
    if role == STORE_MANAGER and not stores:
        raise InvalidStoreRequest(_("a store manager needs at least one store (--store S001)"))
    if role != STORE_MANAGER and stores:
        raise InvalidStoreRequest(
            _("only a store manager is limited to stores; a {role} acts for every store").format(
                role=role
            )
        )
    return role


@dataclass(frozen=True)
class Staff:
    """A signed-in staff user: who they are and where they may act."""

    username: str
    role: str
    stores: frozenset[str] = field(default_factory=frozenset)

    @property
    def permissions(self) -> frozenset[Permission]:
        return ROLE_PERMISSIONS.get(self.role, frozenset())

    def may(self, permission: Permission) -> bool:
        return permission in self.permissions

    def require(self, permission: Permission) -> None:
        if not self.may(permission):
            raise PermissionRefused(
                _("user {username} ({role}) lacks permission {permission}").format(
                    username=self.username, role=self.role, permission=permission.value
                )
            )

    @property
    def chain_wide(self) -> bool:
        return self.role != STORE_MANAGER

    def sees_store(self, store_code: str) -> bool:
        return self.chain_wide or store_code in self.stores

    def check_store(self, store_code: str) -> None:
        """Refuse a store manager acting for a store they do not manage."""
        if not self.sees_store(store_code):
            managed = ", ".join(sorted(self.stores)) or _("none")
            raise PermissionRefused(
                _("user {username} manages store(s) {stores}, not {store}").format(
                    username=self.username, stores=managed, store=store_code
                )
            )


@dataclass(frozen=True, slots=True)
class StaffUser:
    """A head-office staff user: role, the stores a store manager manages, disabled or not."""

    username: str
    role: str
    stores: tuple[str, ...]
    disabled: bool
    created_at_ms: int
    created_by: str

    def as_dict(self) -> dict[str, object]:
        return {
            "username": self.username,
            "role": self.role,
            "stores": list(self.stores),
            "disabled": self.disabled,
        }
