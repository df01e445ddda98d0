"""Staff sign-in at a till: pos login / logout, and who may do what there.

A till has at most one person signed in (table till_sign_ins); every till action
runs as them (the API's TillSignIn interceptor asks `authorise` before each call),
never as a name typed with --cashier/--actor. A person signs in with their staff
code and PIN (checked against its argon2id hash outside the write transaction, as
approvals do, with the same lockout after wrong PINs) or with their staff card
(looked up by the card number's sha256). A disabled person cannot sign in, and a
person signed in when their disabling arrives (`edge-agent manager disable` or
head office's staff list) is refused at their next action. The PIN is never
stored, logged or journalled.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from common.clock import now_ms
from common.domain.till_roles import check_permission, permissions_of
from common.domain.till_roles import staff_card_hash as card_hash
from common.errors import InvalidInput, Unauthenticated
from common.i18n import _
from common.logs import log_event
from common.pin_hashing import NO_MATCH, check_pin_hash
from edge_agent.domain.approvals import Manager, PinState, after_wrong_pin
from edge_agent.services.context import StoreContext

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SignedIn:
    till_id: str
    member: Manager
    signed_in_at_ms: int

    @property
    def code(self) -> str:
        return self.member.name

    @property
    def permissions(self) -> list[str]:
        return permissions_of(self.member.role)


def _check_till(till_id: str) -> str:
    till_id = till_id.strip()
    if not till_id:
        raise InvalidInput(_("say which till to sign in at (--till)"))
    return till_id


def sign_in(ctx: StoreContext, till_id: str, code: str, pin: str = "", card: str = "") -> SignedIn:
    """Sign a person in at a till (replacing whoever was), or refuse with a sentence."""
    till_id = _check_till(till_id)
    code = code.strip()
    if card and not code:
        with ctx.db.read() as uow:
            found = uow.staff.find_by_card(card_hash(card))
        if found is None or found.disabled:
            _refused(till_id, "", "unknown or disabled card")
            raise Unauthenticated(_("this staff card does not sign anyone in at this store"))
        return _record(ctx, till_id, found)
    if not code:
        raise InvalidInput(_("sign in with your staff code and PIN, or with your staff card"))
    with ctx.db.read() as uow:
        found = uow.staff.find(code)
    checked = NO_MATCH
    if found is not None and not found.disabled:
        checked = check_pin_hash(found.pin_hash, pin)
    policy = ctx.policy.approvals
    now = now_ms()
    with ctx.db.write() as uow:
        current = uow.staff.find(code)
        if current is None:
            refusal = _("store {store} has no staff member {code}").format(
                store=ctx.store_code, code=code
            )
        elif current.disabled:
            refusal = _("{code} is disabled at store {store} and cannot sign in").format(
                code=code, store=ctx.store_code
            )
        elif current.pin.locked_until_ms > now:
            refusal = _("{code} is locked out after too many wrong PINs; try again later").format(
                code=code
            )
        elif not checked.matched:
            state = after_wrong_pin(current.pin, policy, now)
            uow.staff.set_pin_state(code, state)
            refusal = _("wrong PIN for {code}").format(code=code)
        elif checked.policy_problem is not None:
            refusal = _(
                "{code}'s PIN no longer meets the PIN policy ({problem}); set a new one first"
            ).format(code=code, problem=checked.policy_problem)
        else:
            uow.staff.set_pin_state(code, PinState())
            unchanged = found is not None and current.pin_hash == found.pin_hash
            if checked.rehashed is not None and unchanged:
                uow.staff.set_pin_hash(code, checked.rehashed)
            uow.staff.sign_in(till_id, code, now)
            refusal = ""
    if refusal:
        _refused(till_id, code, "refused")
        raise Unauthenticated(refusal)
    assert current is not None
    log_event(log, logging.INFO, "signed in", till_id=till_id, staff=code, role=current.role)
    return SignedIn(till_id, current, now)


def _record(ctx: StoreContext, till_id: str, member: Manager) -> SignedIn:
    now = now_ms()
    with ctx.db.write() as uow:
        uow.staff.sign_in(till_id, member.name, now)
    log_event(log, logging.INFO, "signed in", till_id=till_id, staff=member.name, role=member.role)
    return SignedIn(till_id, member, now)


def _refused(till_id: str, code: str, why: str) -> None:
    log_event(log, logging.WARNING, "sign-in refused", till_id=till_id, staff=code, why=why)


def sign_out(ctx: StoreContext, till_id: str) -> str:
    """End the sign-in at a till; returns who was signed in ("" when nobody was)."""
    till_id = _check_till(till_id)
    with ctx.db.write() as uow:
        found = uow.staff.signed_in(till_id)
        uow.staff.sign_out(till_id)
    code = found[0] if found else ""
    log_event(log, logging.INFO, "signed out", till_id=till_id, staff=code)
    return code


def signed_in(ctx: StoreContext, till_id: str) -> SignedIn:
    """Who is signed in at a till (and still allowed to be), or Unauthenticated."""
    till_id = till_id.strip()
    if not till_id:
        raise Unauthenticated(
            _("nobody is signed in: say which till (--till) and sign in there with 'pos login'")
        )
    with ctx.db.read() as uow:
        found = uow.staff.signed_in(till_id)
        member = uow.staff.find(found[0]) if found else None
    if found is None or member is None:
        raise Unauthenticated(
            _("nobody is signed in at till {till}; sign in with 'pos login' first").format(
                till=till_id
            )
        )
    if member.disabled:
        raise Unauthenticated(
            _("{code} has been disabled and is no longer signed in at till {till}").format(
                code=member.name, till=till_id
            )
        )
    return SignedIn(till_id, member, found[1])


def authorise(ctx: StoreContext, till_id: str, action: str) -> SignedIn:
    """The person signed in at the till if their role may take the action; else refused."""
    who = signed_in(ctx, till_id)
    check_permission(who.code, who.member.role, action)
    return who
