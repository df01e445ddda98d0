"""Moving-average cost per store and SKU: the rule is common.domain.costing (both sides
apply it); here the running book head office keeps through a batch of movements.
"""

from __future__ import annotations

from collections.abc import Mapping

from common.domain.costing import (
    StockPosition,
    apply_movement,
    average_after_inflow,
)

__all__ = ["StockBook", "StockPosition", "apply_movement", "average_after_inflow"]


class StockBook:
    """Running positions of many SKUs through a batch of movements, in order.

    The same rule as apply_movement, kept as two plain dicts so a batch costs
    one lookup per movement: only an inflow with a cost recomputes an average;
    every other movement is valued at the SKU's current average.
    """

    __slots__ = ("qty", "avg")

    def __init__(self, positions: Mapping[str, StockPosition]) -> None:
        self.qty = {sku: p.qty_base for sku, p in positions.items()}
        self.avg = {sku: p.avg_cost_minor for sku, p in positions.items()}

    def move(self, sku: str, qty_base: int, unit_cost_minor: int | None) -> int:
        """Apply one movement of a SKU the book holds; return the unit cost it is valued at."""
        held = self.qty[sku]
        self.qty[sku] = held + qty_base
        if qty_base > 0 and unit_cost_minor is not None:
            self.avg[sku] = average_after_inflow(held, self.avg[sku], qty_base, unit_cost_minor)
            return unit_cost_minor
        return self.avg[sku]

    def positions(self) -> dict[str, StockPosition]:
        avg = self.avg
        return {sku: StockPosition(qty, avg[sku]) for sku, qty in self.qty.items()}
