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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from common.domain.stocktake import CLASSES, Accuracy
from headoffice.domain.accuracy import (
    CHAIN,
    DEFAULT_TOP_N,
    MAX_SHOWN,
    OTHERS,
    AccuracyReport,
    Figures,
    Loss,
    check_bucket,
    shown_stores,
)


class Cell(NamedTuple):
    """The sums of one store's posted count results in one period. A named tuple: a chain's
    report reads one per store and period (52,000), and only a few stores are shown."""

    store_code: str
    period: str  # a label of accuracy.period_of
    # counted and within of each of CLASSES in turn, then the loss (<= 0) and the gain (>= 0)
    sums: tuple[int, ...]


def cell(
    store_code: str,
    period: str,
    by_class: Sequence[tuple[int, int]],
    loss_minor: int,
    gain_minor: int,
) -> Cell:
    """A Cell from its sums by name (by_class: (counted, within) of each of CLASSES, in order)."""
    return Cell(
        store_code, period, (*(x for pair in by_class for x in pair), loss_minor, gain_minor)
    )


@dataclass(frozen=True)
class Sums:
    """What the database adds up for a report: cells (one a store and period), and the
    report's top losses by SKU and by category, largest first, ties by key."""

    cells: tuple[Cell, ...]
    top_skus: tuple[Loss, ...]
    top_categories: tuple[Loss, ...]


# A chain's report is 1,000 store figures and 52 x (1 + MAX_SHOWN) period ones. Each is built
# from one flat tuple of sums, its frozen objects given their fields in one dict each (no
# generated __init__ with one object.__setattr__ per field, as st.row_builder): the same
# objects, equal and shown alike, in less than half the time. Column sums over many rows are
# sum() over zip().
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
    max_shown: int = MAX_SHOWN,
) -> AccuracyReport:
    """The AccuracyReport accuracy_report would give over the facts these sums add up
    (same sales arguments, same rules: a chain's sales share is None when a counted store
    has no sales figure; the same stores shown period by period, the others added up).

    Two passes over the cells' tuples: per store (the totals, which pick the stores shown),
    then per period (each shown store, the others; the chain is those added up); no figures
    are built for a store and period that is not shown."""
    check_bucket(bucket)
    period_sales = period_sales_minor or {}
    get = period_sales.get
    Rows = list[tuple[int, ...]]
    by_store: dict[str, Rows] = defaultdict(list)
    counted: list[Cell] = []
    for c in sums.cells:
        if any(c.sums[0:_WIDTH:2]):
            counted.append(c)
            by_store[c.store_code].append(c.sums)
    stores = sorted(by_store)
    store_sums = [_added(by_store[s]) for s in stores]
    chain = _figures_of(
        _added(store_sums),
        CHAIN,
        CHAIN,
        _known_sum(sales_minor.get(s) for s in stores),
        sums.top_skus[:top_n],
        sums.top_categories[:top_n],
    )
    per_store = tuple(
        _figures_of(t, s, CHAIN, sales_minor.get(s))
        for s, t in zip(stores, store_sums, strict=True)
    )
    shown = shown_stores(per_store, max_shown)
    # One pass: per period, each shown store's sums, and the others' sums and sales (None
    # once one of them has no sales figure). A period's chain figures are those added up.
    shown_in: dict[str, dict[str, tuple[int, ...]]] = defaultdict(dict)
    others_in: dict[str, Rows] = defaultdict(list)
    others_sales: dict[str, int | None] = {}
    for store, label, flat in counted:
        if store in shown:
            mine = shown_in[label]
            found = mine.get(store)
            mine[store] = flat if found is None else _added([found, flat])
        else:
            others_in[label].append(flat)
            total = others_sales.get(label, 0)
            if total is not None:
                value = get((store, label))
                others_sales[label] = None if value is None else total + value
    periods: list[Figures] = []
    for label in sorted(shown_in.keys() | others_in.keys()):
        mine = shown_in.get(label, {})
        codes = sorted(mine)
        rows = [mine[s] for s in codes]
        parts = [
            _figures_of(t, s, label, get((s, label))) for s, t in zip(codes, rows, strict=True)
        ]
        if label in others_in:
            rest = _added(others_in[label])
            rows.append(rest)
            parts.append(_figures_of(rest, OTHERS, label, others_sales[label]))
        periods.append(
            _figures_of(_added(rows), CHAIN, label, _known_sum(f.sales_minor for f in parts))
        )
        periods.extend(parts)
    return AccuracyReport(bucket, chain, per_store, tuple(periods))
