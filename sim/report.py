"""The report at the end of a run (and of `storeledger-sim check`): what was simulated, the faults
injected, and the checker's verdict, as text for people (through the catalogues) or one JSON
document (docs/output.md)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, TextIO

from common.i18n import _
from sim.checker import Violation
from sim.count_checker import POSTED, shrink_figures
from sim.lag import SETTLE_MS, LagFigures
from sim.truth import FaultRecord, GroundTruth


@dataclass
class RunFigures:
    seed: int | None = None
    stores: int = 0
    days: int = 0
    database: str = ""
    wall_ms: int = 0
    fault_kinds: list[str] = field(default_factory=list)
    checker_ms: int | None = None  # the checker's own time (reading every ledger, comparing)
    lag: LagFigures | None = None  # sync lag between faults (sim.lag), for a run


def document(
    truth: GroundTruth, violations: list[Violation], figures: RunFigures
) -> dict[str, Any]:
    shrink, shrink_found = shrink_figures(truth)
    return {
        "seed": figures.seed,
        "store_count": figures.stores,
        "day_count": figures.days,
        "database": figures.database,
        "wall_ms": figures.wall_ms,
        "sale_count": len(truth.sales),
        "unanswered_sale_count": len(truth.uncertain_sales),
        "refused_count": len(truth.refused),
        "return_count": truth.returns,
        "void_count": truth.voids,
        "delivery_count": truth.deliveries,
        "transfer_count": len(truth.transfers),
        "write_off_count": truth.write_offs,
        "shrink_qty_base": shrink,
        "stocktake_count": sum(1 for c in truth.counts if c.state == POSTED),
        "shrink_found_qty_base": shrink_found,
        "replenishment_run_count": len(truth.replenishments),
        "replenishment_line_count": sum(len(r["approved_lines"]) for r in truth.replenishments),
        "fault_kinds": figures.fault_kinds,
        **_lag_json(figures.lag),
        "checker_ms": figures.checker_ms or 0,
        "faults": [fault_json(f) for f in truth.faults],
        "problems": truth.problems,
        "clean": not violations,
        "violations": [violation_json(v) for v in violations],
    }


def _lag_json(lag: LagFigures | None) -> dict[str, int]:
    """The lag between faults, for a run that sampled some (`check` samples none)."""
    if lag is None or not lag.sample_count:
        return {}
    return {"lag_sample_count": lag.sample_count, "lag_p50_ms": lag.p50_ms or 0,
            "lag_p99_ms": lag.p99_ms or 0, "lag_max_ms": lag.max_ms or 0}  # fmt: skip


def fault_json(fault: FaultRecord) -> dict[str, Any]:
    return {
        "kind": fault.kind,
        "store": fault.store,
        "at_ms": fault.at_ms,
        "ended_ms": fault.ended_ms,
        "detail": fault.detail,
        "outcome": fault.outcome,
        "newest_entries": [
            {"store": store, "newest_seq": seq} for store, seq in sorted(fault.newest_seq.items())
        ],
    }


def violation_json(violation: Violation) -> dict[str, Any]:
    return {
        "kind": violation.kind,
        "store": violation.store,
        "message": violation.message,
        "entries": [{"store": violation.store, "seq": seq} for seq in violation.seqs],
        "faults": [fault_json(f) for f in violation.faults],
    }


def write(stream: TextIO, fmt: str, truth: GroundTruth, violations: list[Violation],
          figures: RunFigures) -> None:  # fmt: skip
    doc = document(truth, violations, figures)
    if fmt == "json":
        stream.write(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n")
        return
    lines = []
    if figures.seed is not None:
        lines.append(
            _("seed {seed}: {stores} stores, {days} day(s) on {database} in {seconds}s").format(
                seed=figures.seed, stores=figures.stores, days=figures.days,
                database=figures.database, seconds=figures.wall_ms // 1000,
            )
        )  # fmt: skip
    lines.append(
        _("{sales} sales ({unanswered} unanswered), {returns} returns, {voids} voids, "
          "{deliveries} deliveries, {transfers} transfers, {write_offs} write-offs, "
          "{shrink} pieces of unrecorded shrink").format(
            sales=doc["sale_count"], unanswered=doc["unanswered_sale_count"],
            returns=doc["return_count"], voids=doc["void_count"],
            deliveries=doc["delivery_count"], transfers=doc["transfer_count"],
            write_offs=doc["write_off_count"], shrink=doc["shrink_qty_base"],
        )
    )  # fmt: skip
    if truth.counts:
        lines.append(
            _("{counts} stocktake(s) posted: they found {found} of the {shrink} pieces of "
              "unrecorded shrink").format(
                counts=doc["stocktake_count"], found=doc["shrink_found_qty_base"],
                shrink=doc["shrink_qty_base"],
            )
        )  # fmt: skip
    if truth.replenishments:
        lines.append(
            _("{runs} replenishment run(s) by a buyer, {lines} line(s) approved and acted out "
              "(transfers shipped and received, orders sent and received)").format(
                runs=doc["replenishment_run_count"], lines=doc["replenishment_line_count"],
            )
        )  # fmt: skip
    if truth.refused:
        lines.append(
            _("{refused} till action(s) refused while a store's disk was full, none of them "
              "recorded").format(refused=len(truth.refused))
        )  # fmt: skip
    for fault in truth.faults:
        lines.append(
            _("fault {kind} at {store} (+{seconds}s; {detail}): {outcome}").format(
                kind=fault.kind, store=fault.store, seconds=fault.at_ms // 1000,
                detail=fault.detail or "-", outcome=fault.outcome,
            )
        )  # fmt: skip
    lag = figures.lag
    if lag is not None and lag.sample_count:
        lines.append(
            _("sync lag between faults: p50 {p50} ms, p99 {p99} ms, max {max} ms over {samples} "
              "samples (each store once a second; {excluded} taken during a fault or the "
              "{settle}s after it left out)").format(
                p50=lag.p50_ms, p99=lag.p99_ms, max=lag.max_ms, samples=lag.sample_count,
                excluded=lag.excluded_count, settle=SETTLE_MS // 1000,
            )
        )  # fmt: skip
    for problem in truth.problems:
        lines.append(_("refused or failed: {problem}").format(problem=problem))
    if figures.checker_ms is not None:
        lines.append(_("the checker took {ms} ms").format(ms=figures.checker_ms))
    if not violations:
        lines.append(
            _(
                "checker: clean (stock, sales exactly once, journals, transfers, counts found all "
                "shrink, verify)"
            )
        )
    for v in violations:
        lines.append(_("VIOLATION {kind}: {message}").format(kind=v.kind, message=v.message))
        for fault in v.faults:
            lines.append(
                _("  around it: {kind} at {store} (+{seconds}s), newest entries {seqs}").format(
                    kind=fault.kind, store=fault.store, seconds=fault.at_ms // 1000,
                    seqs=", ".join(f"{s} {n}" for s, n in sorted(fault.newest_seq.items())),
                )
            )  # fmt: skip
    stream.write("\n".join(lines) + "\n")
