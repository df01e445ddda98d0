"""A manager's approval of one action at one till: binding, expiry, single use, PIN lockout.

An approval is granted for exactly one action, one details string and one
till (the shared decisions list the details strings, e.g. "SKU COLA price
300"), expires after [approvals] approval_ttl_s and is used at most once.
After max_pin_failures wrong PINs in a row the manager is locked out for
lockout_minutes; a right PIN resets the count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from common.errors import InvalidInput
from common.i18n import N_, _
from edge_agent.domain.errors import ApprovalNeeded, ApprovalRefused, ManagerLockedOut

ACTIONS = (
    "void_line",
    "void_sale",
    "price_override",
    "line_discount",
    "return",
    "return_without_receipt",
    "no_sale",
    "cash_out",
)

# How a sentence names each action (translated where it is said).
ACTION_WORDS = {
    "void_line": N_("voiding a line"),
    "void_sale": N_("voiding a sale"),
    "price_override": N_("a price override"),
    "line_discount": N_("a line discount"),
    "return": N_("a return"),
    "return_without_receipt": N_("a return without a receipt"),
    "no_sale": N_("opening the drawer without a sale"),
    "cash_out": N_("taking cash out"),
}


@dataclass(frozen=True)
class ApprovalPolicy:
    required: frozenset[str]
    max_pin_failures: int = 3
    lockout_minutes: int = 15
    ttl_s: int = 120

    @classmethod
    def from_config(cls, section: Mapping[str, Any]) -> ApprovalPolicy:
        return cls(
            required=frozenset(a for a in ACTIONS if bool(section.get(a, False))),
            max_pin_failures=int(section["max_pin_failures"]),
            lockout_minutes=int(section["lockout_minutes"]),
            ttl_s=int(section["approval_ttl_s"]),
        )

    def needs(self, action: str) -> bool:
        return action in self.required


def check_action(action: str) -> str:
    if action not in ACTIONS:
        raise InvalidInput(
            _("{action} is not an action a manager approves; use one of {actions}").format(
                action=repr(action), actions=", ".join(ACTIONS)
            )
        )
    return action


@dataclass(frozen=True)
class ApprovalRecord:
    approval_id: str
    action: str
    details: str
    till_id: str
    manager: str
    expires_at_ms: int
    used: bool


def require_approval(
    record: ApprovalRecord | None,
    approval_id: str,
    action: str,
    details: str,
    till_id: str,
    now_ms: int,
) -> ApprovalRecord:
    """The approval behind an action, or a sentence saying why it does not cover it."""
    if not approval_id:
        words = _(ACTION_WORDS[action]) if action in ACTION_WORDS else action
        raise ApprovalNeeded(
            _("{action} ({details}) needs a manager's approval at till {till}").format(
                action=words, details=details, till=till_id
            )
        )
    if record is None:
        raise ApprovalRefused(_("approval {approval} does not exist").format(approval=approval_id))
    if record.action != action or record.details != details:
        raise ApprovalRefused(
            _(
                "approval {approval} was given for {given_action} ({given_details}), not for "
                "{action} ({details})"
            ).format(
                approval=approval_id,
                given_action=record.action,
                given_details=record.details,
                action=action,
                details=details,
            )
        )
    if record.till_id != till_id:
        raise ApprovalRefused(
            _("approval {approval} was given at till {given_till}, not at till {till}").format(
                approval=approval_id, given_till=record.till_id, till=till_id
            )
        )
    if record.used:
        raise ApprovalRefused(
            _("approval {approval} has already been used; ask again").format(approval=approval_id)
        )
    if now_ms >= record.expires_at_ms:
        raise ApprovalRefused(
            _("approval {approval} expired at {time}; ask again").format(
                approval=approval_id, time=_clock(record.expires_at_ms)
            )
        )
    return record


@dataclass(frozen=True)
class PinState:
    failures: int = 0
    locked_until_ms: int = 0


@dataclass(frozen=True)
class Manager:
    """A member of the store's staff (who signs in at a till; a manager approves)."""

    name: str  # the staff code: sam
    pin_hash: str  # argon2id; the PIN itself is never stored
    disabled: bool
    pin: PinState
    role: str = "store_manager"  # common.domain.till_roles.ROLES
    display_name: str = ""
    card_hash: str = ""  # sha256 of the staff card's number, "" for none
    origin: str = "local"  # local (edge-agent manager add) or head_office (the staff list)


StaffMember = Manager


@dataclass(frozen=True)
class Approval:
    """A manager's answer to one request, granted or refused, as journalled."""

    approval_id: str
    action: str
    manager: str
    till_id: str
    cashier: str
    details: str
    granted: bool
    refusal: str = ""


def check_not_locked(manager: str, state: PinState, now_ms: int) -> None:
    if state.locked_until_ms > now_ms:
        raise locked_out(manager, state)


def locked_out(manager: str, state: PinState) -> ManagerLockedOut:
    """The refusal of a manager who is locked out (check_not_locked raises it)."""
    return ManagerLockedOut(
        _("manager {manager} is locked out after too many wrong PINs until {time}").format(
            manager=manager, time=_clock(state.locked_until_ms)
        )
    )


def after_wrong_pin(state: PinState, policy: ApprovalPolicy, now_ms: int) -> PinState:
    """The count after one more wrong PIN; reaching the limit locks the manager out."""
    failures = 0 if state.locked_until_ms and state.locked_until_ms <= now_ms else state.failures
    failures += 1
    if failures >= policy.max_pin_failures:
        return PinState(0, now_ms + policy.lockout_minutes * 60_000)
    return PinState(failures, 0)


def wrong_pin_sentence(manager: str, state: PinState, policy: ApprovalPolicy) -> str:
    if state.locked_until_ms:
        return _(
            "wrong PIN for manager {manager}; {limit} wrong PINs in a row: locked out until {time}"
        ).format(manager=manager, limit=policy.max_pin_failures, time=_clock(state.locked_until_ms))
    left = policy.max_pin_failures - state.failures
    return _(
        "wrong PIN for manager {manager}; {left} more wrong and the manager is locked out"
    ).format(manager=manager, left=left)


def _clock(ms: int) -> str:
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
