"""Inventory record accuracy and shrink over posted counts: per store, chain-wide, per period.

What a chain owner asks after a season of counts: how often is the book right
(accuracy: the share of counted SKUs found within tolerance), how much went
missing (shrink: the value of the losses the counts posted), and is either
getting better week by week. Computed from posted count results alone
(`CountFact`, one per SKU a posted session counted), and the sales value of
each store over the period to put shrink in proportion. Plain Python, no I/O:
the head office service reads the facts and the sales, the CLI, the chart and
the metrics take the report.

Every figure is an integer: counts, minor units, basis points. A basis-point
share is rounded down (floor): 2 of 3 SKUs within tolerance is 6666 bp, never
6667, so a store shows 100.00 % only when every SKU was within; a share over
nothing (no SKU counted, no sales) is None, never 0, so "no count" does not
read as "all wrong". Each fact is one observation: a SKU counted in two posted
sessions of a week counts twice in that week's accuracy. Losses are negative
or zero (as in common.domain.stocktake.Totals), gains positive or zero; the
shrink is the value of the losses, a positive number (`shrink_minor`).

Ordering is deterministic: stores by code, periods by their label (which sorts
in time), top lists by loss (largest first), then by SKU or category code.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from common.domain.stocktake import CLASSES, Accuracy, SkuResult
from common.errors import InvalidInput
from common.i18n import _
from headoffice.domain.count_periods import (  # noqa: F401 - importers take them from here too
    BUCKETS,
    DAY,
    MAX_UTC_OFFSET_MINUTES,
    MONTH,
    WEEK,
    bp_text,
    check_bucket,
    period_of,
    share_bp,
)

CHAIN = ""  # the store_code of chain-wide figures, and the period of whole-period ones
# The store_code of one period's figures of the stores a report does not show one by one,
# added up. Never a store's code: those start with a capital letter or a digit.
OTHERS = "*"
MAX_SHOWN = 10  # stores a report shows period by period (the chart's lines), the others included
DEFAULT_TOP_N = 10


@dataclass(frozen=True)
class CountFact:
    """One SKU's posted count result, as head office keeps it (count_results)."""

    store_code: str
    session_id: str
    sku: str
    category_code: str
    abc_class: str
    book_qty_base: int
    counted_qty_base: int
    variance_qty_base: int
    value_minor: int  # variance x unit cost: above zero a gain (盘盈), below a loss (盘亏)
    within_tolerance: bool
    posted_at_ms: int


def facts_from_results(
    store_code: str,
    session_id: str,
    posted_at_ms: int,
    found: Iterable[SkuResult],
    categories: Mapping[str, str],
) -> list[CountFact]:
    """A posted session's results as facts (`categories`: SKU -> category code, "" if none)."""
    return [
        CountFact(
            store_code=store_code,
            session_id=session_id,
            sku=r.sku,
            category_code=categories.get(r.sku, ""),
            abc_class=r.abc_class,
            book_qty_base=r.book_qty_base,
            counted_qty_base=r.counted_qty_base,
            variance_qty_base=r.variance_qty_base,
            value_minor=r.value_minor,
            within_tolerance=r.within_tolerance,
            posted_at_ms=posted_at_ms,
        )
        for r in found
    ]


@dataclass(frozen=True)
class Loss:
    """A SKU's or a category's losses in a scope: `loss_minor` is negative."""

    key: str
    loss_minor: int
    counts: int  # how many count results made it up


@dataclass(frozen=True)
class Figures:
    """Accuracy and shrink of one store (or the chain: CHAIN) over one period (or all: CHAIN)."""

    store_code: str
    period: str
    accuracy: Accuracy
    loss_minor: int  # <= 0
    gain_minor: int  # >= 0
    sales_minor: int | None  # None: no sales figure was given for this scope
    top_skus: tuple[Loss, ...]
    top_categories: tuple[Loss, ...]

    @property
    def accuracy_bp(self) -> int | None:
        return share_bp(self.accuracy.within, self.accuracy.counted)

    def class_bp(self, abc_class: str) -> int | None:
        counted, within = self.accuracy.by_class.get(abc_class, (0, 0))
        return share_bp(within, counted)

    @property
    def net_minor(self) -> int:
        return self.gain_minor + self.loss_minor

    @property
    def shrink_minor(self) -> int:
        """The value lost, a positive number (or zero)."""
        return -self.loss_minor

    @property
    def shrink_sales_bp(self) -> int | None:
        """Losses as basis points of sales, floored; None without sales above zero."""
        if self.sales_minor is None or self.sales_minor <= 0:
            return None
        return self.shrink_minor * 10_000 // self.sales_minor


@dataclass(frozen=True)
class AccuracyReport:
    bucket: str
    chain: Figures  # every store, the whole period
    stores: tuple[Figures, ...]  # each store, the whole period, by store code
    # Each period: the chain (CHAIN) first, then each store shown period by period (by code),
    # then the others (OTHERS) added up, when some stores are not shown (see shown_stores).
    periods: tuple[Figures, ...]

    def store_codes(self) -> tuple[str, ...]:
        return tuple(f.store_code for f in self.stores)

    def period_labels(self) -> tuple[str, ...]:
        return tuple(sorted({f.period for f in self.periods}))

    def series(self, store_code: str) -> tuple[Figures, ...]:
        """One store's (or the chain's) figures period by period, in time order."""
        return tuple(f for f in self.periods if f.store_code == store_code)

    def shown_codes(self) -> tuple[str, ...]:
        """The stores shown period by period, by code (shown_stores' choice)."""
        codes = {f.store_code for f in self.periods} - {CHAIN, OTHERS}
        return tuple(f.store_code for f in self.stores if f.store_code in codes)

    def others_count(self) -> int:
        """How many stores the OTHERS figures add up (0: every store is shown)."""
        return len(self.stores) - len(self.shown_codes())


def shown_stores(stores: Sequence[Figures], max_shown: int = MAX_SHOWN) -> frozenset[str]:
    """The stores a report shows period by period: every one when there are at most
    `max_shown` (one store asked for, a small chain), else the `max_shown` - 1 least accurate
    over the whole report (they need the attention; a store with no accuracy ranks last, ties
    by code), the rest being one OTHERS figure per period. A chart of 1,000 lines or a table
    of 52,000 rows is read by nobody; the per-store totals (`stores`) stay complete."""
    if isinstance(max_shown, bool) or not isinstance(max_shown, int) or max_shown < 1:
        raise InvalidInput(_("the number of stores shown must be a whole number, 1 or more"))
    if len(stores) <= max_shown:
        return frozenset(f.store_code for f in stores)
    ranked = sorted(stores, key=lambda f: (_rank_bp(f.accuracy_bp), f.store_code))
    return frozenset(f.store_code for f in ranked[: max_shown - 1])


def _rank_bp(bp: int | None) -> int:
    return 10_001 if bp is None else bp


def _whole(field: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(
            _("{field} must be a whole number, got {value}").format(field=field, value=repr(value))
        )
    return value


def _check_fact(fact: CountFact) -> CountFact:
    for name in ("book_qty_base", "counted_qty_base", "variance_qty_base", "value_minor"):
        _whole(name, getattr(fact, name))
    if _whole("posted_at_ms", fact.posted_at_ms) < 0:
        raise InvalidInput(
            _("count result {sku} of session {session} has a negative posting time").format(
                sku=fact.sku, session=fact.session_id
            )
        )
    if fact.abc_class not in CLASSES:
        raise InvalidInput(
            _("count result {sku} of session {session} has ABC class {value}, not A, B or C")
            .format(sku=fact.sku, session=fact.session_id, value=repr(fact.abc_class))
        )  # fmt: skip
    return fact


def _top(losses: Mapping[str, list[int]], n: int) -> tuple[Loss, ...]:
    ranked = sorted(
        (Loss(key, v[0], v[1]) for key, v in losses.items() if v[0] < 0),
        key=lambda loss: (loss.loss_minor, loss.key),
    )
    return tuple(ranked[:n])


def figures(
    facts: Iterable[CountFact],
    store_code: str = CHAIN,
    period: str = CHAIN,
    sales_minor: int | None = None,
    top_n: int = DEFAULT_TOP_N,
) -> Figures:
    """The figures of the facts given, taken as one scope (one store or the chain, one period)."""
    n = w = loss = gain = 0
    by_class: dict[str, list[int]] = {c: [0, 0] for c in CLASSES}
    sku_loss: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    cat_loss: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for fact in facts:
        n += 1
        w += fact.within_tolerance
        by_class[fact.abc_class][0] += 1
        by_class[fact.abc_class][1] += fact.within_tolerance
        if fact.value_minor < 0:
            loss += fact.value_minor
            for table, key in ((sku_loss, fact.sku), (cat_loss, fact.category_code)):
                table[key][0] += fact.value_minor
                table[key][1] += 1
        else:
            gain += fact.value_minor
    return Figures(
        store_code=store_code,
        period=period,
        accuracy=Accuracy(n, w, {c: (v[0], v[1]) for c, v in by_class.items()}),
        loss_minor=loss,
        gain_minor=gain,
        sales_minor=sales_minor,
        top_skus=_top(sku_loss, top_n),
        top_categories=_top(cat_loss, top_n),
    )


def accuracy_report(
    facts: Iterable[CountFact],
    sales_minor: Mapping[str, int],
    *,
    bucket: str = WEEK,
    period_sales_minor: Mapping[tuple[str, str], int] | None = None,
    top_n: int = DEFAULT_TOP_N,
    utc_offset_minutes: int = 0,
    max_shown: int = MAX_SHOWN,
) -> AccuracyReport:
    """Per store, chain-wide and per period: accuracy, shrink and the top losses.

    `sales_minor` is each store's sales value over the whole period (a store missing
    from it has no shrink share); `period_sales_minor` maps (store_code, period label)
    to the store's sales in that period, for the shrink share of each period.
    `utc_offset_minutes` puts period boundaries at the shops' midnight (China: 480).
    Top lists are the report's own (`chain`: the stores asked for, the whole period; ask for
    one store to see its own); a store's or a period's figures have none: ranking SKUs for
    each of 1,000 stores and 52 weeks costs the database more than the rest of the report.
    The chain's shrink share divides by the sales of the stores counted in the scope only
    (losses nobody looked for elsewhere are not in the numerator either), and is None when
    one of those stores has no sales figure: a partial sum would flatter it.
    Period by period the report holds the chain, the stores shown_stores picks (at most
    `max_shown` - 1 of them when there are more), and the others added up (OTHERS), whose
    shrink share follows the chain's rule over the other stores counted in the period.
    """
    check_bucket(bucket)
    if isinstance(top_n, bool) or not isinstance(top_n, int) or top_n < 0:
        raise InvalidInput(_("the top list length must be a whole number, 0 or more"))
    if abs(_whole("utc_offset_minutes", utc_offset_minutes)) > MAX_UTC_OFFSET_MINUTES:
        raise InvalidInput(
            _("a UTC offset of {minutes} minutes is not a time zone").format(
                minutes=utc_offset_minutes
            )
        )
    for store, sales in sales_minor.items():
        _whole(_("the sales of store {store}").format(store=store), sales)
    period_sales = dict(period_sales_minor or {})
    for (store, label), sales in period_sales.items():
        _whole(_("the sales of store {store} in {period}").format(store=store, period=label), sales)

    checked = [_check_fact(f) for f in facts]
    by_store: dict[str, list[CountFact]] = defaultdict(list)
    by_period: dict[str, list[CountFact]] = defaultdict(list)
    by_both: dict[tuple[str, str], list[CountFact]] = defaultdict(list)
    for fact in checked:
        label = period_of(fact.posted_at_ms, bucket, utc_offset_minutes)
        by_store[fact.store_code].append(fact)
        by_period[label].append(fact)
        by_both[(fact.store_code, label)].append(fact)

    stores = sorted(by_store)
    chain_sales = _sum_known(sales_minor.get(s) for s in stores)
    chain = figures(checked, CHAIN, CHAIN, chain_sales, top_n)
    per_store = tuple(figures(by_store[s], s, CHAIN, sales_minor.get(s), 0) for s in stores)
    shown = shown_stores(per_store, max_shown)
    periods: list[Figures] = []
    for label in sorted(by_period):
        in_period = sorted(s for s, p in by_both if p == label)
        periods.append(
            figures(
                by_period[label],
                CHAIN,
                label,
                _sum_known(period_sales.get((s, label)) for s in in_period),
                0,
            )
        )
        for s in in_period:
            if s in shown:
                periods.append(
                    figures(by_both[(s, label)], s, label, period_sales.get((s, label)), 0)
                )
        rest = [s for s in in_period if s not in shown]
        if rest:
            periods.append(
                figures(
                    [f for s in rest for f in by_both[(s, label)]],
                    OTHERS,
                    label,
                    _sum_known(period_sales.get((s, label)) for s in rest),
                    0,
                )
            )
    return AccuracyReport(bucket, chain, per_store, tuple(periods))


def _sum_known(values: Iterable[int | None]) -> int | None:
    """The sum of the values given; None when any is missing (a partial sum would flatter)."""
    total = 0
    for value in values:
        if value is None:
            return None
        total += value
    return total


def combined(parts: Sequence[Figures], store_code: str, period: str) -> Figures:
    """Several stores' figures of one period taken together (counts and money add up;
    top lists are left empty, they cannot be merged without the facts)."""
    n = w = loss = gain = 0
    by_class = {c: [0, 0] for c in CLASSES}
    for part in parts:
        n += part.accuracy.counted
        w += part.accuracy.within
        loss += part.loss_minor
        gain += part.gain_minor
        for c in CLASSES:
            counted, within = part.accuracy.by_class.get(c, (0, 0))
            by_class[c][0] += counted
            by_class[c][1] += within
    return Figures(
        store_code=store_code,
        period=period,
        accuracy=Accuracy(n, w, {c: (v[0], v[1]) for c, v in by_class.items()}),
        loss_minor=loss,
        gain_minor=gain,
        sales_minor=_sum_known(p.sales_minor for p in parts),
        top_skus=(),
        top_categories=(),
    )
