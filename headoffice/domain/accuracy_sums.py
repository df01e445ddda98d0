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


# A chain of 1,000 stores x 52 weeks is 53,000 figures. Each is built from one flat tuple
# of sums, its frozen objects given their fields in one dict each (no generated __init__
# with one object.__setattr__ per field, as st.row_builder): the same objects, equal and
# shown alike, in less than half the time. Column sums over many rows are sum() over zip().
_WIDTH = 2 * len(CLASSES)
_new = object.__new__
_set = object.__setattr__


def _figures_of(
    t: tuple[int, ...],
    store_code: str,
    period: str,
    sales_minor: int | None,
    top_skus: tuple[Loss, ...] = (),
    top_categories: tuple[Loss, ...] = (),
) -> Figures:
    """The figures of one flat tuple of sums (_flat's order)."""
    counted = t[0:_WIDTH:2]
    within = t[1:_WIDTH:2]
    accuracy = _new(Accuracy)
    _set(accuracy, "__dict__", {
        "counted": sum(counted),
        "within": sum(within),
        "by_class": dict(zip(CLASSES, zip(counted, within, strict=True), strict=True)),
    })  # fmt: skip
    figures = _new(Figures)
    _set(figures, "__dict__", {
        "store_code": store_code,
        "period": period,
        "accuracy": accuracy,
        "loss_minor": t[-2],
        "gain_minor": t[-1],
        "sales_minor": sales_minor,
        "top_skus": top_skus,
        "top_categories": top_categories,
    })  # fmt: skip
    return figures


def _added(rows: list[tuple[int, ...]]) -> tuple[int, ...]:
    if len(rows) == 1:
        return rows[0]
    if not rows:
        return (0,) * (_WIDTH + 2)
    return tuple(map(sum, zip(*rows, strict=True)))


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
    by_store: dict[str, Rows] = defaultdict(list)
    # period -> store -> the sums of that store in that period (one cell each, as a rule)
    by_both: dict[str, dict[str, tuple[int, ...]]] = defaultdict(dict)
    for cell in sums.cells:
        if not any(c for c, _w in cell.by_class):
            continue
        flat = _flat(cell)
        by_store[cell.store_code].append(flat)
        in_period = by_both[cell.period]
        found = in_period.get(cell.store_code)
        in_period[cell.store_code] = flat if found is None else _added([found, flat])
    stores = sorted(by_store)
    every = [t for rows in by_store.values() for t in rows]
    chain = _figures_of(
        _added(every),
        CHAIN,
        CHAIN,
        _known_sum(sales_minor.get(s) for s in stores),
        sums.top_skus[:top_n],
        sums.top_categories[:top_n],
    )
    per_store = tuple(
        _figures_of(_added(by_store[s]), s, CHAIN, sales_minor.get(s)) for s in stores
    )
    periods: list[Figures] = []
    add = periods.append
    for label in sorted(by_both):
        in_period = by_both[label]
        codes = sorted(in_period)
        sales = [period_sales.get((s, label)) for s in codes]
        add(_figures_of(_added(list(in_period.values())), CHAIN, label, _known_sum(sales)))
        for s, store_sales in zip(codes, sales, strict=True):
            add(_figures_of(in_period[s], s, label, store_sales))
    return AccuracyReport(bucket, chain, per_store, tuple(periods))
