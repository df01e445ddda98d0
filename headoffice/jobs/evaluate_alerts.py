"""Job evaluate_alerts: work out every chain-wide alert and replace the per-store counts
every head-office process exports on /metrics (headoffice.services.alerts).

Once per chain: the counts live in the database (alert_counts), so one evaluation serves
every replica. Low stock comes from replenishment's reorder points ([replenishment] policy).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from headoffice.domain.alerts import alert_policy
from headoffice.domain.jobs import JobResult
from headoffice.services.alerts import evaluate_alerts_job
from headoffice.services.replenish import low_stock_source, policy_from_config

if TYPE_CHECKING:
    from headoffice.jobs.registry import JobContext


def run(ctx: JobContext) -> JobResult:
    policy = alert_policy(dict(ctx.config["alerts"]))
    heartbeat_timeout_ms = int(ctx.config["sync"]["heartbeat_timeout_s"]) * 1000
    low_stock = low_stock_source(policy_from_config({k: dict(v) for k, v in ctx.config.items()}))
    evaluation = evaluate_alerts_job(
        ctx.new_uow, policy, ctx.clock(), heartbeat_timeout_ms, low_stock
    )
    return JobResult(evaluation.summary, evaluation.counts())
