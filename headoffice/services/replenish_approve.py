"""Approving a replenishment run: its lines become real transfers and purchase orders.

One transaction: the run row is locked, the chosen lines are checked against the
stock now (headoffice.domain.replenishment_runs.check_unchanged: refused with a
sentence when it moved), then one transfer per sending and receiving store
(services.transfers.add_transfer) and one draft purchase order per store and
supplier (services.purchasing.add_order) are created, the run records each
line's document, and the audit log the approval. Either all of it commits or
none. The caller wakes the downstream streams after commit (the stores hear of
their transfers). The scheduled job is `run_replenishment_job`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from common.clock import now_ms as clock_now_ms
from common.i18n import _
from headoffice.domain import purchasing as po_rules
from headoffice.domain.jobs import auto_approves_transfer
from headoffice.domain.replenishment import Policy
from headoffice.domain.replenishment_errors import UnknownRun
from headoffice.domain.replenishment_plan import PURCHASE, TRANSFER
from headoffice.domain.replenishment_runs import (
    Run,
    RunLine,
    approved,
    check_unchanged,
    chosen_lines,
    parse_run_id,
    run_id,
)
from headoffice.domain.roles import ADMIN, Staff
from headoffice.domain.transfers import check_request
from headoffice.services import audit
from headoffice.services.ports import UnitOfWorkFactory, UnitOfWorkPort
from headoffice.services.purchasing import add_order
from headoffice.services.replenish import run_replenishment
from headoffice.services.transfers import add_transfer

JOB_ACTOR = "replenishment-job"


def approve_run(
    uow: UnitOfWorkPort,
    staff: Staff,
    text: str,
    line_nos: Collection[int] = (),
    negative_stock: str = "refuse",
    now_ms: int | None = None,
) -> Run:
    """Approve all the run's open lines, or those numbered; the run as it is after."""
    run_no = parse_run_id(text)
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        run = uow.replenish.get_run(run_no, lock=True)
        if run is None:
            raise UnknownRun(run_id(run_no))
        lines = chosen_lines(run, line_nos)
        for line in lines:
            staff.check_store(line.store_code)
        current = uow.replenish_figures.stock({line.sku for line in lines})
        check_unchanged(run, lines, current)
        documents = _create_documents(uow, staff, lines, negative_stock, now)
        after = approved(run, documents, now, staff.username)
        uow.replenish.save_approval(after)
        audit.record(
            uow, staff.username, "replenish.approve", "replenish_run", run.run_id,
            {"state": run.state}, {"state": after.state, "documents": documents}, now,
        )  # fmt: skip
        uow.commit()
    return after


def _create_documents(
    uow: UnitOfWorkPort, staff: Staff, lines: list[RunLine], negative_stock: str, now: int
) -> dict[int, str]:
    """One transfer per (from, to) and one draft order per (store, supplier); each line's
    document id by line number."""
    transfers: dict[tuple[str, str], list[RunLine]] = defaultdict(list)
    orders: dict[tuple[str, str], list[RunLine]] = defaultdict(list)
    for line in lines:
        if line.kind == TRANSFER:
            transfers[(line.from_store, line.store_code)].append(line)
        elif line.kind == PURCHASE:
            orders[(line.store_code, line.supplier_code)].append(line)
    documents: dict[int, str] = {}
    for (from_store, to_store), group in sorted(transfers.items()):
        request = check_request(from_store, to_store, [(ln.sku, ln.qty_base) for ln in group])
        created = add_transfer(uow, staff, request, negative_stock, now)
        for line in group:
            documents[line.line_no] = created.transfer.transfer_id
    for (store_code, supplier_code), group in sorted(orders.items()):
        order_lines = po_rules.new_lines(
            [(ln.sku, ln.qty_base, ln.unit_cost_minor) for ln in group]
        )
        view = add_order(
            uow, staff, store_code, supplier_code, order_lines,
            po_rules.DEFAULT_OVER_TOLERANCE_PCT, now,
        )  # fmt: skip
        for line in group:
            documents[line.line_no] = view.order.po_id
    return documents


@dataclass(frozen=True, slots=True)
class ReplenishmentJobResult:
    """What one scheduled run did, in words and integers (the jobs part's JobResult)."""

    run_id: str
    transfer_lines: int
    purchase_lines: int
    unsourced_lines: int
    auto_approved_lines: int
    summary: str


def _transfer_values(run: Run) -> dict[tuple[str, str], int]:
    values: dict[tuple[str, str], int] = defaultdict(int)
    for line in run.lines:
        if line.kind == TRANSFER:
            values[(line.from_store, line.store_code)] += line.value_minor
    return values


def run_replenishment_job(
    new_uow: UnitOfWorkFactory,
    policy: Policy,
    auto_approve_below_minor: int = 0,
    now_ms: int | None = None,
) -> ReplenishmentJobResult:
    """What the scheduled job calls: a chain-wide run kept as a document; with the chain's
    limit ([jobs] auto_approve_transfers_below_minor) above 0, each transfer (a pair of
    stores) worth less at cost is approved at once (domain.jobs.auto_approves_transfer).
    Purchases wait for a buyer."""
    staff = Staff(JOB_ACTOR, ADMIN)
    run = run_replenishment(new_uow(), staff, policy, now_ms=now_ms)
    if run.line_count:  # only its first lines came back: the document holds them all
        with new_uow() as uow:
            run = uow.replenish.get_run(run.run_no) or run
    counts = {kind: sum(1 for ln in run.lines if ln.kind == kind)
              for kind in (TRANSFER, PURCHASE, "unsourced")}  # fmt: skip
    auto: list[int] = []
    if run.lines:
        values = _transfer_values(run)
        auto = [
            ln.line_no
            for ln in run.lines
            if ln.kind == TRANSFER
            and auto_approves_transfer(values[(ln.from_store, ln.store_code)],
                                       auto_approve_below_minor)
        ]  # fmt: skip
        if auto:
            approve_run(new_uow(), staff, run.run_id, auto, now_ms=now_ms)
    summary = _(
        "{run}: {transfers} transfer lines ({auto} auto-approved), {purchases} purchase "
        "lines, {unsourced} without a supplier"
    ).format(
        run=run.run_id,
        transfers=counts[TRANSFER],
        auto=len(auto),
        purchases=counts[PURCHASE],
        unsourced=counts["unsourced"],
    )
    return ReplenishmentJobResult(
        run.run_id, counts[TRANSFER], counts[PURCHASE], counts["unsourced"], len(auto), summary
    )
