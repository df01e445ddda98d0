"""A reward item: a SKU of the chain's catalogue a member may take for points."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RewardItem:
    sku: str
    points_cost: int  # one item, common.domain.points.reward_cost
    active: bool
    changed_at_ms: int
    changed_by: str
