"""The scheduler on a real event loop: ticks fire on whole seconds, and a stop (SIGTERM in
`headoffice serve`) returns at once while a job is still running, on both databases."""

from __future__ import annotations

import asyncio
import copy
import threading
import time

from prometheus_client import CollectorRegistry
from sqlalchemy.engine import Engine

from common.clock import now_ms
from headoffice.config import DEFAULTS
from headoffice.domain.jobs import OK, RUNNING, JobResult
from headoffice.jobs.metrics import JobMetrics
from headoffice.jobs.registry import JobContext, JobSpec, config_defaults
from headoffice.jobs.runner import JobRunner
from headoffice.jobs.schedule import job_plan
from headoffice.jobs.scheduler import HeadOfficeJobs
from headoffice.services.jobs import job_history
from headoffice.store.unit_of_work import UnitOfWork
from scripts.chain import wait_for


def test_a_stop_returns_at_once_while_a_job_runs(engine: Engine) -> None:
    started, release = threading.Event(), threading.Event()

    def slow(ctx: JobContext) -> JobResult:
        started.set()
        release.wait(60)
        return JobResult("late", {"n": 1})

    spec = JobSpec("slow", "* * * * *", slow, "")
    config = copy.deepcopy(DEFAULTS)
    config["jobs"] = {**config_defaults((spec,)), "test_every_s": 1}
    plan = job_plan(config, None, {}, jobs=(spec,))
    new_uow = lambda: UnitOfWork(engine)  # noqa: E731
    ctx = JobContext(new_uow, new_uow, config, now_ms)
    runner = JobRunner(ctx, new_uow, JobMetrics(CollectorRegistry()), 1, 0, holder="ho:1")
    jobs = HeadOfficeJobs(plan, runner)

    async def serve_then_stop() -> tuple[int, float]:
        await jobs.start()
        next_ms = jobs.next_run_ms("slow")
        while not started.is_set():
            await asyncio.sleep(0.02)
        began = time.monotonic()
        jobs.stop()
        return next_ms, time.monotonic() - began

    began = time.monotonic()
    next_ms, stopping_s = asyncio.run(serve_then_stop())
    assert next_ms % 1_000 == 0 and next_ms > 0
    assert stopping_s < 0.5 and time.monotonic() - began < 10
    assert not release.is_set()  # the job was still running when the loop ended
    runs = job_history(UnitOfWork(engine), "slow", 10, now_ms(), 3_600_000)
    assert [r.result for r in runs] == [RUNNING]
    # The thread the loop did not wait for still records its run when the job ends.
    release.set()

    def finished() -> bool:
        found = job_history(UnitOfWork(engine), "slow", 10, now_ms(), 3_600_000)
        return [r.result for r in found] == [OK]

    wait_for("the abandoned thread to record its run", finished, timeout_s=10)
