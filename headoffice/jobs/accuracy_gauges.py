"""Job accuracy_gauges: refresh this process's inventory-accuracy gauges.

The gauges are refreshed at start and after each batch this process applies that
posted a count (headoffice.api.accuracy_gauges). Two things move them otherwise: the
trailing window of [counts] accuracy_days slides every day, and a count posted
through another head-office process. Each process runs this job for itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from common.i18n import _
from headoffice.domain.jobs import JobResult

if TYPE_CHECKING:
    from headoffice.jobs.registry import JobContext


def run(ctx: JobContext) -> JobResult:
    if ctx.accuracy_gauges is None:
        return JobResult(_("no gauges in this process"), {"refreshed": 0})
    ctx.accuracy_gauges.refresh()
    return JobResult(_("accuracy gauges refreshed"), {"refreshed": 1})
