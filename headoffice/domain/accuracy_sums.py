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
    """The sums of one store's posted count results in one period."""

    store_code: str
    period: str  # a label of accuracy.period_of
    by_class: tuple[tuple[int, int], ...]  # (counted, within) of each of CLASSES, in order
    loss_minor: int  # <= 0
    gain_minor: int  # >= 0


@dataclass(frozen=True)
class Sums:
    """What the database adds up for a report: cells, and the report's top losses by SKU and
    by category, largest first, ties by key."""

    cells: tuple[Cell, ...]
    top_skus: tuple[Loss, ...]
    top_categories: tuple[Loss, ...]


def _flat(cell: Cell) -> tuple[int, ...]:
    """counted and within of each class in turn, then loss and gain."""
    return (*(x for pair in cell.by_class for x in pair), cell.loss_minor, cell.gain_minor)


def _figures(
    rows: list[tuple[int, ...]],
    store_code: str,
    period: str,
    sales_minor: int | None,
    top_skus: tuple[Loss, ...] = (),
    top_categories: tuple[Loss, ...] = (),
) -> Figures:
    # Columns summed by sum() over zip(): a chain of 1,000 stores x 52 weeks is 53,000
    # figures, and a loop per cell per class in Python took a second.
    t = rows[0] if len(rows) == 1 else tuple(map(sum, zip(*rows, strict=True)))
    if not rows:
        t = (0,) * (2 * len(CLASSES) + 2)
    counted = t[0 : 2 * len(CLASSES) : 2]
    within = t[1 : 2 * len(CLASSES) : 2]
    return Figures(
        store_code=store_code,
        period=period,
        accuracy=Accuracy(
            sum(counted), sum(within), {k: (counted[n], within[n]) for n, k in enumerate(CLASSES)}
        ),
        loss_minor=t[-2],
        gain_minor=t[-1],
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
    Rows = list[tuple[int, ...]]
    every: Rows = []
    by_store: dict[str, Rows] = defaultdict(list)
    by_period: dict[str, Rows] = defaultdict(list)
    by_both: dict[str, dict[str, Rows]] = defaultdict(lambda: defaultdict(list))
    for cell in sums.cells:
        if not any(c for c, _w in cell.by_class):
            continue
        flat = _flat(cell)
        every.append(flat)
        by_store[cell.store_code].append(flat)
        by_period[cell.period].append(flat)
        by_both[cell.period][cell.store_code].append(flat)
    stores = sorted(by_store)
    chain = _figures(
        every,
        CHAIN,
        CHAIN,
        _known_sum(sales_minor.get(s) for s in stores),
        sums.top_skus[:top_n],
        sums.top_categories[:top_n],
    )
    per_store = tuple(_figures(by_store[s], s, CHAIN, sales_minor.get(s)) for s in stores)
    periods: list[Figures] = []
    for label in sorted(by_period):
        in_period = by_both[label]
        codes = sorted(in_period)
        chain_sales = _known_sum(period_sales.get((s, label)) for s in codes)
        periods.append(_figures(by_period[label], CHAIN, label, chain_sales))
        for s in codes:
            periods.append(_figures(in_period[s], s, label, period_sales.get((s, label))))
    return AccuracyReport(bucket, chain, per_store, tuple(periods))
