"""Every scheduled job head office knows: one line each in JOBS (docs/jobs.md).

Adding a job: write headoffice/jobs/<name>.py with `def run(ctx: JobContext) -> JobResult`
calling one use case of headoffice/services (a plain service call, one unit of work
per transaction from ctx.new_uow), then add its JobSpec line below. Its [jobs] keys
(`<name>` = its cron, `<name>_enabled`) follow from the line; deploy/config/headoffice.toml
and docs/jobs.md say what it does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from common.i18n import N_
from headoffice.domain.jobs import JobResult
from headoffice.jobs import (
    accuracy_gauges,
    evaluate_alerts,
    expire_points,
    expire_stored_value,
    prune_job_runs,
    reconcile_vouchers,
    replenishment,
    report_snapshots,
)
from headoffice.services.ports import JobsUnitOfWorkPort, UnitOfWorkFactory


class GaugeRefresher(Protocol):
    def refresh(self) -> None: ...


@dataclass(frozen=True)
class JobContext:
    """What a job function is given: units of work, headoffice.toml, a clock (UTC ms)."""

    new_uow: UnitOfWorkFactory
    jobs_uow: Callable[[], JobsUnitOfWorkPort]
    config: Mapping[str, Mapping[str, Any]]
    clock: Callable[[], int]
    # This process's accuracy gauges (headoffice.api.accuracy_gauges); None in a process
    # that serves no /metrics.
    accuracy_gauges: GaugeRefresher | None = None


@dataclass(frozen=True)
class JobSpec:
    name: str  # a-z, 0-9 and _; its [jobs] keys are `<name>` and `<name>_enabled`
    default_cron: str  # 5 fields: minute hour day-of-month month day-of-week
    run: Callable[[JobContext], JobResult]
    description: str  # marked N_(): JobsAdmin says it in the caller's language
    # True: every head-office process runs each tick for itself (it refreshes what that
    # process serves); False: one process of the chain runs it (the claim decides).
    per_process: bool = False
    enabled: bool = True


JOBS: tuple[JobSpec, ...] = (
    JobSpec(
        "accuracy_gauges",
        "*/10 * * * *",
        accuracy_gauges.run,
        N_("refresh this process's inventory-accuracy gauges on /metrics"),
        per_process=True,
    ),
    JobSpec(
        "evaluate_alerts",
        "*/5 * * * *",
        evaluate_alerts.run,
        N_("evaluate the chain-wide alerts and the per-store counts on /metrics"),
    ),
    JobSpec(
        "replenishment",
        "30 2 * * *",
        replenishment.run,
        N_("a chain-wide replenishment run; small transfers approved below the chain's limit"),
    ),
    JobSpec(
        "report_snapshots",
        "15 3 * * *",
        report_snapshots.run,
        N_("write the day's chain sales report (JSON, PNG, HTML) into [reports] snapshot_dir"),
    ),
    JobSpec(
        "prune_job_runs",
        "17 3 * * *",
        prune_job_runs.run,
        N_("delete job runs and claims older than [jobs] keep_days"),
    ),
    JobSpec(
        "expire_points",
        "20 0 1,2 * *",  # the 1st and 2nd: the shops' 1st in any time zone; the 2nd is a no-op
        expire_points.run,
        N_("expire the points lots past [points] expiry_months (each lot once)"),
    ),
    JobSpec(
        "expire_stored_value",
        "25 0 * * *",
        expire_stored_value.run,
        N_("book anonymous cards' stored value past [stored_value] anonymous_expiry_days"),
    ),
    JobSpec(
        "reconcile_vouchers",
        "40 1 * * *",
        reconcile_vouchers.run,
        N_("compare yesterday's and today's voucher redemptions with each platform's list"),
    ),
)


def job_names(jobs: tuple[JobSpec, ...] = JOBS) -> list[str]:
    return [job.name for job in jobs]


def config_defaults(jobs: tuple[JobSpec, ...] = JOBS) -> dict[str, Any]:
    """The [jobs] section's defaults: the shared settings, then each job's cron and flag."""
    values: dict[str, Any] = {
        "timezone": "UTC",  # the cron expressions' time zone, e.g. "Asia/Shanghai"
        "attempts": 3,  # tries per tick, the first included
        "retry_backoff_s": 30,  # before the second try; doubling after
        "lease_s": 3_600,  # a run unfinished after this reads as abandoned
        "keep_days": 90,  # prune_job_runs keeps this many days of runs
        "test_every_s": 0,  # tests only: every job every N seconds instead of its cron
        # A scheduled replenishment run approves a proposed transfer worth less than this at
        # cost (minor units) by itself; 0: every run waits for a person (domain.jobs).
        "auto_approve_transfers_below_minor": 0,
    }
    for job in jobs:
        values[job.name] = job.default_cron
        values[f"{job.name}_enabled"] = job.enabled
    return values
