"""Job replenishment: a chain-wide replenishment run kept as a document (docs/replenishment.md),
its small transfers approved at once when the chain chose a limit
([jobs] auto_approve_transfers_below_minor); purchases wait for a buyer.

Once per chain: the run is a document in the database, and approving creates transfers
and orders for every store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from headoffice.domain.jobs import JobResult
from headoffice.services.replenish import policy_from_config
from headoffice.services.replenish_approve import run_replenishment_job

if TYPE_CHECKING:
    from headoffice.jobs.registry import JobContext


def run(ctx: JobContext) -> JobResult:
    policy = policy_from_config({k: dict(v) for k, v in ctx.config.items()})
    limit = int(ctx.config["jobs"]["auto_approve_transfers_below_minor"])
    done = run_replenishment_job(ctx.new_uow, policy, limit, ctx.clock())
    return JobResult(
        done.summary,
        {
            "transfer_lines": done.transfer_lines,
            "purchase_lines": done.purchase_lines,
            "unsourced_lines": done.unsourced_lines,
            "auto_approved_lines": done.auto_approved_lines,
        },
    )
