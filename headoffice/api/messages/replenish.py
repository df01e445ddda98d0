"""Replenishment runs and settings: domain objects ⇄ protobuf (replenish_admin.proto)."""

from __future__ import annotations

from dataclasses import asdict

from common.pb.storeledger.v1 import replenish_admin_pb2 as pb
from headoffice.domain.replenishment import MinMax
from headoffice.domain.replenishment_plan import SupplyTerms
from headoffice.domain.replenishment_runs import Run


def run_message(
    run: Run, line_count: int | None = None, value_minor: int | None = None
) -> pb.ReplenishRun:
    lines = [pb.ReplenishLine(**asdict(line)) for line in run.lines]
    return pb.ReplenishRun(
        run_id=run.run_id if run.run_no else "",
        state=run.state,
        store_code=run.store_filter,
        category=run.category_filter,
        service_level_bp=run.service_level_bp,
        review_period_days=run.review_period_days,
        window_days=run.window_days,
        transfer_lead_time_days=run.transfer_lead_time_days,
        created_at_ms=run.created_at_ms,
        created_by=run.created_by,
        approved_at_ms=run.approved_at_ms,
        approved_by=run.approved_by,
        lines=lines,
        line_count=run.lines_in_all if line_count is None else line_count,
        value_minor=(
            value_minor
            if value_minor is not None
            else run.lines_value_minor
            if run.line_count
            else sum(line.value_minor for line in run.lines)
        ),
    )


def min_max_rows(request: pb.SetMinMaxRequest) -> list[MinMax]:
    return [MinMax(r.store_code, r.sku, r.min_qty_base, r.max_qty_base) for r in request.rows]


def min_max_message(row: MinMax) -> pb.MinMaxRow:
    return pb.MinMaxRow(**asdict(row))


def supply_terms(message: pb.SupplyTerms) -> SupplyTerms:
    return SupplyTerms(
        message.sku, message.supplier_code, message.pack_qty_base,
        message.min_order_qty_base, message.unit_cost_minor,
    )  # fmt: skip


def supply_message(terms: SupplyTerms) -> pb.SupplyTerms:
    return pb.SupplyTerms(**asdict(terms))
