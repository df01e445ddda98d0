"""Write-offs at the store: lines valued at the moving-average cost, and whether to wait.

A write-off at or below the chain's threshold (head office's WriteOffPolicy)
moves the stock at once; above it the store records a request and the stock
moves only when head office's approval comes back down.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from common.domain.costing import StockPosition
from common.domain.limits import check_product, check_qty, check_sum
from common.domain.product import CatalogueProduct
from common.domain.units import require_positive
from common.domain.write_off_rules import check_reason, needs_approval
from common.errors import Refused
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


class WriteOffLeavesNegative(Refused):
    """A write-off larger than the store's stock, not confirmed: the levels it would leave."""

    def __init__(self, shortfalls: list[tuple[str, int, int]]) -> None:
        self.shortfalls = shortfalls  # (sku, held, would leave)
        parts = "; ".join(
            _("{sku}: the store holds {held}, writing off {qty} leaves {after}").format(
                sku=sku, held=held, qty=held - after, after=after
            )
            for sku, held, after in shortfalls
        )
        super().__init__(
            _(
                "this write-off is larger than the store's stock ({parts}); nothing was "
                "written: confirm it a second time (pos writeoff --confirm-negative) to write "
                "it off anyway"
            ).format(parts=parts)
        )


def plan_write_off(
    items: Sequence[tuple[str, int]],
    reason: str,
    threshold_minor: int,
    lookup: Callable[[str], CatalogueProduct | None],
    position_of: Callable[[CatalogueProduct], StockPosition],
    confirm_negative: bool = False,
) -> WriteOffPlan:
    """Resolve each code (SKU or barcode), merge lines per SKU, value them at the moving-average
    cost the stock card uses at this moment (position_of: level and average), and decide the
    approval on that value. A write-off taking a level below zero needs `confirm_negative`."""
    check_reason(reason)
    if not items:
        raise EmptySale(_("a write-off needs at least one SKU=QTY line"))
    merged: dict[str, list[int]] = {}  # sku -> [qty, unit cost, level held]
    for code, qty in items:
        product = lookup(code)
        if product is None:
            raise UnknownBarcode(
                _("{code} is not a SKU or barcode in this store's catalogue").format(code=code)
            )
        require_positive(qty, product.unit)
        check_qty(_("quantity written off of {sku}").format(sku=product.sku), qty)
        if product.sku not in merged:
            position = position_of(product)
            merged[product.sku] = [0, position.avg_cost_minor, position.qty_base]
        merging = merged[product.sku]
        merging[0] = check_qty(
            _("quantity written off of {sku}").format(sku=product.sku), merging[0] + qty
        )
    lines = tuple(WriteOffLine(sku, qty, cost) for sku, (qty, cost, _held) in merged.items())
    for written in lines:
        check_product(
            _("the value written off of {sku}").format(sku=written.sku),
            written.qty_base,
            written.unit_cost_minor,
        )
    value = check_sum(_("the write-off's value"), (w.value_minor for w in lines))
    shortfalls = [
        (sku, held, held - qty) for sku, (qty, _cost, held) in merged.items() if qty > max(held, 0)
    ]
    if shortfalls and not confirm_negative:
        raise WriteOffLeavesNegative(shortfalls)
    return WriteOffPlan(reason, lines, value, needs_approval(value, threshold_minor))
