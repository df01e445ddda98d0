"""Scheduled jobs' use cases: claim a tick, record an attempt, read what ran.

Each is one transaction. The claim commits before the job starts, so a second
process trying the same tick finds the row at once (PostgreSQL: its INSERT waits
for the first transaction and then does nothing), and a process that dies
mid-run leaves only that tick's claim: the next tick is another row.
"""

from __future__ import annotations

from collections.abc import Mapping

from headoffice.domain.jobs import JobRun, summary_text
from headoffice.services.ports import JobsUnitOfWorkPort


def claim_tick(
    uow: JobsUnitOfWorkPort, job: str, tick_at_ms: int, scope: str, holder: str, now_ms: int
) -> tuple[bool, str]:
    """Claim (job, tick, scope) for `holder`: (True, holder), or (False, who holds it) when
    the tick was claimed before (by another process, or by this one a moment ago)."""
    with uow:
        if uow.job_runs.claim(job, tick_at_ms, scope, holder, now_ms):
            uow.commit()
            return True, holder
        return False, uow.job_runs.claim_holder(job, tick_at_ms, scope)


def start_run(
    uow: JobsUnitOfWorkPort,
    job: str,
    tick_at_ms: int,
    trigger: str,
    holder: str,
    attempt: int,
    now_ms: int,
) -> int:
    with uow:
        run_id = uow.job_runs.start(job, tick_at_ms, trigger, holder, attempt, now_ms)
        uow.commit()
    return run_id


def finish_run(
    uow: JobsUnitOfWorkPort,
    run_id: int,
    result: str,
    now_ms: int,
    duration_ms: int,
    summary: str,
    counts: Mapping[str, int],
) -> JobRun:
    with uow:
        uow.job_runs.finish(run_id, result, now_ms, duration_ms, summary_text(summary), counts)
        run = uow.job_runs.run(run_id)
        uow.commit()
    return run


def job_history(
    uow: JobsUnitOfWorkPort, job: str, limit: int, now_ms: int, lease_ms: int
) -> list[JobRun]:
    """The newest runs first, an unfinished one past the lease read as abandoned."""
    with uow:
        runs = uow.job_runs.history(job, limit)
    return [run.seen_at(now_ms, lease_ms) for run in runs]


def last_runs(
    uow: JobsUnitOfWorkPort, now_ms: int, lease_ms: int
) -> tuple[dict[str, JobRun], dict[str, int]]:
    """Each job's newest run, and when each last finished well (UTC ms)."""
    with uow:
        runs = uow.job_runs.last_runs()
        successes = uow.job_runs.last_successes()
    return {job: run.seen_at(now_ms, lease_ms) for job, run in runs.items()}, successes


def prune_runs(uow: JobsUnitOfWorkPort, before_ms: int) -> tuple[int, int]:
    """Delete claims and finished runs from before `before_ms`: (claims, runs) deleted."""
    with uow:
        deleted = uow.job_runs.prune(before_ms)
        uow.commit()
    return deleted
