"""Write-offs at the store: lines valued at the product's current cost, and whether to wait.

A write-off at or below the chain's threshold (head office's WriteOffPolicy)
moves the stock at once; above it the store records a request and the stock
moves only when head office's approval comes back down.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from common.domain.units import require_positive
from common.domain.write_off_rules import check_reason, needs_approval
from edge_agent.domain.errors import EmptySale, UnknownBarcode
from edge_agent.domain.product import CatalogueProduct


@dataclass(frozen=True)
class WriteOffLine:
    sku: str
    qty_base: int
    unit_cost_minor: int

    @property
    def value_minor(self) -> int:
        return self.qty_base * self.unit_cost_minor


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
        raise EmptySale("a write-off needs at least one SKU=QTY line")
    merged: dict[str, list[int]] = {}  # sku -> [qty, unit cost]
    for code, qty in items:
        product = lookup(code)
        if product is None:
            raise UnknownBarcode(f"{code} is not a SKU or barcode in this store's catalogue")
        require_positive(qty, product.unit)
        line = merged.setdefault(product.sku, [0, product.cost_minor])
        line[0] += qty
    lines = tuple(WriteOffLine(sku, qty, cost) for sku, (qty, cost) in merged.items())
    value = sum(line.value_minor for line in lines)
    return WriteOffPlan(reason, lines, value, needs_approval(value, threshold_minor))
