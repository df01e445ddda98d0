"""Job report_snapshots: write the day's chain sales report as JSON, PNG and HTML into
[reports] snapshot_dir (headoffice.services.report_snapshots), once per chain.

The directory is made absolute when head office starts (relative to the data directory,
headoffice.api.server._jobs), so every process writes to the same place.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from headoffice.domain.counts import count_policy
from headoffice.domain.jobs import JobResult
from headoffice.services.report_snapshots import snapshot_reports_job

if TYPE_CHECKING:
    from headoffice.jobs.registry import JobContext


def run(ctx: JobContext) -> JobResult:
    section = ctx.config["reports"]
    offset = count_policy(dict(ctx.config["counts"])).utc_offset_minutes
    result = snapshot_reports_job(
        ctx.new_uow, Path(str(section["snapshot_dir"])), ctx.clock(), offset,
        int(section["snapshot_days"]),
    )  # fmt: skip
    return JobResult(result.summary, result.counts())
