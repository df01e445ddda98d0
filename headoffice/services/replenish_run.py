"""Computing a replenishment run: the pairs the database chooses, planned SKU by SKU, the
lines written to the run document as they are planned.

A run first brings the kept demand sums up to date in a transaction of its own
(replenish_demand: rolled forward a day, dirty pairs recomputed, or rebuilt; headoffice/
store/replenish_demand_keep.py), then, in one read transaction, receives from the
database only the store-SKU pairs short of their order-up-to and the surplus pairs of the
SKUs someone is short of (headoffice/store/replenish_candidates_sql.py: the domain's
formula in SQL, integers, same rounding; the Needs built from its figures equal need_of's,
tested) and plans each SKU (transfers before purchases, domain.replenishment_plan). So a
run's cost grows with what needs ordering, not with every pair of the chain, and memory
holds one SKU's candidates and one chunk of lines: a kept run's lines go into
replenish_lines LINE_CHUNK at a time, and the Run returned carries the first
RETURNED_LINES of them with `line_count` the whole number (`hoctl replenish show` pages
through the rest).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterator
from dataclasses import replace
from itertools import groupby
from operator import attrgetter

from common.clock import now_ms as clock_now_ms
from common.i18n import _
from common.ids import check_store_code
from headoffice.domain.demand import lead_time_days
from headoffice.domain.errors import UnknownStore
from headoffice.domain.replenishment import Policy, check_policy
from headoffice.domain.replenishment_errors import InvalidReplenishment
from headoffice.domain.replenishment_plan import PlanLine, SupplyTerms, cost_table, plan_sku
from headoffice.domain.replenishment_runs import PROPOSED, Run, RunLine, line_row
from headoffice.domain.roles import Staff
from headoffice.services import audit
from headoffice.services.ports import UnitOfWorkPort

PROGRESS_EVERY_SKUS = 500
LINE_CHUNK = 5_000
RETURNED_LINES = 10_000
Progress = Callable[[int, int], None]  # (SKUs done, SKUs in the run's catalogue scope)


def check_scope(uow: UnitOfWorkPort, staff: Staff, store_code: str, category: str) -> None:
    if store_code:
        check_store_code(store_code)
        staff.check_store(store_code)
        if uow.stores.get_store(store_code) is None:
            raise UnknownStore(store_code)
    elif not staff.chain_wide:
        raise InvalidReplenishment(
            _("a store manager runs replenishment for one of their stores (--store)")
        )
    if category and not uow.catalogue.category_exists(category):
        raise InvalidReplenishment(
            _("there is no category {category} in the catalogue").format(category=repr(category))
        )


def lead_spans(
    uow: UnitOfWorkPort, policy: Policy, goods: Collection[str], terms: dict[str, SupplyTerms]
) -> dict[str, int]:
    """Each SKU's lead time (its supplier's, learnt from purchase orders, or the default)
    plus the review period, in days."""
    supplier_days = {
        supplier: lead_time_days(spans, policy.default_lead_time_days, policy.lead_time_orders)
        for supplier, spans in uow.replenish_figures.lead_time_samples().items()
    }
    spans: dict[str, int] = {}
    for sku in goods:
        found = terms.get(sku)
        lead = policy.default_lead_time_days
        if found is not None:
            lead = supplier_days.get(found.supplier_code, policy.default_lead_time_days)
        spans[sku] = lead + policy.review_period_days
    return spans


def plan_lines(
    uow: UnitOfWorkPort, policy: Policy, store_code: str, category: str,
    progress: Progress | None = None,
) -> Iterator[PlanLine]:  # fmt: skip
    """The run's lines, SKU by SKU, inside an open uow whose kept sums are current."""
    figures = uow.replenish_figures
    hand_costs = uow.replenish.costs()
    costs = cost_table(hand_costs, policy.default_transfer_cost_minor)
    # every cost the default: short stores draw on the others in code order, and the
    # database sends only the donors that order can reach
    every_donor = any(c != policy.default_transfer_cost_minor for c in hand_costs.values())
    goods = figures.goods(category)
    disabled = frozenset(s.code for s in uow.stores.list_stores() if s.disabled)
    terms = {**figures.last_ordered_terms(), **uow.replenish.supply_terms()}
    spans = lead_spans(uow, policy, goods, terms)
    recipients = {store_code} if store_code else None
    total = len(goods)
    if progress is not None:
        progress(0, total)
    chosen = figures.candidates(policy, spans, store_code, every_donor)
    for done, (sku, needs) in enumerate(groupby(chosen, attrgetter("sku")), start=1):
        yield from plan_sku(list(needs), terms.get(sku), costs, disabled, recipients, goods[sku])
        if progress is not None and done % PROGRESS_EVERY_SKUS == 0:
            progress(min(done, total), total)
    if progress is not None:
        progress(total, total)  # SKUs nobody is short of were not sent at all


def run_replenishment(
    uow: UnitOfWorkPort,
    staff: Staff,
    policy: Policy,
    store_code: str = "",
    category: str = "",
    dry_run: bool = False,
    now_ms: int | None = None,
    progress: Progress | None = None,
) -> Run:
    """Compute a run; keep it as a proposed document (and audit it) unless `dry_run`.
    `progress(done, total)` hears of the SKUs computed as the run goes. The Run returned
    holds the first RETURNED_LINES lines and, when there were more, `line_count` the
    number of lines."""
    check_policy(policy)
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        check_scope(uow, staff, store_code, category)
        uow.replenish_figures.keep_demand(now)
        uow.commit()
    with uow:
        run = Run(
            run_no=0,
            state=PROPOSED,
            store_filter=store_code,
            category_filter=category,
            service_level_bp=policy.service_level_bp,
            review_period_days=policy.review_period_days,
            window_days=policy.demand_window_days,
            transfer_lead_time_days=policy.transfer_lead_time_days,
            created_at_ms=now,
            created_by=staff.username,
        )
        if not dry_run:
            run = replace(run, run_no=uow.replenish.insert_run(run))
        kept: list[RunLine] = []
        chunk: list[tuple[object, ...]] = []  # the lines as rows, not objects (line_row)
        kinds: dict[str, int] = defaultdict(int)
        count = value = 0
        for count, planned in enumerate(
            plan_lines(uow, policy, store_code, category, progress), start=1
        ):
            kinds[planned.kind] += 1
            value += planned.qty_base * planned.unit_cost_minor  # PlanLine.value_minor
            if count > RETURNED_LINES:
                if dry_run:
                    continue  # counted, not kept: a dry run returns its first lines only
                chunk.append(line_row(count, planned))
            else:
                row = line_row(count, planned)
                kept.append(RunLine(*row))  # type: ignore[arg-type]
                if not dry_run:
                    chunk.append(row)
            if len(chunk) >= LINE_CHUNK:
                uow.replenish.insert_line_rows(run.run_no, chunk)
                chunk = []
        if chunk:
            uow.replenish.insert_line_rows(run.run_no, chunk)
        if count > len(kept):
            run = replace(run, lines=tuple(kept), line_count=count, lines_value_minor=value)
        else:
            run = replace(run, lines=tuple(kept))
        if dry_run:
            return run
        audit.record(
            uow, staff.username, "replenish.run", "replenish_run", run.run_id, None,
            _summary(run, kinds), now,
        )  # fmt: skip
        uow.commit()
    return run


def _summary(run: Run, kinds: dict[str, int]) -> dict[str, object]:
    """What the audit log keeps of a run: its scope and settings, its lines' counts."""
    head = run.as_dict()
    head.pop("lines")
    return {**head, "line_counts": dict(sorted(kinds.items()))}
