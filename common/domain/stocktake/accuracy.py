"""Inventory record accuracy: the share of counted SKUs within tolerance, by class."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from common.domain.stocktake.variance import SkuResult
from common.domain.stocktake.vocabulary import CLASSES, DEFAULT_CLASS


@dataclass(frozen=True)
class Accuracy:
    """Inventory record accuracy: the share of counted SKUs within tolerance, in basis points."""

    counted: int
    within: int
    by_class: Mapping[str, tuple[int, int]]  # class -> (counted, within)

    @property
    def bp(self) -> int:
        return self.within * 10_000 // self.counted if self.counted else 0


def accuracy(found: Iterable[SkuResult]) -> Accuracy:
    n = w = 0
    by: dict[str, list[int]] = {c: [0, 0] for c in CLASSES}
    for r in found:
        n += 1
        w += r.within_tolerance
        row = by[r.abc_class if r.abc_class in by else DEFAULT_CLASS]
        row[0] += 1
        row[1] += r.within_tolerance
    return Accuracy(n, w, {c: (v[0], v[1]) for c, v in by.items()})
