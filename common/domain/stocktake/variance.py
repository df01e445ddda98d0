"""Each SKU's result from its lines (the book at one line's position), totals."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from common.domain.limits import MAX_STOCK_QTY_BASE, check_stock_level
from common.domain.stocktake.lines import CountedLine
from common.domain.stocktake.rows import row_builder
from common.domain.stocktake.tolerance import Tolerance
from common.domain.stocktake.vocabulary import DEFAULT_CLASS
from common.i18n import _


@dataclass(frozen=True)
class SkuResult:
    """A counted SKU's variance (盘盈 above zero, 盘亏 below)."""

    sku: str
    round: int
    book_qty_base: int
    counted_qty_base: int
    variance_qty_base: int
    moved_qty_base: int  # book at the last line - book at the first (moved while counting)
    first_seq: int
    last_seq: int
    counters: tuple[str, ...]
    locations: tuple[tuple[str, int], ...]  # (location, counted) in this round
    abc_class: str
    unit_cost_minor: int
    value_minor: int
    within_tolerance: bool
    recount_needed: bool
    recounted: bool = field(default=False)


def results(
    lines: Iterable[CountedLine],
    classes: Mapping[str, str],
    tolerance: Tolerance,
    unit_cost_minor: Callable[[str], int],
) -> list[SkuResult]:
    """Each counted SKU's result from its latest round, sorted by SKU (unknown barcodes aside)."""
    return _results(lines, classes, tolerance, unit_cost_minor, lambda used: used[-1])


def results_at_selling_location(
    lines: Iterable[CountedLine],
    classes: Mapping[str, str],
    tolerance: Tolerance,
    unit_cost_minor: Callable[[str], int],
    selling_locations: Sequence[str],
) -> list[SkuResult]:
    """As results(), but each SKU is compared with the book at its last line (of the latest
    round) taken at a selling location: a location equal to, or starting with, one of
    `selling_locations` (the shop floor the tills sell from, e.g. "floor", "A-"). A SKU with
    no line there is compared at its last line, as results() does.

    Exact when every recorded movement of the SKU during its count takes or puts units at
    a selling location (the tills sell from the shelf; the backroom does not move while it
    is counted) and the selling location's lines are taken with no sale between them, in
    whatever order the places are counted: the units the till sold after
    the shelf was counted were on the shelf when it was counted, and the book at the
    shelf's line still holds them."""
    prefixes = (
        (selling_locations,) if isinstance(selling_locations, str) else tuple(selling_locations)
    )

    def selling(location: str) -> bool:
        return any(location == p or (p and location.startswith(p)) for p in prefixes)

    def reference(used: list[CountedLine]) -> CountedLine:
        at_selling = [ln for ln in used if selling(ln.location)]
        return at_selling[-1] if at_selling else used[-1]

    return _results(lines, classes, tolerance, unit_cost_minor, reference)


def session_results(
    lines: Iterable[CountedLine],
    classes: Mapping[str, str],
    tolerance: Tolerance,
    unit_cost_minor: Callable[[str], int],
    selling_locations: Sequence[str] = (),
) -> list[SkuResult]:
    """A session's results by its rule: at the selling location when the session names one
    (results_at_selling_location), else at each SKU's last line (results). Both sides call this."""
    if selling_locations:
        return results_at_selling_location(
            lines, classes, tolerance, unit_cost_minor, selling_locations
        )
    return results(lines, classes, tolerance, unit_cost_minor)


def _results(
    lines: Iterable[CountedLine],
    classes: Mapping[str, str],
    tolerance: Tolerance,
    unit_cost_minor: Callable[[str], int],
    reference: Callable[[list[CountedLine]], CountedLine],
) -> list[SkuResult]:
    """Each SKU's latest round (its lines in journal order) compared with the book at the
    position of the line `reference` picks from them.

    One pass groups the lines by SKU; each SKU's lines are then read once more (a SKU
    with a single line, the common case, takes a shorter path with the same figures)."""
    by_sku: dict[str, list[CountedLine]] = {}
    for ln in lines:
        sku = ln.sku
        if sku:
            group = by_sku.get(sku)
            if group is None:
                by_sku[sku] = [ln]
            else:
                group.append(ln)
    bps = {"A": tolerance.a_bp, "B": tolerance.b_bp, "C": tolerance.c_bp}
    value_limit = tolerance.value_minor
    out: list[SkuResult] = []
    append = out.append
    build = _build_result
    for sku in sorted(by_sku):
        group = by_sku[sku]
        if len(group) == 1:
            first = last = group[0]
            used = group
            rnd = first.round
            counted = first.qty_base
            counters: tuple[str, ...] = (first.counter,)
            locations: tuple[tuple[str, int], ...] = ((first.location, counted),)
        else:
            rnd = max(ln.round for ln in group)
            used = [ln for ln in group if ln.round == rnd]
            used.sort(key=_seq_of)
            first, last = used[0], used[-1]
            counted = 0
            where: dict[str, int] = {}
            for ln in used:
                counted += ln.qty_base
                where[ln.location] = where.get(ln.location, 0) + ln.qty_base
            counters = tuple(sorted({ln.counter for ln in used}))
            locations = tuple(sorted(where.items()))
        book = reference(used).book_qty_base
        if type(book) is not int or not -MAX_STOCK_QTY_BASE <= book <= MAX_STOCK_QTY_BASE:
            book = check_stock_level(_("the book quantity of {sku}").format(sku=sku), book)
        variance = counted - book
        cost = unit_cost_minor(sku)
        value = variance * cost
        abc = classes.get(sku, DEFAULT_CLASS)
        if abc not in bps:
            abc = DEFAULT_CLASS  # as Tolerance.bp_for reads it
        # Tolerance.within, inlined: |value| within the limit, |variance| within bp of |book|.
        within = abs(value) <= value_limit and abs(variance) * 10_000 <= bps[abc] * abs(book)
        append(
            build(
                (
                    sku,
                    rnd,
                    book,
                    counted,
                    variance,
                    last.book_qty_base - first.book_qty_base,
                    first.seq,
                    last.seq,
                    counters,
                    locations,
                    abc,
                    cost,
                    value,
                    within,
                    not within and rnd == 0,
                    rnd > 0,
                )
            )  # fmt: skip
        )
    return out


def _seq_of(line: CountedLine) -> int:
    return line.seq


_build_result = row_builder(SkuResult)


@dataclass(frozen=True)
class Totals:
    gain_qty_base: int
    loss_qty_base: int
    gain_minor: int
    loss_minor: int  # negative or zero
    net_minor: int
    gross_minor: int  # |gains| + |losses|: what the second-approval limit is compared with
    skus: int
    within: int


def totals(found: Iterable[SkuResult]) -> Totals:
    gq = lq = gm = lm = n = w = 0
    for r in found:
        n += 1
        w += r.within_tolerance
        if r.variance_qty_base > 0:
            gq += r.variance_qty_base
            gm += r.value_minor
        elif r.variance_qty_base < 0:
            lq += r.variance_qty_base
            lm += r.value_minor
    return Totals(gq, lq, gm, lm, gm + lm, gm - lm, n, w)


def not_counted(in_scope: Iterable[str], found: Iterable[SkuResult]) -> list[str]:
    """SKUs in scope with no count line: listed, never zeroed without a person's word."""
    counted = {r.sku for r in found}
    return sorted(set(in_scope) - counted)


def recount_skus(found: Iterable[SkuResult]) -> list[str]:
    return [r.sku for r in found if r.recount_needed]
