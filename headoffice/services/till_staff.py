"""The stores' till staff: hoctl staff add|list|disable|enable|set-role|reset-pin.

Each change is one transaction: the row, its audit record and the event that
sends the row down to its store (DownstreamEvent.till_staff), so a store has every
change in order and signs people in on the last list it has, offline included. A
PIN follows the PIN policy (common.domain.pins) and is hashed before the
transaction (argon2id, about 0.3 s); neither the PIN nor its hash is audited.
A store manager manages only their own stores' staff.
"""

from __future__ import annotations

from common.clock import now_ms as clock_now_ms
from common.domain.till_roles import check_role, check_staff_code, staff_card_hash
from common.errors import AlreadyExists, NotFound
from common.i18n import _
from common.ids import check_store_code
from common.pin_hashing import hash_new_pin
from headoffice.domain.errors import UnknownStore
from headoffice.domain.roles import Permission, Staff
from headoffice.domain.store_events import TillStaffChanged
from headoffice.domain.till_staff import TillStaffMember, check_display_name
from headoffice.services import audit
from headoffice.services.ports import UnitOfWorkPort


def _check_caller(caller: Staff, store_code: str) -> str:
    caller.require(Permission.TILL_STAFF_MANAGE)
    store_code = check_store_code(store_code)
    caller.check_store(store_code)
    return store_code


def add_staff(
    uow: UnitOfWorkPort,
    caller: Staff,
    store_code: str,
    staff_code: str,
    role: str,
    pin: str,
    display_name: str = "",
    card: str = "",
    now_ms: int | None = None,
) -> TillStaffMember:
    store_code = _check_caller(caller, store_code)
    staff_code = check_staff_code(staff_code)
    check_role(role)
    name = check_display_name(display_name)
    pin_hash = hash_new_pin(pin)  # the PIN policy's refusal comes from here, before any write
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        if uow.stores.get_store(store_code) is None:
            raise UnknownStore(store_code)
        if uow.till_staff.get(store_code, staff_code, lock=True) is not None:
            raise AlreadyExists(
                _("store {store} already has staff member {code}; see `hoctl staff list`").format(
                    store=store_code, code=staff_code
                )
            )
        member = TillStaffMember(
            store_code, staff_code, name, role, False, pin_hash, staff_card_hash(card), now,
            caller.username,
        )  # fmt: skip
        uow.till_staff.insert(member)
        _send_and_audit(uow, caller, "till_staff.add", None, member, now)
        uow.commit()
    return member


def list_staff(uow: UnitOfWorkPort, caller: Staff, store_code: str = "") -> list[TillStaffMember]:
    caller.require(Permission.TILL_STAFF_READ)
    if store_code:
        store_code = check_store_code(store_code)
        caller.check_store(store_code)
    with uow:
        if store_code:
            return uow.till_staff.list([store_code])
        rows = uow.till_staff.list()
    return [m for m in rows if caller.sees_store(m.store_code)]


def disable_staff(
    uow: UnitOfWorkPort, caller: Staff, store_code: str, staff_code: str, now_ms: int | None = None
) -> TillStaffMember:
    """The person cannot sign in at the store once it has the change (and is signed out)."""
    return _change(uow, caller, store_code, staff_code, "till_staff.disable", now_ms, disabled=True)


def enable_staff(
    uow: UnitOfWorkPort, caller: Staff, store_code: str, staff_code: str, now_ms: int | None = None
) -> TillStaffMember:
    return _change(uow, caller, store_code, staff_code, "till_staff.enable", now_ms, disabled=False)


def set_role(
    uow: UnitOfWorkPort,
    caller: Staff,
    store_code: str,
    staff_code: str,
    role: str,
    now_ms: int | None = None,
) -> TillStaffMember:
    check_role(role)
    return _change(uow, caller, store_code, staff_code, "till_staff.set_role", now_ms, role=role)


def reset_pin(
    uow: UnitOfWorkPort,
    caller: Staff,
    store_code: str,
    staff_code: str,
    pin: str,
    now_ms: int | None = None,
) -> TillStaffMember:
    pin_hash = hash_new_pin(pin)
    return _change(
        uow, caller, store_code, staff_code, "till_staff.reset_pin", now_ms, pin_hash=pin_hash
    )


def _change(
    uow: UnitOfWorkPort,
    caller: Staff,
    store_code: str,
    staff_code: str,
    action: str,
    now_ms: int | None,
    **changes: object,
) -> TillStaffMember:
    store_code = _check_caller(caller, store_code)
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        before = uow.till_staff.get(store_code, staff_code, lock=True)
        if before is None:
            raise NotFound(
                _("store {store} has no staff member {code}; see `hoctl staff list`").format(
                    store=store_code, code=staff_code
                )
            )
        after = before.with_(**changes, updated_at_ms=now, updated_by=caller.username)
        uow.till_staff.update(after)
        _send_and_audit(uow, caller, action, before, after, now)
        uow.commit()
    return after


def _send_and_audit(
    uow: UnitOfWorkPort,
    caller: Staff,
    action: str,
    before: TillStaffMember | None,
    after: TillStaffMember,
    now: int,
) -> None:
    uow.downstream.enqueue_store_event(after.store_code, TillStaffChanged(after), now)
    entity_id = f"{after.staff_code}@{after.store_code}"
    audit.record(
        uow,
        caller.username,
        action,
        "till_staff",
        entity_id,
        None if before is None else before.as_dict(),
        after.as_dict(),
        now,
    )
