"""Managers and their approvals: add/list/disable/set a PIN, Approve by PIN, using an approval.

A PIN follows the one PIN policy (common.domain.pins: 6 to 12 digits, nothing
guessed first) and is hashed with argon2id under pins.ARGON2 (common.pin_hashing).
It is checked against its hash outside the write transaction (a hash takes about
0.3 s; sales must not wait behind it); the result, the failure count and the
journal entry are then written in one transaction. A right PIN whose hash used
older parameters is hashed again and stored. A right PIN the policy no longer
accepts (4 digits, set before it) is refused without counting as wrong: the
manager sets a new one with `edge-agent manager set-pin` (docs/security.md).
The PIN itself is never stored, logged or journalled.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from common import journal_kinds as jk
from common.clock import now_ms
from common.domain.till_roles import (
    APPROVE,
    may,
    not_permitted_sentence,
    own_approval_sentence,
)
from common.errors import InvalidInput
from common.i18n import DEFAULT_LANGUAGE, _, use_language
from common.ids import new_document_id
from common.logs import log_event
from common.pin_hashing import NO_MATCH, check_pin_hash, hash_new_pin
from edge_agent.domain.approvals import (
    Approval,
    ApprovalPolicy,
    ApprovalRecord,
    Manager,
    PinState,
    after_wrong_pin,
    check_action,
    locked_out,
    require_approval,
    wrong_pin_sentence,
)
from edge_agent.domain.errors import ApprovalRefused, UnknownDocument
from edge_agent.services.context import StoreContext
from edge_agent.store.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


def add_manager(ctx: StoreContext, name: str, pin: str) -> None:
    name = name.strip()
    if not name or any(c.isspace() for c in name):
        raise InvalidInput(
            _("a manager's name must be one word, got {name}").format(name=repr(name))
        )
    pin_hash = hash_new_pin(pin)
    with ctx.db.write() as uow:
        if uow.managers.find(name) is not None:
            raise InvalidInput(
                _("manager {manager} already exists in store {store}").format(
                    manager=name, store=ctx.store_code
                )
            )
        uow.managers.add(name, pin_hash, now_ms())


def disable_manager(ctx: StoreContext, name: str) -> None:
    with ctx.db.write() as uow:
        if uow.managers.find(name) is None:
            raise UnknownDocument(
                _("store {store} has no manager {manager}").format(
                    store=ctx.store_code, manager=name
                )
            )
        uow.managers.disable(name)


def set_manager_pin(ctx: StoreContext, name: str, pin: str) -> None:
    """Give a manager a new PIN (the policy's); a lockout and the wrong-PIN count end."""
    pin_hash = hash_new_pin(pin)
    with ctx.db.write() as uow:
        if uow.managers.find(name) is None:
            raise UnknownDocument(
                _("store {store} has no manager {manager}").format(
                    store=ctx.store_code, manager=name
                )
            )
        uow.managers.set_pin_hash(name, pin_hash)
        uow.managers.set_pin_state(name, PinState())


def list_managers(ctx: StoreContext) -> list[Manager]:
    with ctx.db.read() as uow:
        return uow.managers.all()


@dataclass(frozen=True)
class Granted:
    approval_id: str
    expires_at_ms: int
    seq: int


def approve(
    ctx: StoreContext,
    till_id: str,
    cashier: str,
    manager: str,
    pin: str,
    action: str,
    details: str,
) -> Granted:
    """Grant an approval of exactly (action, details, till) or refuse it; both are journalled."""
    check_action(action)
    if not details.strip():
        raise InvalidInput(
            _("an approval of {action} must say what exactly is approved").format(action=action)
        )
    with ctx.db.read() as uow:
        found = uow.managers.find(manager)
    checked = NO_MATCH
    if found is not None and not found.disabled:
        checked = check_pin_hash(found.pin_hash, pin)
    policy = ctx.policy.approvals
    refusal: ApprovalRefused | None = None
    recorded = ""  # the refusal as the journal keeps it: in English, data rather than words
    now = now_ms()
    with ctx.db.write() as uow:
        current = uow.managers.find(manager)
        why: Callable[[], ApprovalRefused] | None = None
        if current is None:
            why = partial(_no_such_manager, ctx.store_code, manager)
        elif current.disabled:
            why = partial(_disabled, manager)
        elif manager == cashier:
            why = partial(_own_request, manager)
        elif not may(current.role, APPROVE):
            why = partial(_may_not_approve, manager, current.role)
        else:
            if current.pin.locked_until_ms > now:
                why = partial(locked_out, manager, current.pin)
            elif not checked.matched:
                state = after_wrong_pin(current.pin, policy, now)
                uow.managers.set_pin_state(manager, state)
                why = partial(_wrong_pin, manager, state, policy)
            elif checked.policy_problem is not None:
                why = partial(_pin_change_needed, manager, checked.policy_problem)
        if why is not None:
            refusal = why()  # in the caller's language
            with use_language(DEFAULT_LANGUAGE):
                recorded = str(why())
        body = Approval(
            approval_id=new_document_id(),
            action=action,
            manager=manager,
            till_id=till_id,
            cashier=cashier,
            details=details,
            granted=refusal is None,
            refusal=recorded,
        )
        if refusal is None:
            uow.managers.set_pin_state(manager, PinState())
            unchanged = (
                current is not None
                and found is not None
                and (
                    current.pin_hash == found.pin_hash  # not set anew since it was checked
                )
            )
            if checked.rehashed is not None and unchanged:
                uow.managers.set_pin_hash(manager, checked.rehashed)
        entry = uow.journal.append(jk.APPROVAL, body.approval_id, cashier, body)
        if refusal is None:
            expires = now + policy.ttl_s * 1000
            uow.managers.insert_approval(
                entry.seq,
                ApprovalRecord(body.approval_id, action, details, till_id, manager, expires, False),
            )
    log_event(
        log,
        logging.INFO,
        "approval granted" if refusal is None else "approval refused",
        seq=entry.seq,
        action=action,
        manager=manager,
        till_id=till_id,
    )
    if refusal is not None:
        raise refusal
    return Granted(body.approval_id, now + policy.ttl_s * 1000, entry.seq)


def _no_such_manager(store: str, manager: str) -> ApprovalRefused:
    return ApprovalRefused(
        _("store {store} has no manager {manager}").format(store=store, manager=manager)
    )


def _own_request(manager: str) -> ApprovalRefused:
    """Separation of duties on the person (issue 12, failure 9)."""
    return ApprovalRefused(own_approval_sentence(manager))


def _may_not_approve(manager: str, role: str) -> ApprovalRefused:
    return ApprovalRefused(not_permitted_sentence(manager, role, APPROVE))


def _disabled(manager: str) -> ApprovalRefused:
    return ApprovalRefused(_("manager {manager} is disabled").format(manager=manager))


def _wrong_pin(manager: str, state: PinState, policy: ApprovalPolicy) -> ApprovalRefused:
    return ApprovalRefused(wrong_pin_sentence(manager, state, policy))


def _pin_change_needed(manager: str, problem: str) -> ApprovalRefused:
    return ApprovalRefused(
        _(
            "manager {manager}'s PIN no longer meets the PIN policy ({problem}); set a new one "
            "with 'edge-agent manager set-pin {manager}' before approving"
        ).format(manager=manager, problem=problem)
    )


def use_approval(
    uow: UnitOfWork,
    ctx: StoreContext,
    action: str,
    details: str,
    approval_id: str,
    till_id: str,
    seq: int,
) -> str:
    """Inside the action's transaction: check and spend the approval the policy requires.

    An approval given although the policy does not require one is still
    checked and spent (it was asked for this action). Returns its id or "".
    """
    if not approval_id and not ctx.policy.approvals.needs(action):
        return ""
    found = uow.managers.find_approval(approval_id) if approval_id else None
    require_approval(found, approval_id, action, details, till_id, now_ms())
    uow.managers.mark_used(approval_id, seq)
    return approval_id
