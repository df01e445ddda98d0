"""Moving-average cost per store and SKU, in integer minor units per base unit: the rule both
sides apply (head office on every batch, the store when it values a write-off).

A delivery (any inflow that carries a unit cost) of q units at cost c, with
current quantity Q and average A:
  - if Q <= 0 (nothing, or negative book stock) the new average is c;
  - otherwise the new average is (Q*A + q*c) / (Q+q) rounded half-up to a
    whole minor unit (common.domain.money.div_round_half_up: exact halves round away
    from zero), so 3 units at 10 plus 1 at 11 averages 10.25 -> 10, and
    1 at 10 plus 1 at 11 averages 10.5 -> 11.
Sales and every other movement without a cost (returns, transfers in without
a cost, adjustments, write-offs) keep the average and are valued at it. The
rounding error is bounded by half a minor unit per unit on each delivery and
never accumulates into quantities, which stay exact.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from common.domain.money import div_round_half_up


@dataclass(frozen=True, slots=True)
class StockPosition:
    qty_base: int
    avg_cost_minor: int


def average_after_inflow(
    qty_base: int, avg_cost_minor: int, inflow_qty: int, unit_cost_minor: int
) -> int:
    """The average after `inflow_qty` (> 0) units arrive at `unit_cost_minor` each."""
    if qty_base <= 0:
        return unit_cost_minor
    return div_round_half_up(
        qty_base * avg_cost_minor + inflow_qty * unit_cost_minor, qty_base + inflow_qty
    )


def apply_movement(
    position: StockPosition, qty_base: int, unit_cost_minor: int | None
) -> tuple[StockPosition, int]:
    """The position after one movement, and the unit cost the movement is valued at."""
    new_qty = position.qty_base + qty_base
    if qty_base > 0 and unit_cost_minor is not None:
        average = average_after_inflow(
            position.qty_base, position.avg_cost_minor, qty_base, unit_cost_minor
        )
        return StockPosition(new_qty, average), unit_cost_minor
    return StockPosition(new_qty, position.avg_cost_minor), position.avg_cost_minor


def position_after(
    start_cost_minor: int, movements: Iterable[tuple[int, int | None]]
) -> StockPosition:
    """A SKU's position after its movements, (qty, unit cost or None) in journal order, from
    nothing at `start_cost_minor` (the catalogue cost, as head office starts a new level)."""
    position = StockPosition(0, start_cost_minor)
    for qty_base, unit_cost_minor in movements:
        position, _valued_at = apply_movement(position, qty_base, unit_cost_minor)
    return position
