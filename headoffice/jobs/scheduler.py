"""APScheduler inside `headoffice serve`: each enabled job's ticks on the server's event loop.

APScheduler 3.x (pyproject pins <4): an AsyncIOScheduler whose one executor hands the
job the fire time it was scheduled for, the tick (run_times[-1]: missed ticks coalesce
into the newest), so every process names a tick alike and the claim can decide. The
job itself runs in a daemon thread the loop awaits: a stop (SIGTERM) shuts the
scheduler down without waiting, and the process exits even while a job is mid-run;
that run keeps no finish time and reads as abandoned after the lease
(docs/jobs.md, "Stopping").
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any, TypeVar

from apscheduler.executors.base import BaseExecutor
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from common.errors import StoreLedgerError
from common.logs import log_event
from headoffice.domain.jobs import FAILED, MANUAL, SCHEDULE, JobRun
from headoffice.jobs.runner import JobRunner
from headoffice.jobs.schedule import JobPlan

log = logging.getLogger(__name__)
T = TypeVar("T")


class TickExecutor(BaseExecutor):  # type: ignore[misc]
    """Runs a job's coroutine function with its tick: `func(*args, tick=...)` on the loop
    (APScheduler checks the arguments a job is added with, so the tick has a default)."""

    def start(self, scheduler: Any, alias: str) -> None:
        super().start(scheduler, alias)
        self._loop = scheduler._eventloop
        self._tasks: set[asyncio.Task[None]] = set()

    def shutdown(self, wait: bool = True) -> None:
        for task in self._tasks:
            task.cancel()
        self._tasks.clear()

    def _do_submit_job(self, job: Any, run_times: list[datetime]) -> None:
        task = self._loop.create_task(job.func(*job.args, tick=run_times[-1]))
        self._tasks.add(task)
        task.add_done_callback(partial(self._done, job.id))

    def _done(self, job_id: str, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            self._run_job_error(job_id, exc, exc.__traceback__)
        else:
            self._run_job_success(job_id, [])


async def in_daemon_thread(work: Callable[[], T]) -> T:
    """`work()` in a daemon thread, awaited: unlike asyncio.to_thread, a process that stops
    does not wait for it."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[T] = loop.create_future()

    def settle(outcome: Callable[[], None]) -> None:
        if not done.done():
            outcome()

    def thread() -> None:
        try:
            value = work()
        except BaseException as exc:  # noqa: BLE001 - handed to the awaiting coroutine
            deliver = partial(settle, partial(done.set_exception, exc))
        else:
            deliver = partial(settle, partial(done.set_result, value))
        # A closed loop: the process is stopping and nobody waits.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(deliver)

    threading.Thread(target=thread, name="headoffice-job", daemon=True).start()
    return await done


class HeadOfficeJobs:
    """A process's jobs: the plan, the runner, and the scheduler while it runs."""

    def __init__(self, plan: JobPlan, runner: JobRunner) -> None:
        self.plan = plan
        self.runner = runner
        self._scheduler: AsyncIOScheduler | None = None

    async def start(self) -> None:
        """Schedule every enabled job (on the running loop) and seed the metrics."""
        try:
            await in_daemon_thread(partial(self.runner.seed_metrics, self.plan.lease_s * 1000))
        except StoreLedgerError as exc:
            log_event(log, logging.WARNING, "job metrics not seeded", error=str(exc))
        scheduler = AsyncIOScheduler(
            timezone=self.plan.timezone,
            executors={"default": TickExecutor()},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        )
        for job in self.plan.jobs:
            if job.enabled:
                scheduler.add_job(self._fire, job.trigger, args=[job.name], id=job.name)
        scheduler.start()
        self._scheduler = scheduler
        if self.plan.test_every_s:
            log_event(
                log, logging.WARNING, "jobs run every few seconds ([jobs] test_every_s: tests only)",
                every_s=self.plan.test_every_s,
            )  # fmt: skip
        log_event(
            log, logging.INFO, "jobs scheduled", holder=self.runner.holder,
            jobs=",".join(j.name for j in self.plan.jobs if j.enabled),
        )  # fmt: skip

    def stop(self) -> None:
        """Stop at once: no new tick, no further attempt, nothing waited for."""
        self.runner.stop()
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        self._scheduler = None

    def next_run_ms(self, name: str) -> int:
        """When the scheduler of this process fires the job next (0: not scheduled here)."""
        job = self._scheduler.get_job(name) if self._scheduler else None
        if job is None or job.next_run_time is None:
            return 0
        return int(job.next_run_time.timestamp() * 1000)

    async def run_now(self, name: str, tick_at_ms: int) -> JobRun:
        """A run by hand (hoctl jobs run): one attempt, through the same claim."""
        scheduled = self.plan.job(name)
        if scheduled is None:
            raise KeyError(name)
        run = await in_daemon_thread(
            partial(self.runner.run_tick, scheduled.spec, tick_at_ms, MANUAL, 1)
        )
        if run is None:  # a manual tick already taken raises TickTaken instead
            raise RuntimeError(f"job {name} returned no run")
        return run

    async def _fire(self, name: str, tick: datetime | None = None) -> None:
        scheduled = self.plan.job(name)
        if scheduled is None or tick is None:
            return
        tick_at_ms = int(tick.timestamp() * 1000)
        try:
            await in_daemon_thread(
                partial(self.runner.run_tick, scheduled.spec, tick_at_ms, SCHEDULE)
            )
        except StoreLedgerError as exc:  # the claim or the record could not be written
            self.runner.metrics.ended(name, FAILED)
            log_event(
                log, logging.ERROR, "job tick not run", job=name, tick_at_ms=tick_at_ms,
                error=str(exc),
            )  # fmt: skip
