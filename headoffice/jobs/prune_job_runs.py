"""Job prune_job_runs: delete job runs and claims older than [jobs] keep_days.

A claim row is written per tick (per process, for a job that runs in every process),
so the table grows by hundreds of rows a day; history older than keep_days goes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from common.i18n import _
from headoffice.domain.jobs import JobResult
from headoffice.services.jobs import prune_runs

if TYPE_CHECKING:
    from headoffice.jobs.registry import JobContext

DAY_MS = 86_400_000


def run(ctx: JobContext) -> JobResult:
    keep_days = int(ctx.config["jobs"]["keep_days"])
    claims, runs = prune_runs(ctx.jobs_uow(), ctx.clock() - keep_days * DAY_MS)
    return JobResult(
        _("deleted {runs} runs and {claims} claims older than {days} days").format(
            runs=runs, claims=claims, days=keep_days
        ),
        {"runs_deleted": runs, "claims_deleted": claims},
    )
