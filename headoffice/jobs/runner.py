"""One tick of one job: claim it, attempt it, retry it, record and report every attempt.

Once per tick across processes: the claim row (job, tick, scope) is inserted in its
own committed transaction first (headoffice.services.jobs.claim_tick); a process that
finds it taken records nothing and counts the tick `skipped` on its own /metrics (a
row would need a key the claim does not have, and the history would double). A job
that runs in every process claims with its process's holder id as scope.

A failed attempt (any exception from the job: the runner is where failures are
reported, so it catches them all) is recorded `failed` with its sentence, logged and
counted; the next waits retry_backoff_s, doubling, up to [jobs] attempts. A stop ends
the waiting at once and no further attempt starts.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable

from common.clock import now_ms as clock_now_ms
from common.errors import StoreLedgerError
from common.logs import log_event
from headoffice.domain.jobs import (
    FAILED,
    MANUAL,
    OK,
    SKIPPED,
    JobRun,
    TickTaken,
    retry_delays_s,
    summary_text,
)
from headoffice.jobs.metrics import JobMetrics
from headoffice.jobs.registry import JobContext, JobSpec
from headoffice.services.jobs import claim_tick, finish_run, last_runs, start_run
from headoffice.services.ports import JobsUnitOfWorkPort

log = logging.getLogger(__name__)


def process_holder() -> str:
    """This process among head office's: host:pid (in job_runs.holder and claims)."""
    return f"{socket.gethostname()[:100]}:{os.getpid()}"


class JobRunner:
    def __init__(
        self,
        ctx: JobContext,
        jobs_uow: Callable[[], JobsUnitOfWorkPort],
        metrics: JobMetrics,
        attempts: int,
        retry_backoff_s: int,
        holder: str | None = None,
        clock: Callable[[], int] = clock_now_ms,
    ) -> None:
        self.ctx = ctx
        self._uow = jobs_uow
        self.metrics = metrics
        self.attempts = attempts
        self._backoff_s = retry_backoff_s
        self.holder = holder or process_holder()
        self._clock = clock
        self._stop = threading.Event()

    def stop(self) -> None:
        """No new attempt after this; a wait between attempts ends now."""
        self._stop.set()

    def seed_metrics(self, lease_ms: int) -> None:
        """Set the last-success gauges from job_runs (a restart is not a stall)."""
        _runs, successes = last_runs(self._uow(), self._clock(), lease_ms)
        for job, at_ms in successes.items():
            self.metrics.succeeded_at(job, at_ms)

    def run_tick(
        self, spec: JobSpec, tick_at_ms: int, trigger: str, attempts: int | None = None
    ) -> JobRun | None:
        """Run the tick if this process claims it: its last attempt, or None when another
        process holds it (a run by hand is refused with TickTaken instead)."""
        scope = self.holder if spec.per_process else ""
        claimed, holder = claim_tick(
            self._uow(), spec.name, tick_at_ms, scope, self.holder, self._clock()
        )
        if not claimed:
            self.metrics.ended(spec.name, SKIPPED)
            log_event(
                log, logging.INFO, "job tick held by another process", job=spec.name,
                tick_at_ms=tick_at_ms, holder=holder,
            )  # fmt: skip
            if trigger == MANUAL:
                raise TickTaken(spec.name, holder)
            return None
        tries = attempts or self.attempts
        delays = retry_delays_s(tries, self._backoff_s)
        attempt = 1
        while True:
            run = self._attempt(spec, tick_at_ms, trigger, attempt)
            if run.result == OK or attempt == tries:
                break
            if self._stop.wait(delays[attempt - 1]):
                break
            attempt += 1
        if run.result != OK:
            log_event(
                log, logging.ERROR, "job failed", job=spec.name, tick_at_ms=tick_at_ms,
                attempts=attempt, error=run.summary,
            )  # fmt: skip
        return run

    def _attempt(self, spec: JobSpec, tick_at_ms: int, trigger: str, attempt: int) -> JobRun:
        started_ms = self._clock()
        run_id = start_run(
            self._uow(), spec.name, tick_at_ms, trigger, self.holder, attempt, started_ms
        )
        began = time.monotonic_ns()
        try:
            result = spec.run(self.ctx)
            outcome, summary, counts = OK, result.summary, dict(result.counts)
        except Exception as exc:  # noqa: BLE001 - a job's failure of any kind is recorded
            outcome, summary, counts = FAILED, _sentence(exc), {}
            # A bug's traceback goes to the log (our errors are sentences enough).
            log.warning(
                "job attempt failed",
                exc_info=not isinstance(exc, StoreLedgerError),
                extra={
                    "fields": {"job": spec.name, "attempt": attempt, "error": summary_text(summary)}
                },
            )
        duration_ms = (time.monotonic_ns() - began) // 1_000_000
        run = finish_run(
            self._uow(), run_id, outcome, started_ms + duration_ms, duration_ms, summary, counts
        )
        self.metrics.ended(spec.name, outcome, duration_ms)
        if outcome == OK:
            self.metrics.succeeded_at(spec.name, run.finished_at_ms)
            log_event(
                log, logging.INFO, "job ran", job=spec.name, tick_at_ms=tick_at_ms,
                attempt=attempt, duration_ms=duration_ms, summary=run.summary,
            )  # fmt: skip
        return run


def _sentence(exc: Exception) -> str:
    """Our errors are sentences already; anything else is named by its type too."""
    if isinstance(exc, StoreLedgerError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"
