"""A session's results from per-SKU figures the database added up (the variance report's
fast path); common.domain.stocktake.session_results stays the specification.

The database reads a session's count lines once and gives one row a SKU (F_SKU ...): the
SKU's latest round, its lines and what was counted in that round, the book at the line the
session's rule picks (the SKU's last line of the round at a selling location the session
names, else its last line), the books at its first and last lines, its counter and place
(of a round of one line), its unit cost and category. This module only classifies those
rows: variance, value, tolerance, recount. For a SKU whose round has several lines, its
lines are read (`PlaceLine`, only when there is such a SKU) and its counters and places
added up here as session_results does.
tests/db/test_variance_figures.py checks the two agree on random sessions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from common.domain import stocktake as st
from common.domain.limits import MAX_STOCK_QTY_BASE, check_stock_level
from common.i18n import _

# The columns of a figures row, in order (the repositories' queries give them so).
(
    F_SKU, F_ROUND, F_LINES, F_COUNTED, F_FIRST_SEQ, F_LAST_SEQ, F_BOOK, F_FIRST_BOOK,
    F_LAST_BOOK, F_COUNTER, F_PLACE, F_COST, F_CATEGORY,
) = range(13)  # fmt: skip
# F_LINES: the lines of the SKU's latest round; F_COUNTER, F_PLACE: the least of that
# round's (its only one when it has one line); F_CATEGORY: None when not in the catalogue.

# The columns of a variance-only figures row (the variance report by SKU reads no more).
V_SKU, V_COUNTED, V_BOOK, V_COST = range(4)

# (sku, round, counter, location, qty_base) of a line of a SKU whose latest round has
# several lines (lines of earlier rounds may come too: they are left out here).
PlaceLine = tuple[str, int, str, str, int]

_build = st.row_builder(st.SkuResult)


def selling_prefixes(selling_locations: Sequence[str] | str) -> tuple[str, ...]:
    """The session's selling locations as session_results reads them (a lone string is one)."""
    if isinstance(selling_locations, str):
        return (selling_locations,)
    return tuple(selling_locations)


def classify(
    rows: Iterable[Sequence[Any]],
    classes: Mapping[str, str],
    tolerance: st.Tolerance,
    read_place_lines: Callable[[], Iterable[PlaceLine]] = tuple,
) -> list[tuple[Any, ...]]:
    """Each counted SKU's result from its figures row as a plain tuple of st.SkuResult's
    fields in their order (`as_results` makes the objects), sorted by SKU; the row of
    unknown barcodes (SKU "") is left out if given. The figures session_results gives the
    same lines.
    A SKU with one counter and one place holds the counter's name and the place's name
    where st.SkuResult holds tuples (`places_of` reads either).

    Tuples, not objects: a report of 20,000 SKUs that only adds them up or lists them
    (the variance report) builds no SkuResult."""
    places = _places(rows := list(rows), read_place_lines)
    bps = {"A": tolerance.a_bp, "B": tolerance.b_bp, "C": tolerance.c_bp}
    value_limit = tolerance.value_minor
    out: list[tuple[Any, ...]] = []
    append = out.append
    for r in rows:
        sku = r[F_SKU]
        if not sku:
            continue
        # integers as the database gives them (the columns are integers on both engines)
        rnd, counted, book = r[F_ROUND], r[F_COUNTED], r[F_BOOK]
        if not -MAX_STOCK_QTY_BASE <= book <= MAX_STOCK_QTY_BASE:
            book = check_stock_level(_("the book quantity of {sku}").format(sku=sku), book)
        # one counter and one place: the strings, made into st.SkuResult's tuples by
        # as_results (fewer objects: the cyclic GC walks every container a report makes)
        many = places.get(sku)
        counters, locations = (r[F_COUNTER], r[F_PLACE]) if many is None else many
        variance = counted - book
        cost = r[F_COST]
        value = variance * cost
        abc = classes.get(sku, st.DEFAULT_CLASS)
        if abc not in bps:
            abc = st.DEFAULT_CLASS  # as Tolerance.bp_for reads it
        # Tolerance.within: |value| within the limit, |variance| within bp of |book|.
        within = abs(value) <= value_limit and abs(variance) * 10_000 <= bps[abc] * abs(book)
        append(
            (
                sku, rnd, book, counted, variance,
                r[F_LAST_BOOK] - r[F_FIRST_BOOK],
                r[F_FIRST_SEQ], r[F_LAST_SEQ], counters, locations, abc, cost,
                value, within, not within and rnd == 0, rnd > 0,
            )
        )  # fmt: skip
    out.sort(key=_first)  # the database's order may not be Python's (a collation)
    return out


def sku_variances(
    rows: Iterable[Sequence[Any]],
    classes: Mapping[str, str],
    tolerance: st.Tolerance,
    row_type: type[tuple[Any, ...]] = tuple,
) -> tuple[list[Any], st.Totals]:
    """From variance-only rows (V_SKU ...), by SKU, each counted SKU's row of the variance
    report by SKU, a `row_type` (a tuple or a named tuple of these fields) of (sku, 1, book,
    counted, gain qty, loss qty, gain value, loss value, net value), and st.totals of the SKUs' results: what classify, then
    totals, then one row a result give, in one pass and without classify's tuples (the
    report of a 20,000-SKU count builds one object a SKU). The row of unknown barcodes
    (SKU "") is left out if given. The rules are classify's: variance = counted - book,
    value = variance * cost, within the tolerance of the SKU's ABC class and the value limit."""
    bps = {"A": tolerance.a_bp, "B": tolerance.b_bp, "C": tolerance.c_bp}
    c_bp, default = bps[st.DEFAULT_CLASS], st.DEFAULT_CLASS
    value_limit = tolerance.value_minor
    gq = lq = gm = lm = n = w = 0
    out: list[Any] = []
    append, new = out.append, tuple.__new__  # not the named tuple's __new__: a call a row
    for sku, counted, book, cost in sorted(
        rows, key=itemgetter(V_SKU)
    ):  # Python's order, not a collation
        if not sku:
            continue
        if not -MAX_STOCK_QTY_BASE <= book <= MAX_STOCK_QTY_BASE:
            book = check_stock_level(_("the book quantity of {sku}").format(sku=sku), book)
        variance = counted - book
        value = variance * cost
        bp = bps.get(classes.get(sku, default), c_bp) if classes else c_bp
        n += 1
        if abs(value) <= value_limit and abs(variance) * 10_000 <= bp * abs(book):
            w += 1
        if variance > 0:
            gq += variance
            gm += value
            append(new(row_type, (sku, 1, book, counted, variance, 0, value, 0, value)))
        elif variance < 0:
            lq += variance
            lm += value
            append(new(row_type, (sku, 1, book, counted, 0, variance, 0, value, value)))
        else:
            append(new(row_type, (sku, 1, book, counted, 0, 0, 0, 0, 0)))
    return out, st.Totals(gq, lq, gm, lm, gm + lm, gm - lm, n, w)


# Positions in a classified tuple (st.SkuResult's fields).
R_SKU, R_BOOK, R_COUNTED, R_VARIANCE, R_COUNTERS, R_LOCATIONS, R_VALUE, R_WITHIN = (
    0, 2, 3, 4, 8, 9, 12, 13,
)  # fmt: skip


def places_of(t: tuple[Any, ...]) -> tuple[tuple[str, int], ...]:
    """A classified tuple's (place, counted) pairs, as st.SkuResult.locations."""
    where = t[R_LOCATIONS]
    return ((where, t[R_COUNTED]),) if isinstance(where, str) else where


def as_results(found: Iterable[tuple[Any, ...]]) -> list[st.SkuResult]:
    """The classified tuples as st.SkuResult objects."""
    return [
        _build(t)
        if not isinstance(t[R_COUNTERS], str)
        else _build((*t[:R_COUNTERS], (t[R_COUNTERS],), places_of(t), *t[R_LOCATIONS + 1 :]))
        for t in found
    ]


def results_from_figures(
    rows: Iterable[Sequence[Any]],
    classes: Mapping[str, str],
    tolerance: st.Tolerance,
    read_place_lines: Callable[[], Iterable[PlaceLine]] = tuple,
) -> list[st.SkuResult]:
    """classify(), as st.SkuResult objects."""
    return as_results(classify(rows, classes, tolerance, read_place_lines))


def totals(found: Iterable[tuple[Any, ...]]) -> st.Totals:
    """st.totals of classified tuples."""
    gq = lq = gm = lm = n = w = 0
    for t in found:
        n += 1
        w += t[R_WITHIN]
        variance = t[R_VARIANCE]
        if variance > 0:
            gq += variance
            gm += t[R_VALUE]
        elif variance < 0:
            lq += variance
            lm += t[R_VALUE]
    return st.Totals(gq, lq, gm, lm, gm + lm, gm - lm, n, w)


def _places(
    rows: list[Sequence[Any]], read_place_lines: Callable[[], Iterable[PlaceLine]]
) -> dict[str, tuple[tuple[str, ...], tuple[tuple[str, int], ...]]]:
    """Counters and (place, counted) of each SKU whose round has several lines (their lines
    read only when there is one)."""
    rounds = {r[F_SKU]: int(r[F_ROUND]) for r in rows if r[F_LINES] > 1 and r[F_SKU]}
    if not rounds:
        return {}
    who: dict[str, set[str]] = {}
    where: dict[str, dict[str, int]] = {}
    for sku, rnd, counter, location, qty in read_place_lines():
        if rounds.get(sku) != rnd:
            continue
        who.setdefault(sku, set()).add(counter)
        spot = where.setdefault(sku, {})
        spot[location] = spot.get(location, 0) + int(qty)
    return {
        sku: (tuple(sorted(who[sku])), tuple(sorted(where[sku].items())))
        for sku in rounds
        if sku in who
    }


def _first(t: tuple[Any, ...]) -> Any:
    return t[0]
