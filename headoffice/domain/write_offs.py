"""Write-off rules at head office: reasons, values, who may decide, and the states a request goes through.

A write-off is valued at qty x unit cost per line (integers, minor units). At
or below the chain's approval threshold it needs nobody's approval; above it
a manager approves or rejects it, and nobody approves a write-off they asked
for themselves. Stock only moves when the store commits the write-off in its
own ledger, which closes the request as done.

    pending --approve--> approved --store commits--> done
       \\--reject--> rejected
    (at or below the threshold: approved at once; a store's own small write-off: done)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from common.domain.limits import check_product, check_qty, check_sum
from common.domain.write_off_rules import DEFAULT_THRESHOLD_MINOR as DEFAULT_THRESHOLD_MINOR
from common.domain.write_off_rules import REASONS as REASONS
from common.domain.write_off_rules import check_reason as check_reason
from common.domain.write_off_rules import needs_approval as needs_approval
from common.errors import InvalidInput, NotFound
from common.i18n import _
from headoffice.domain.errors import HeadOfficeError, PermissionRefused

STATES = ("pending", "approved", "rejected", "done")
ORIGINS = ("store", "head_office")
# Who decided a write-off that needed no decision.
AUTO_APPROVER = "threshold"


class InvalidWriteOff(InvalidInput):
    """A write-off request that cannot be taken as given."""


class UnknownWriteOff(HeadOfficeError, NotFound):
    def __init__(self, write_off_id: str) -> None:
        super().__init__(
            _("there is no write-off {write_off_id}; see `hoctl writeoff list`").format(
                write_off_id=repr(write_off_id)
            )
        )
        self.write_off_id = write_off_id


class WriteOffAlreadyDecided(HeadOfficeError):
    def __init__(self, write_off_id: str, state: str) -> None:
        super().__init__(
            _(
                "write-off {write_off_id} is {state}, not pending; only a pending write-off "
                "can be approved or rejected"
            ).format(write_off_id=write_off_id, state=state)
        )


class SelfApprovalRefused(PermissionRefused):
    def __init__(self, username: str, write_off_id: str) -> None:
        super().__init__(
            _(
                "user {username} asked for write-off {write_off_id} and cannot approve it: "
                "nobody approves their own write-off; another manager must"
            ).format(username=username, write_off_id=write_off_id)
        )


def check_state(state: str) -> str:
    if state and state not in STATES:
        raise InvalidWriteOff(
            _("write-off state {state} is not one of {states}").format(
                state=repr(state), states=", ".join(STATES)
            )
        )
    return state


def check_threshold(threshold_minor: int) -> int:
    if isinstance(threshold_minor, bool) or not isinstance(threshold_minor, int):
        raise InvalidWriteOff(
            _(
                "the write-off approval threshold must be a whole number of minor units, "
                "got {value}"
            ).format(value=repr(threshold_minor))
        )
    if threshold_minor < 0:
        raise InvalidWriteOff(
            _("the write-off approval threshold cannot be negative, got {value}").format(
                value=threshold_minor
            )
        )
    return threshold_minor


@dataclass(frozen=True)
class Line:
    sku: str
    qty_base: int
    unit_cost_minor: int

    @property
    def value_minor(self) -> int:
        return self.qty_base * self.unit_cost_minor


def merge_items(items: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    """(sku, qty) per SKU in the order first given; every quantity a positive whole number."""
    if not items:
        raise InvalidWriteOff(_("a write-off needs at least one SKU=QTY line"))
    merged: dict[str, int] = {}
    for sku, qty in items:
        if not sku.strip():
            raise InvalidWriteOff(_("every write-off line needs a SKU"))
        if isinstance(qty, bool) or not isinstance(qty, int) or qty <= 0:
            raise InvalidWriteOff(
                _(
                    "the quantity written off of {sku} must be a positive whole number of base "
                    "units, got {qty}"
                ).format(sku=sku, qty=qty)
            )
        merged[sku] = check_qty(
            _("the quantity written off of {sku}").format(sku=sku), merged.get(sku, 0) + qty
        )
    return list(merged.items())


def value_lines(items: Sequence[tuple[str, int]], costs: Mapping[str, int]) -> list[Line]:
    """Each line valued at its SKU's unit cost; `costs` holds every SKU (the caller checked)."""
    return [Line(sku, qty, costs[sku]) for sku, qty in merge_items(items)]


def total_value(lines: Sequence[Line]) -> int:
    """The write-off's value (at moving-average cost), each line and the sum within the policy."""
    for line in lines:
        check_product(
            _("the value written off of {sku}").format(sku=line.sku), line.qty_base,
            line.unit_cost_minor,
        )  # fmt: skip
    return check_sum(_("the write-off's value"), (line.value_minor for line in lines))


def check_decision(write_off_id: str, state: str, requested_by: str, decider: str,
                   approving: bool) -> None:  # fmt: skip
    """Only a pending write-off is decided, and nobody approves their own."""
    if state != "pending":
        raise WriteOffAlreadyDecided(write_off_id, state)
    if approving and requested_by == decider:
        raise SelfApprovalRefused(decider, write_off_id)


def check_rejection_note(note: str) -> str:
    note = note.strip()
    if not note:
        raise InvalidWriteOff(_("rejecting a write-off needs a note saying why (--note)"))
    return note


@dataclass(frozen=True)
class WriteOff:
    """A write-off with its lines, from request to done."""

    write_off_id: str
    store_code: str
    origin: str
    state: str
    reason: str
    note: str
    value_minor: int
    threshold_minor: int
    requested_by: str
    requested_at_ms: int
    decided_by: str = ""
    decided_at_ms: int = 0
    decision_note: str = ""
    done_seq: int = 0
    done_at_ms: int = 0
    lines: tuple[Line, ...] = ()

    def with_(self, **changes: Any) -> WriteOff:
        return replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        """The state the audit log records (lines as plain lists)."""
        data = asdict(self)
        data["lines"] = [[ln.sku, ln.qty_base, ln.unit_cost_minor] for ln in self.lines]
        return data
