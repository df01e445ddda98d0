"""Scheduled jobs' rules: what a run reports, how a run's result reads, retry delays.

A job runs once per tick (its scheduled time) across every head-office process on
one database: the process that inserts the claim row (job, tick) runs it, any
other finds the row taken and records nothing (headoffice.services.jobs). Each
attempt is one row of job_runs; a run whose process died keeps no finish time and
reads as `abandoned` once it is older than the lease. Plain Python: no SQL, no
scheduler (headoffice/jobs/ wires APScheduler to these).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from common.errors import InvalidInput, NotFound
from common.i18n import _
from common.text_safety import printable
from headoffice.domain.errors import HeadOfficeError

OK = "ok"
FAILED = "failed"
SKIPPED = "skipped"  # a metric label only: the tick was claimed by another process
RUNNING = "running"
ABANDONED = "abandoned"  # read-only: a run left unfinished for longer than the lease

SCHEDULE = "schedule"
MANUAL = "manual"

SUMMARY_LIMIT = 500  # characters of a run's summary kept
HISTORY_LIMIT = 1_000
HISTORY_DEFAULT = 50
COUNT_LIMIT = 2**63 - 1


class UnknownJob(HeadOfficeError, NotFound):
    def __init__(self, job: str, known: list[str]) -> None:
        super().__init__(
            _("there is no job {job}; the jobs are {jobs}").format(
                job=repr(job), jobs=", ".join(known)
            )
        )
        self.job = job


class TickTaken(HeadOfficeError):
    """Another run holds this job's tick (a run by hand asked twice in one second)."""

    def __init__(self, job: str, holder: str) -> None:
        super().__init__(
            _(
                "job {job} has already run, or is running, for this second (in {holder}); "
                "see `hoctl jobs history`, and try again in a moment"
            ).format(job=job, holder=holder)
        )


@dataclass(frozen=True)
class JobResult:
    """What a job function returns: a short sentence and integer counts (stores=12)."""

    summary: str = ""
    counts: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name, value in self.counts.items():
            if not isinstance(value, int) or isinstance(value, bool) or abs(value) > COUNT_LIMIT:
                raise TypeError(f"job count {name!r} must be a whole number, got {value!r}")


@dataclass(frozen=True)
class JobRun:
    run_id: int
    job: str
    tick_at_ms: int
    trigger: str
    holder: str
    started_at_ms: int
    finished_at_ms: int  # 0: not finished
    duration_ms: int
    result: str
    attempt: int
    summary: str
    counts: Mapping[str, int]

    def seen_at(self, now_ms: int, lease_ms: int) -> JobRun:
        """The run as it reads at `now_ms`: unfinished past the lease, it was abandoned."""
        if self.result == RUNNING and now_ms - self.started_at_ms > lease_ms:
            return JobRun(
                self.run_id, self.job, self.tick_at_ms, self.trigger, self.holder,
                self.started_at_ms, 0, 0, ABANDONED, self.attempt, self.summary, self.counts,
            )  # fmt: skip
        return self


def summary_text(text: str) -> str:
    """A summary or error as stored: printable (no control or bidi characters), one line, short."""
    one_line = printable(" ".join(text.split()))
    if len(one_line) > SUMMARY_LIMIT:
        return one_line[: SUMMARY_LIMIT - 1] + "…"
    return one_line


def retry_delays_s(attempts: int, backoff_s: int) -> list[int]:
    """Seconds to wait before attempt 2, 3, ...: the backoff, doubling each time."""
    return [backoff_s * 2**n for n in range(attempts - 1)]


def auto_approves_transfer(value_minor: int, limit_minor: int) -> bool:
    """A scheduled replenishment run approves a proposed transfer by itself when the chain
    chose a limit ([jobs] auto_approve_transfers_below_minor, 0: never) and the transfer's
    value at cost is under it. Purchases always wait for a person."""
    return limit_minor > 0 and 0 <= value_minor < limit_minor


def check_history_limit(limit: int) -> int:
    if limit == 0:
        return HISTORY_DEFAULT
    if not 1 <= limit <= HISTORY_LIMIT:
        raise InvalidInput(
            _("--limit must be between 1 and {most}, got {limit}").format(
                most=HISTORY_LIMIT, limit=limit
            )
        )
    return limit


def check_job(job: str, known: list[str]) -> str:
    if job not in known:
        raise UnknownJob(printable(job)[:64], known)
    return job
