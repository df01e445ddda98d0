"""The day's report snapshots, written for a scheduled job (`snapshot_reports_job`).

Each run writes the chain's sales report over the last `days` days up to yesterday
as JSON, PNG and a self-contained HTML page, `sales-YYYY-MM-DD.{json,png,html}`
(named by the report's last day), into the configured directory ([reports]
snapshot_dir). A file that is already there for that day is replaced whole
(written beside it, then renamed), so a run retried after a failure leaves one
complete set, never a half-written file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from common.errors import InvalidInput
from common.i18n import _
from headoffice.domain.report_document import Report
from headoffice.domain.report_period import Period, today_of
from headoffice.domain.roles import ADMIN, Staff
from headoffice.services.ports import UnitOfWorkFactory
from headoffice.services.sales_reports import sales_report

JOB_STAFF = Staff("scheduler", ADMIN)  # the job reads the whole chain
Render = Callable[[Report], tuple[bytes, str]]


@dataclass(frozen=True)
class SnapshotResult:
    summary: str
    files: int
    rows: int

    def counts(self) -> dict[str, int]:
        """The integer counts a job run records (the jobs part's JobResult)."""
        return {"files": self.files, "rows": self.rows}


def _render(report: Report) -> tuple[bytes, str]:
    from headoffice.reports.report_chart import report_html, report_png  # matplotlib: lazily

    png = report_png(report)
    return png, report_html(report, png=png)


def _write(path: Path, data: bytes) -> None:
    part = path.with_name(path.name + ".part")
    part.write_bytes(data)
    os.replace(part, path)


def snapshot_reports_job(
    new_uow: UnitOfWorkFactory,
    directory: Path,
    now_ms: int,
    utc_offset_minutes: int = 0,
    days: int = 30,
    render: Render = _render,
) -> SnapshotResult:
    """Write the chain sales report (by day) over the `days` days before today as
    sales-DAY.json, .png and .html in `directory` (created if missing)."""
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 366:
        raise InvalidInput(_("reports.snapshot_days must be a whole number from 1 to 366"))
    today = today_of(now_ms, utc_offset_minutes)
    period = Period(today - days, today, utc_offset_minutes)
    report = sales_report(new_uow(), JOB_STAFF, period, by="day")
    png, html = render(report)
    directory.mkdir(parents=True, exist_ok=True)
    stem = f"sales-{period.last_text}"
    document = json.dumps(report.document(), ensure_ascii=False, sort_keys=True)
    _write(directory / f"{stem}.json", document.encode("utf-8"))
    _write(directory / f"{stem}.png", png)
    _write(directory / f"{stem}.html", html.encode("utf-8"))
    return SnapshotResult(
        summary=_("wrote {stem}.json, .png and .html to {directory}").format(
            stem=stem, directory=directory
        ),
        files=3,
        rows=len(report.rows),
    )
