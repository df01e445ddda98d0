"""Replenishment runs: compute one (demand, suggestions, transfers before purchases), keep it
as a document, show and list them; reorder points for the low-stock alert.

A run reads in one transaction: the stock, inbound transfers and open orders of every
store, the supply terms and store-to-store costs, then each store and SKU's demand sums
over the last 90 days, computed by the database from the movements (one row a pair, not
a row a day: headoffice.store.replenish_demand_sql), one SKU at a time.
Approval lives in services/replenish_approve.py, the settings in replenish_settings.py.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, replace
from functools import partial
from itertools import groupby
from operator import itemgetter
from typing import Any

from common.clock import now_ms as clock_now_ms
from common.i18n import _
from common.ids import check_store_code
from headoffice.domain.demand import (
    DemandSums,
    demand_from_sums,
    lead_time_days,
    quiet_sums,
)
from headoffice.domain.replenishment import (
    MinMax,
    Need,
    Policy,
    Stock,
    check_policy,
    check_quantity,
    check_service_level_bp,
    need_of,
    service_level_bp_of,
)
from headoffice.domain.replenishment_errors import InvalidReplenishment, UnknownRun
from headoffice.domain.replenishment_plan import SupplyTerms
from headoffice.domain.replenishment_runs import Run, parse_run_id, run_id
from headoffice.domain.roles import Staff
from headoffice.services.ports import UnitOfWorkPort
from headoffice.services.replenish_run import Progress, lead_spans, run_replenishment

__all__ = ["Progress", "run_replenishment"]  # the run itself lives in replenish_run.py

MAX_LIST = 500


def policy_from_config(config: dict[str, dict[str, Any]]) -> Policy:
    """The [replenishment] section as a checked Policy: `service_level_bp = 9500`, or
    `service_level = 0.95` (which wins when both are there)."""
    section = config.get("replenishment", {})
    defaults = Policy()

    def whole(name: str) -> int:
        value = section.get(name, getattr(defaults, name))
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidReplenishment(
                _("[replenishment] {name} must be a whole number, got {value}").format(
                    name=name, value=repr(value)
                )
            )
        return value

    return check_policy(
        Policy(
            default_lead_time_days=whole("default_lead_time_days"),
            review_period_days=whole("review_period_days"),
            service_level_bp=(
                service_level_bp_of(section["service_level"])
                if "service_level" in section
                else check_service_level_bp(whole("service_level_bp"))
            ),
            transfer_lead_time_days=whole("transfer_lead_time_days"),
            demand_window_days=whole("demand_window_days"),
            default_transfer_cost_minor=whole("default_transfer_cost_minor"),
            lead_time_orders=whole("lead_time_orders"),
            slow_mover_days=whole("slow_mover_days"),
        )
    )


@dataclass(frozen=True)
class _Inputs:
    """What every SKU of a run shares: open positions, min/max, supply terms, lead times,
    costs. The stock levels are not here: they stream in SKU order beside the demand."""

    policy: Policy
    goods: dict[str, int]
    open_stock: dict[tuple[str, str], Stock]  # inbound, on order, reserved (on hand 0)
    stores_of: dict[str, set[str]]  # per SKU, the stores with an open position or a min/max
    min_max: dict[tuple[str, str], MinMax]
    terms: dict[str, SupplyTerms]
    lead_days: dict[str, int]
    disabled: frozenset[str]
    enrolled: frozenset[str]


def _inputs(uow: UnitOfWorkPort, policy: Policy, category: str) -> _Inputs:
    figures = uow.replenish_figures
    goods = figures.goods(category)
    skus = set(goods)
    stores = uow.stores.list_stores()
    enrolled = frozenset(s.code for s in stores)
    open_stock = {
        k: v for k, v in figures.open_positions().items() if k[0] in enrolled and k[1] in skus
    }
    min_max = {(m.store_code, m.sku): m for m in uow.replenish.min_max_rows() if m.sku in skus}
    stores_of: dict[str, set[str]] = defaultdict(set)
    for store_code, sku in (*open_stock, *min_max):
        stores_of[sku].add(store_code)
    terms = {**figures.last_ordered_terms(), **uow.replenish.supply_terms()}
    lead_days = {
        supplier: lead_time_days(spans, policy.default_lead_time_days, policy.lead_time_orders)
        for supplier, spans in figures.lead_time_samples().items()
    }
    return _Inputs(
        policy, goods, open_stock, stores_of, min_max, terms, lead_days,
        frozenset(s.code for s in stores if s.disabled), enrolled,
    )  # fmt: skip


def _needs(
    inputs: _Inputs, sku: str, sums: dict[str, DemandSums], on_hand: dict[str, int]
) -> list[Need]:
    policy = inputs.policy
    terms = inputs.terms.get(sku)
    lead = policy.default_lead_time_days
    if terms is not None:
        lead = inputs.lead_days.get(terms.supplier_code, lead)
    window = policy.demand_window_days
    stores = (inputs.stores_of.get(sku, set()) | set(on_hand) | set(sums)) & inputs.enrolled
    needs = []
    for store_code in sorted(stores):
        stock = inputs.open_stock.get((store_code, sku), _NO_STOCK)
        if store_code in on_hand:
            stock = Stock(on_hand[store_code], stock.inbound_qty_base, stock.on_order_qty_base,
                          stock.reserved_qty_base)  # fmt: skip
        pair = sums.get(store_code)
        if pair is None:
            pair = quiet_sums(stock.on_hand_qty_base)
        demand = demand_from_sums(store_code, sku, pair, window)
        needs.append(need_of(demand, stock, lead, policy, inputs.min_max.get((store_code, sku))))
    return needs


_NO_STOCK = Stock()


def sku_needs(
    uow: UnitOfWorkPort, policy: Policy, category: str, now_ms: int
) -> Iterator[list[Need]]:
    """Every SKU's needs across the chain's stores, one SKU at a time, inside an open uow."""
    return _needs_by_sku(uow, _inputs(uow, policy, category), category, now_ms)


def _levels_by_sku(
    rows: Iterator[tuple[str, str, int]],
) -> Generator[tuple[str, dict[str, int]], None, None]:
    """(sku, {store: on hand}) from rows in SKU order."""
    for sku, group in groupby(rows, key=itemgetter(0)):
        yield sku, {store_code: qty for _sku, store_code, qty in group}


def _sums_by_sku(
    rows: Iterator[tuple[str, str, DemandSums]],
) -> Iterator[tuple[str, dict[str, DemandSums]]]:
    """(sku, {store: demand sums}) from rows in SKU order."""
    for sku, group in groupby(rows, key=itemgetter(0)):
        yield sku, {store_code: sums for _sku, store_code, sums in group}


def _needs_by_sku(
    uow: UnitOfWorkPort, inputs: _Inputs, category: str, now_ms: int
) -> Iterator[list[Need]]:
    """The SKUs with demand first (in the demand stream's order), then the others with stock,
    an open position or a min/max, sorted. The stock levels stream beside the demand in the
    same SKU order and are walked twice (the second time for SKUs without demand), so memory
    holds one SKU's stores, whatever the size of the chain."""
    figures = uow.replenish_figures
    seen: set[str] = set()
    levels = _levels_by_sku(figures.on_hand_rows(category))
    level: tuple[str, dict[str, int]] | None = next(levels, None)
    stream = figures.demand_sums(now_ms, inputs.policy.demand_window_days, category)
    for sku, sums in _sums_by_sku(stream):
        while level is not None and level[0] < sku:
            level = next(levels, None)
        on_hand = level[1] if level is not None and level[0] == sku else {}
        if sku not in inputs.goods:
            continue
        seen.add(sku)
        yield _needs(inputs, sku, sums, on_hand)
    levels.close()  # its cursor closes before the second walk opens another
    rest = _levels_by_sku(figures.on_hand_rows(category))
    for sku, on_hand in _without_demand(inputs, seen, rest):
        if sku in inputs.goods:
            yield _needs(inputs, sku, {}, on_hand)


def _without_demand(
    inputs: _Inputs, seen: set[str], levels: Iterator[tuple[str, dict[str, int]]]
) -> Iterator[tuple[str, dict[str, int]]]:
    """The SKUs not seen with demand that have a stock level, an open position or a min/max,
    in sorted order, with their levels: the sorted small set merged into the level stream."""
    extra = iter(sorted(set(inputs.stores_of) - seen))
    pending = next(extra, None)
    for sku, on_hand in levels:
        while pending is not None and pending < sku:
            yield pending, {}
            pending = next(extra, None)
        if pending == sku:
            pending = next(extra, None)
        if sku not in seen:
            yield sku, on_hand
    while pending is not None:
        yield pending, {}
        pending = next(extra, None)


def get_run(uow: UnitOfWorkPort, staff: Staff, text: str) -> Run:
    run_no = parse_run_id(text)
    with uow:
        run = uow.replenish.get_run(run_no)
    if run is None:
        raise UnknownRun(run_id(run_no))
    if not staff.chain_wide:
        run = replace(run, lines=tuple(ln for ln in run.lines if staff.sees_store(ln.store_code)))
    return run


PAGE_LINES = 5_000


def get_run_page(
    uow: UnitOfWorkPort, staff: Staff, text: str, after_line: int = 0, limit: int = 0
) -> tuple[Run, int, int]:
    """A page of a run's lines (those numbered after `after_line`, at most `limit`, 0 or
    more than PAGE_LINES: PAGE_LINES) with the whole run's line count and value; a store
    manager sees their stores' lines of the page."""
    run_no = parse_run_id(text)
    check_quantity(_("the line to start after"), after_line, 0)
    check_quantity(_("the number of lines"), limit, 0)
    size = PAGE_LINES if limit == 0 or limit > PAGE_LINES else limit
    with uow:
        run = uow.replenish.get_run(run_no, after_line=after_line, limit=size)
        if run is None:
            raise UnknownRun(run_id(run_no))
        count, value = uow.replenish.run_totals(run_no)
    if not staff.chain_wide:
        run = replace(run, lines=tuple(ln for ln in run.lines if staff.sees_store(ln.store_code)))
    return run, count, value


def list_runs(uow: UnitOfWorkPort, staff: Staff, limit: int = 50) -> list[tuple[Run, int, int]]:
    """The newest runs first with each one's line count and proposed value."""
    check_quantity(_("the number of runs to list"), limit, 1)
    with uow:
        return uow.replenish.list_runs(min(limit, MAX_LIST))


@dataclass(frozen=True, slots=True)
class ReorderPoint:
    """A store's reorder point for a SKU and what is on its way, for the low-stock alert:
    low when on hand is below the reorder point and nothing is inbound or on order."""

    store_code: str
    sku: str
    on_hand_qty_base: int
    reorder_point_qty_base: int
    inbound_qty_base: int  # transfers coming plus orders not yet received
    source: str

    @property
    def low(self) -> bool:
        return self.on_hand_qty_base < self.reorder_point_qty_base and self.inbound_qty_base == 0


def reorder_points(
    uow: UnitOfWorkPort, policy: Policy, store_code: str = "", now_ms: int | None = None,
    low_only: bool = False,
) -> Iterator[ReorderPoint]:  # fmt: skip
    """Each enabled store's reorder point and inbound quantity per SKU (the alerts part's
    "low stock"), computed as a run computes them, by the database from the kept demand
    sums (brought up to date first, as a run does); streamed inside one transaction. A
    SKU whose reorder point is 0 (no demand seen, or a min of 0) is left out: it never
    runs low (stock below zero is the negative-stock alert's). `low_only`: only the pairs
    that are low, all the alert needs."""
    check_policy(policy)
    now = clock_now_ms() if now_ms is None else now_ms
    if store_code:
        check_store_code(store_code)
    with uow:
        uow.replenish_figures.keep_demand(now)
        uow.commit()
    with uow:
        goods = uow.replenish_figures.goods()
        terms = {**uow.replenish_figures.last_ordered_terms(), **uow.replenish.supply_terms()}
        spans = lead_spans(uow, policy, goods, terms)
        for row in uow.replenish_figures.reorder_points(policy, spans, store_code, low_only):
            yield ReorderPoint(*row)


def low_stock_source(
    policy: Policy,
) -> Callable[[UnitOfWorkPort, str, int], Iterator[ReorderPoint]]:
    """reorder_points with the policy bound, as the alerts part's LowStockSource takes it
    (unit of work, store code or "", now)."""
    return partial(_reorder_points_now, policy)


def _reorder_points_now(
    policy: Policy, uow: UnitOfWorkPort, store_code: str, now_ms: int
) -> Iterator[ReorderPoint]:
    return reorder_points(uow, policy, store_code, now_ms, low_only=True)
