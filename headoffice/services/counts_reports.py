"""Stocktake reports at head office: a session's results, its variance report, the cycle plan.

A session's figures are the shared rules' (common.domain.stocktake.results)
over head office's own count lines, each compared with the book HEAD OFFICE
computed at the line's journal position (count_effects), so a store whose
book drifted shows as a difference here, not as a silent agreement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from operator import itemgetter
from typing import Any, NamedTuple

from common import gc_pause
from common.clock import now_ms as clock_now_ms
from common.domain import stocktake as st
from common.domain import stocktake_figures as fig
from common.errors import InvalidInput
from common.i18n import _
from common.ids import check_store_code
from headoffice.domain.accuracy import (
    DEFAULT_TOP_N,
    MAX_SHOWN,
    WEEK,
    AccuracyReport,
    check_bucket,
)
from headoffice.domain.accuracy_sums import report_from_sums
from headoffice.domain.counts import CountPolicy, CountSession, HoCountLine, UnknownCountSession
from headoffice.domain.roles import Staff
from headoffice.services.ports import UnitOfWorkPort

DEFAULT_POLICY = CountPolicy()
BY_SKU, BY_CATEGORY, BY_LOCATION = "sku", "category", "location"
GROUPINGS = (BY_SKU, BY_CATEGORY, BY_LOCATION)
MAX_TOP_N = 1000
SEVERAL = "+"  # joins the places of a SKU counted in more than one


@dataclass(frozen=True)
class SessionReport:
    session: CountSession
    found: list[tuple[Any, ...]]  # the results as stocktake_figures.classify's tuples
    totals: st.Totals
    not_counted: list[str]
    unknown_barcodes: list[HoCountLine]
    book_mismatches: int  # lines whose store book differs from head office's
    rows: Sequence[Any]  # uow.counts.sku_figures' rows
    lines: int

    @cached_property
    def categories(self) -> dict[str, str]:
        """The category of each counted SKU the catalogue holds."""
        sku, category = fig.F_SKU, fig.F_CATEGORY
        return {r[sku]: r[category] for r in self.rows if r[category] is not None}

    @cached_property
    def results(self) -> list[st.SkuResult]:
        """Each counted SKU's st.SkuResult, by SKU (built when first asked for: the variance
        report adds the tuples up and builds none)."""
        return fig.as_results(self.found)


class VarianceRow(NamedTuple):
    """One row of the variance report (盘盈/盘亏): a SKU, a category or a place. A named
    tuple: a report of 20,000 SKUs builds 20,000 of them."""

    key: str
    skus: int
    book_qty_base: int
    counted_qty_base: int
    gain_qty_base: int
    loss_qty_base: int
    gain_minor: int
    loss_minor: int
    net_minor: int


def session_report(uow: UnitOfWorkPort, session: CountSession) -> SessionReport:
    """The session's figures from head office's lines (inside an open unit of work).

    The database adds the lines up per SKU (uow.counts.sku_figures: the counted sum, the
    book at the line the session's rule picks, what moved, the unit cost and category;
    stocktake_figures reads its rows), so this reads one row a SKU, not one a line; by SKU
    alone when no SKU was recounted (line_counts says the latest round is 0). A SKU's unit
    cost is its posted result's, else the store's average cost, else the catalogue's, else
    0. The lines of SKUs whose round has several lines are read on their own, only when
    there are some."""
    lines, unknown, mismatches, latest = uow.counts.line_counts(session.session_id)
    with gc_pause.paused():  # a row and a tuple a SKU, none of them garbage (gc_pause)
        rows = uow.counts.sku_figures(
            session.session_id, session.store_code, session.selling_locations,
            by_round=latest > 0, posted=session.posted_seq != 0,
        )  # fmt: skip
        found = fig.classify(
            rows, session.classes, session.tolerance,
            lambda: uow.counts.place_lines(session.session_id),
        )  # fmt: skip
    if session.scope.kind == st.FULL:
        uncounted = uow.counts.not_counted(session.session_id, session.store_code)
    else:
        uncounted = _not_counted(session.scope.skus, found)
    return SessionReport(
        session=session,
        found=found,
        totals=fig.totals(found),
        not_counted=uncounted,
        unknown_barcodes=uow.counts.unknown_lines(session.session_id) if unknown else [],
        book_mismatches=mismatches,
        rows=rows,
        lines=lines,
    )


def _not_counted(scope_skus: Sequence[str], found: list[tuple[Any, ...]]) -> list[str]:
    """st.not_counted's rule: the scope's SKUs with no result. The scope's SKUs are kept
    sorted and the results come by SKU, so a session that counted exactly its scope (the
    common end of a count) is told by one comparison of the two lists, without sets."""
    counted = list(map(itemgetter(fig.R_SKU), found))
    if len(counted) == len(scope_skus) and counted == list(scope_skus):
        return []
    return sorted(set(scope_skus).difference(counted))


def show_session(uow: UnitOfWorkPort, staff: Staff, session_id: str) -> SessionReport:
    with uow:
        session = uow.counts.get(session_id)
        if session is None:
            raise UnknownCountSession(session_id)
        staff.check_store(session.store_code)
        return session_report(uow, session)


@dataclass(frozen=True)
class VarianceReport:
    """The variance report (`hoctl count variance`, CountVariance): the session, its rows
    grouped `by` and the totals of its results (as variance_rows and SessionReport.totals)."""

    session: CountSession
    by: str
    rows: list[VarianceRow]
    totals: st.Totals


def variance_report(
    uow: UnitOfWorkPort, staff: Staff, session_id: str, by: str = BY_SKU
) -> VarianceReport:
    """The session's variance report grouped `by`. By SKU (the default, one row a counted
    SKU: 20,000 for a full count of a shop) the database gives four figures a SKU
    (uow.counts.sku_figures variance_only) and one pass makes the rows and the totals
    (stocktake_figures.sku_variances); nothing else of session_report is read (SKUs not
    counted, unknown barcodes, counters and places). By category or place, session_report
    then variance_rows. Either way the rows and totals are those of variance_rows(
    show_session(...), by) and its totals."""
    check_grouping(by)
    with uow:
        session = uow.counts.get(session_id)
        if session is None:
            raise UnknownCountSession(session_id)
        staff.check_store(session.store_code)
        if by != BY_SKU:
            report = session_report(uow, session)
            return VarianceReport(session, by, variance_rows(report, by), report.totals)
        latest = uow.counts.line_counts(session_id)[3]
        with gc_pause.paused():  # a row and a named tuple a SKU, none of them garbage
            figures = uow.counts.sku_figures(
                session_id, session.store_code, session.selling_locations, by_round=latest > 0,
                posted=session.posted_seq != 0, variance_only=True,
            )  # fmt: skip
            rows, totals = fig.sku_variances(
                figures, session.classes, session.tolerance, VarianceRow
            )
    return VarianceReport(session, by, rows, totals)


def check_grouping(by: str) -> str:
    if by not in GROUPINGS:
        raise InvalidInput(
            _("a variance report is by {valid}, not {by}").format(
                valid=", ".join(GROUPINGS), by=repr(by)
            )
        )
    return by


def variance_rows(report: SessionReport, by: str) -> list[VarianceRow]:
    """The report's results grouped by SKU, by category or by shelf place; a SKU counted in
    several places is one group named by its places joined with '+'. Each group's gains
    and losses are st.totals', added up in the same pass."""
    check_grouping(by)
    found = report.found
    sku, book, counted, variance, value = (
        fig.R_SKU, fig.R_BOOK, fig.R_COUNTED, fig.R_VARIANCE, fig.R_VALUE,
    )  # fmt: skip
    if by == BY_SKU:
        # One result a SKU, in SKU order (classify sorts them): each its own group
        # (tuple.__new__: the named tuple's own __new__ is a Python call per row).
        new, row = tuple.__new__, VarianceRow
        with gc_pause.paused():  # 20,000 named tuples, none of them garbage (gc_pause)
            return [
                new(
                    row,
                    (
                        t[sku],
                        1,
                        t[book],
                        t[counted],
                        t[variance] if t[variance] > 0 else 0,
                        t[variance] if t[variance] < 0 else 0,
                        t[value] if t[variance] > 0 else 0,
                        t[value] if t[variance] < 0 else 0,
                        t[value] if t[variance] else 0,
                    ),
                )  # fmt: skip
                for t in found
            ]
    groups: dict[str, list[tuple[Any, ...]]] = {}
    categories = report.categories
    for t in found:
        if by == BY_CATEGORY:
            key = categories.get(t[sku], "")
        else:
            key = SEVERAL.join(place for place, _qty in fig.places_of(t))
        group = groups.get(key)
        if group is None:
            groups[key] = [t]
        else:
            group.append(t)
    rows = []
    for key in sorted(groups):
        group = groups[key]
        sums = fig.totals(group)
        rows.append(
            VarianceRow(
                key,
                sums.skus,
                sum(r[book] for r in group),
                sum(r[counted] for r in group),
                sums.gain_qty_base,
                sums.loss_qty_base,
                sums.gain_minor,
                sums.loss_minor,
                sums.net_minor,
            )  # fmt: skip
        )
    return rows


# -- accuracy and shrink (headoffice/domain/accuracy.py) ----------------------------------
def accuracy(
    uow: UnitOfWorkPort,
    staff: Staff,
    since_ms: int,
    store_code: str = "",
    bucket: str = WEEK,
    utc_offset_minutes: int = 0,
    top_n: int = DEFAULT_TOP_N,
    max_shown: int = MAX_SHOWN,
) -> AccuracyReport:
    """Inventory record accuracy and shrink from the posted counts (count_results) since
    `since_ms`, of one store or every store the caller sees, with each store's sales (at
    cost) over the same periods. The database adds the figures up (uow.accuracy): a counted
    store with no sale in a period sold nothing, its sales are 0 there. Period by period the
    report holds the chain, at most `max_shown` stores (accuracy.shown_stores: one store
    asked for is always shown whole) and the others added up."""
    check_bucket(bucket)
    if isinstance(top_n, bool) or not isinstance(top_n, int) or not 0 <= top_n <= MAX_TOP_N:
        raise InvalidInput(
            _("the top list length must be a whole number from 0 to {most}").format(most=MAX_TOP_N)
        )
    if store_code:
        check_store_code(store_code)
        staff.check_store(store_code)
        codes: set[str] | None = {store_code}
    else:
        codes = None if staff.chain_wide else set(staff.stores)
    with uow:
        sums = uow.accuracy.count_sums(codes, since_ms, bucket, utc_offset_minutes, top_n)
        period_sales = uow.accuracy.sales_by_period(codes, since_ms, bucket, utc_offset_minutes)
    sales: dict[str, int] = {}
    for (code, _period), value in period_sales.items():
        sales[code] = sales.get(code, 0) + value
    for cell in sums.cells:
        sales.setdefault(cell.store_code, 0)
        period_sales.setdefault((cell.store_code, cell.period), 0)
    return report_from_sums(
        sums,
        sales,
        bucket=bucket,
        period_sales_minor=period_sales,
        top_n=top_n,
        max_shown=max_shown,
    )


def since_of(since: str, policy: CountPolicy, now_ms: int) -> int:
    """The start of a report: the shops' midnight of `since` (YYYY-MM-DD), or when empty the
    shops' midnight policy.accuracy_days days before today's."""
    offset_ms = policy.utc_offset_minutes * 60_000
    if since:
        try:
            day = dt.date.fromisoformat(since)
        except ValueError:
            raise InvalidInput(
                _("{value} is not a date; say it as YYYY-MM-DD").format(value=repr(since))
            ) from None
        midnight = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
        return int(midnight.timestamp()) * 1000 - offset_ms
    today = (now_ms + offset_ms) // DAY_MS
    return (today - policy.accuracy_days) * DAY_MS - offset_ms


# -- ABC classes and the cycle-count plan ------------------------------------------------
DAY_MS = 24 * 3600 * 1000


def store_classes(
    uow: UnitOfWorkPort, store_code: str, now_ms: int, policy: CountPolicy = DEFAULT_POLICY
) -> dict[str, str]:
    """Each SKU the store sold or stocks, classed A/B/C by its sales value over ABC_DAYS."""
    sales = uow.counts.sales_values(store_code, now_ms - st.ABC_DAYS * DAY_MS)
    for sku in uow.counts.stocked_skus(store_code):
        sales.setdefault(sku, 0)
    return st.classify_abc(sales, policy.a_share_bp, policy.b_share_bp)


@dataclass(frozen=True)
class Proposal:
    store_code: str
    abc_class: str
    skus: tuple[str, ...]
    session_id: str = ""  # set once created


def plan_for_store(
    uow: UnitOfWorkPort, store_code: str, now_ms: int, policy: CountPolicy = DEFAULT_POLICY
) -> list[Proposal]:
    """The store's due SKUs (cycle_due over head office's classes and last posted counts),
    leaving out SKUs a session still open covers, grouped into proposed sessions."""
    classes = store_classes(uow, store_code, now_ms, policy)
    active = uow.counts.active(store_code)
    if any(s.scope.kind == st.FULL for s in active):
        return []
    busy = {sku for s in active for sku in s.scope.skus}
    free = {sku: cls for sku, cls in classes.items() if sku not in busy}
    due = st.cycle_due(free, uow.counts.last_counted(store_code), now_ms, policy.counts_per_year)
    return [Proposal(store_code, cls, skus) for cls, skus in st.propose_sessions(due)]


def plan(
    uow: UnitOfWorkPort,
    staff: Staff,
    store_code: str = "",
    now_ms: int | None = None,
    policy: CountPolicy = DEFAULT_POLICY,
) -> list[Proposal]:
    """Proposed sessions for one store or every store the caller sees (nothing is created)."""
    now = clock_now_ms() if now_ms is None else now_ms
    if store_code:
        check_store_code(store_code)
        staff.check_store(store_code)
    with uow:
        codes: Sequence[str] = (
            [store_code]
            if store_code
            else [
                s.code
                for s in uow.stores.list_stores()
                if not s.disabled and staff.sees_store(s.code)
            ]
        )
        out = []
        for code in codes:
            out.extend(plan_for_store(uow, code, now, policy))
        return out
