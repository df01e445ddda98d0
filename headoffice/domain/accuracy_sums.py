"""The accuracy report built from sums the database worked out, not from one fact per SKU.

accuracy_report (headoffice/domain/accuracy.py) reads every posted count result
as a CountFact: right for tests and a few stores, hopeless for a chain (1,000
stores x 52 weekly counts x 50 SKUs is 2.6 million facts to load). Every figure
of the report is a sum or a count, so the database can add them up by store,
period and ABC class (`Cell`) and rank the top losses (`Loss`); this module
builds the very same AccuracyReport from those sums. A unit test holds the two
constructors to identical reports on random data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from common.domain.stocktake import CLASSES, Accuracy
from headoffice.domain.accuracy import (
    CHAIN,
    DEFAULT_TOP_N,
    AccuracyReport,
    Figures,
    Loss,
    check_bucket,
)


@dataclass(frozen=True)
class Cell:
    """The sums of one store's posted count results of one ABC class in one period."""

    store_code: str
    period: str  # a label of accuracy.period_of
    abc_class: str
    counted: int
    within: int
    loss_minor: int  # <= 0
    gain_minor: int  # >= 0


@dataclass(frozen=True)
class Sums:
    """What the database adds up for a report: cells, and the report's top losses by SKU and
    by category, largest first, ties by key."""

    cells: tuple[Cell, ...]
    top_skus: tuple[Loss, ...]
    top_categories: tuple[Loss, ...]


def _figures(
    cells: Iterable[Cell],
    store_code: str,
    period: str,
    sales_minor: int | None,
    top_skus: tuple[Loss, ...] = (),
    top_categories: tuple[Loss, ...] = (),
) -> Figures:
    n = w = loss = gain = 0
    by_class = {c: [0, 0] for c in CLASSES}
    for cell in cells:
        n += cell.counted
        w += cell.within
        loss += cell.loss_minor
        gain += cell.gain_minor
        by_class[cell.abc_class][0] += cell.counted
        by_class[cell.abc_class][1] += cell.within
    return Figures(
        store_code=store_code,
        period=period,
        accuracy=Accuracy(n, w, {c: (v[0], v[1]) for c, v in by_class.items()}),
        loss_minor=loss,
        gain_minor=gain,
        sales_minor=sales_minor,
        top_skus=top_skus,
        top_categories=top_categories,
    )


def _known_sum(values: Iterable[int | None]) -> int | None:
    total = 0
    for value in values:
        if value is None:
            return None
        total += value
    return total


def report_from_sums(
    sums: Sums,
    sales_minor: Mapping[str, int],
    *,
    bucket: str,
    period_sales_minor: Mapping[tuple[str, str], int] | None = None,
    top_n: int = DEFAULT_TOP_N,
) -> AccuracyReport:
    """The AccuracyReport accuracy_report would give over the facts these sums add up
    (same sales arguments, same rules: a chain's sales share is None when a counted store
    has no sales figure)."""
    check_bucket(bucket)
    period_sales = period_sales_minor or {}
    by_store: dict[str, list[Cell]] = defaultdict(list)
    by_period: dict[str, list[Cell]] = defaultdict(list)
    by_both: dict[tuple[str, str], list[Cell]] = defaultdict(list)
    for cell in sums.cells:
        if cell.counted == 0:
            continue
        by_store[cell.store_code].append(cell)
        by_period[cell.period].append(cell)
        by_both[(cell.store_code, cell.period)].append(cell)
    stores = sorted(by_store)

    chain = _figures(
        sums.cells,
        CHAIN,
        CHAIN,
        _known_sum(sales_minor.get(s) for s in stores),
        sums.top_skus[:top_n],
        sums.top_categories[:top_n],
    )
    per_store = tuple(_figures(by_store[s], s, CHAIN, sales_minor.get(s)) for s in stores)
    periods: list[Figures] = []
    for label in sorted(by_period):
        in_period = sorted(s for s, p in by_both if p == label)
        chain_sales = _known_sum(period_sales.get((s, label)) for s in in_period)
        periods.append(_figures(by_period[label], CHAIN, label, chain_sales))
        for s in in_period:
            periods.append(_figures(by_both[(s, label)], s, label, period_sales.get((s, label))))
    return AccuracyReport(bucket, chain, per_store, tuple(periods))
