"""Write-offs at the store: lines valued at the product's current cost, and whether to wait.

A write-off at or below the chain's threshold (head office's WriteOffPolicy)
moves the stock at once; above it the store records a request and the stock
moves only when head office's approval comes back down.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from common.domain.product import CatalogueProduct
from common.domain.units import require_positive
from common.domain.write_off_rules import check_reason, needs_approval
from common.i18n import _
from edge_agent.domain.errors import EmptySale, InvalidInput, UnknownBarcode
from edge_agent.domain.journal import Movement, Reason


@dataclass(frozen=True)
class WriteOffLine:
    sku: str
    qty_base: int
    unit_cost_minor: int

    @property
    def value_minor(self) -> int:
        return self.qty_base * self.unit_cost_minor


@dataclass(frozen=True)
class StoreWriteOff:
    """A write-off as this store keeps it: done, pending head office's approval, or rejected."""

    write_off_id: str
    origin: str  # store, head_office
    state: str  # done, pending, rejected
    reason: str
    note: str
    value_minor: int
    requested_by: str
    requested_at_ms: int
    decided_by: str = ""
    decision_note: str = ""
    seq: int = 0  # the journal entry that moved the stock (0 until done)
    request_seq: int = 0  # the journal entry of the request (0 if none)
    lines: tuple[WriteOffLine, ...] = ()

    def with_(self, **changes: Any) -> StoreWriteOff:
        return replace(self, **changes)

    def movements(self) -> list[Movement]:
        return [Movement(line.sku, -line.qty_base, Reason.WRITE_OFF) for line in self.lines]


STATES = ("done", "pending", "rejected")


def check_state(state: str) -> str:
    """A state to list by: empty (every one) or one of STATES."""
    if state and state not in STATES:
        raise InvalidInput(
            _("write-off state {state} is not one of {states}").format(
                state=repr(state), states=", ".join(STATES)
            )
        )
    return state


@dataclass(frozen=True)
class WriteOff:
    """The journal body of a write-off that moves stock."""

    write_off_id: str
    reason: str
    note: str
    lines: tuple[WriteOffLine, ...]
    value_minor: int
    origin: str
    approved_by: str = ""  # empty when it needed no approval


@dataclass(frozen=True)
class WriteOffRequest:
    """The journal body of a write-off above the threshold, waiting for head office."""

    write_off_id: str
    reason: str
    note: str
    lines: tuple[WriteOffLine, ...]
    value_minor: int
    threshold_minor: int


@dataclass(frozen=True)
class WriteOffDecision:
    """Head office's answer to a request (or its own write-off for this store)."""

    write_off_id: str
    decision: str  # approved, rejected
    reason: str
    note: str
    lines: tuple[WriteOffLine, ...]
    value_minor: int
    requested_by: str
    decided_by: str
    decision_note: str
    origin: str


@dataclass(frozen=True)
class WriteOffPlan:
    reason: str
    lines: tuple[WriteOffLine, ...]
    value_minor: int
    needs_approval: bool


def plan_write_off(
    items: Sequence[tuple[str, int]],
    reason: str,
    threshold_minor: int,
    lookup: Callable[[str], CatalogueProduct | None],
) -> WriteOffPlan:
    """Resolve each code (SKU or barcode), merge lines per SKU, value them at current cost."""
    check_reason(reason)
    if not items:
        raise EmptySale(_("a write-off needs at least one SKU=QTY line"))
    merged: dict[str, list[int]] = {}  # sku -> [qty, unit cost]
    for code, qty in items:
        product = lookup(code)
        if product is None:
            raise UnknownBarcode(
                _("{code} is not a SKU or barcode in this store's catalogue").format(code=code)
            )
        require_positive(qty, product.unit)
        line = merged.setdefault(product.sku, [0, product.cost_minor])
        line[0] += qty
    lines = tuple(WriteOffLine(sku, qty, cost) for sku, (qty, cost) in merged.items())
    value = sum(line.value_minor for line in lines)
    return WriteOffPlan(reason, lines, value, needs_approval(value, threshold_minor))
