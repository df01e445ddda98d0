"""The jobs' runner on SQLite and PostgreSQL: one run per tick whoever asks, retries
recorded attempt by attempt with their metrics, a dead process's claim blocking nothing."""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from prometheus_client import CollectorRegistry
from sqlalchemy.engine import Engine

from common.i18n import use_language
from headoffice.config import DEFAULTS
from headoffice.domain.jobs import (
    ABANDONED,
    FAILED,
    MANUAL,
    OK,
    SCHEDULE,
    JobResult,
    TickTaken,
)
from headoffice.jobs import prune_job_runs
from headoffice.jobs.metrics import JobMetrics
from headoffice.jobs.registry import JOBS, JobContext, JobSpec
from headoffice.jobs.runner import JobRunner
from headoffice.services.jobs import claim_tick, job_history, start_run
from headoffice.store.unit_of_work import UnitOfWork

TICK = 1_800_000_000_000
MINUTE = 60_000


class Clock:
    def __init__(self, at_ms: int = TICK) -> None:
        self.at_ms = at_ms

    def __call__(self) -> int:
        return self.at_ms


def _runner(
    engine: Engine,
    holder: str,
    clock: Clock,
    registry: CollectorRegistry | None = None,
    attempts: int = 3,
    backoff_s: int = 0,
) -> JobRunner:
    new_uow: Callable[[], UnitOfWork] = lambda: UnitOfWork(engine)  # noqa: E731
    ctx = JobContext(new_uow, new_uow, copy.deepcopy(DEFAULTS), clock)
    metrics = JobMetrics(registry or CollectorRegistry())
    return JobRunner(ctx, new_uow, metrics, attempts, backoff_s, holder=holder, clock=clock)


def _sample(registry: CollectorRegistry, name: str, **labels: str) -> float | None:
    return registry.get_sample_value(name, labels)


def _history(engine: Engine, job: str = "", now_ms: int = TICK):  # type: ignore[no-untyped-def]
    return job_history(UnitOfWork(engine), job, 100, now_ms, 3_600_000)


def test_two_processes_on_one_tick_run_it_once(engine: Engine) -> None:
    ran: list[str] = []
    spec = JobSpec(
        "count_up", "* * * * *", lambda ctx: ran.append("x") or JobResult("1", {"n": 1}), ""
    )
    first, second = CollectorRegistry(), CollectorRegistry()
    a = _runner(engine, "ho-a:1", Clock(), first)
    b = _runner(engine, "ho-b:2", Clock(), second)
    assert a.run_tick(spec, TICK, SCHEDULE).result == OK  # type: ignore[union-attr]
    assert b.run_tick(spec, TICK, SCHEDULE) is None
    assert ran == ["x"]
    runs = _history(engine, "count_up")
    assert [(r.holder, r.tick_at_ms, r.result, r.counts) for r in runs] == [
        ("ho-a:1", TICK, OK, {"n": 1})
    ]
    assert _sample(first, "storeledger_job_runs_total", job="count_up", result="ok") == 1
    assert _sample(second, "storeledger_job_runs_total", job="count_up", result="skipped") == 1
    assert _sample(second, "storeledger_job_runs_total", job="count_up", result="ok") is None
    # The next tick is a new claim: whoever comes first runs it.
    assert b.run_tick(spec, TICK + MINUTE, SCHEDULE).holder == "ho-b:2"  # type: ignore[union-attr]


def test_racing_claims_of_one_tick_have_one_winner(engine: Engine) -> None:
    def claim(n: int) -> bool:
        claimed, _holder = claim_tick(UnitOfWork(engine), "race", TICK, "", f"h:{n}", TICK)
        return claimed

    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(claim, range(16)))
    assert outcomes.count(True) == 1


def test_a_failing_job_is_retried_then_recorded_failed_with_the_metric(engine: Engine) -> None:
    def broken(ctx: JobContext) -> JobResult:
        raise RuntimeError("supplier feed \x1b[2Jdown")

    registry = CollectorRegistry()
    spec = JobSpec("broken", "* * * * *", broken, "")
    run = _runner(engine, "ho-a:1", Clock(), registry, attempts=3).run_tick(spec, TICK, SCHEDULE)
    assert run is not None and (run.result, run.attempt) == (FAILED, 3)
    runs = _history(engine, "broken")
    assert [(r.attempt, r.result) for r in runs] == [(3, FAILED), (2, FAILED), (1, FAILED)]
    assert runs[0].summary == "RuntimeError: supplier feed \ufffd[2Jdown"
    assert all(r.finished_at_ms >= r.started_at_ms > 0 for r in runs)
    assert _sample(registry, "storeledger_job_runs_total", job="broken", result="failed") == 3
    assert _sample(registry, "storeledger_job_duration_seconds_count", job="broken") == 3
    assert _sample(registry, "storeledger_job_last_success_timestamp_seconds", job="broken") is None


def test_a_job_that_fails_once_succeeds_on_its_second_attempt(engine: Engine) -> None:
    calls: list[int] = []

    def flaky(ctx: JobContext) -> JobResult:
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionError("database went away")
        return JobResult("done", {"stores": 2})

    registry = CollectorRegistry()
    clock = Clock()
    run = _runner(engine, "ho-a:1", clock, registry).run_tick(
        JobSpec("flaky", "* * * * *", flaky, ""), TICK, SCHEDULE
    )
    assert run is not None and (run.result, run.attempt, run.counts) == (OK, 2, {"stores": 2})
    assert [r.result for r in _history(engine, "flaky")] == [OK, FAILED]
    assert _sample(registry, "storeledger_job_runs_total", job="flaky", result="failed") == 1
    assert _sample(registry, "storeledger_job_runs_total", job="flaky", result="ok") == 1
    assert _sample(registry, "storeledger_job_last_success_timestamp_seconds", job="flaky") == (
        run.finished_at_ms / 1000
    )
    # A new process learns the last success from job_runs, not from its own runs.
    fresh = CollectorRegistry()
    _runner(engine, "ho-b:2", clock, fresh).seed_metrics(3_600_000)
    assert _sample(fresh, "storeledger_job_last_success_timestamp_seconds", job="flaky") == (
        run.finished_at_ms / 1000
    )


def test_a_stop_ends_the_wait_between_attempts_at_once(engine: Engine) -> None:
    started = threading.Event()

    def broken(ctx: JobContext) -> JobResult:
        started.set()
        raise RuntimeError("no")

    runner = _runner(engine, "ho-a:1", Clock(), attempts=5, backoff_s=600)
    spec = JobSpec("slow_retry", "* * * * *", broken, "")
    worker = threading.Thread(target=runner.run_tick, args=(spec, TICK, SCHEDULE))
    worker.start()
    assert started.wait(10)
    began = time.monotonic()
    runner.stop()
    worker.join(10)
    assert not worker.is_alive() and time.monotonic() - began < 5
    assert [r.attempt for r in _history(engine, "slow_retry")] == [1]


def test_a_dead_process_claim_blocks_nothing_and_reads_abandoned(engine: Engine) -> None:
    spec = JobSpec("nightly", "0 2 * * *", lambda ctx: JobResult("ok"), "")
    # ho-dead claimed the tick and started, then its process was killed.
    claim_tick(UnitOfWork(engine), "nightly", TICK, "", "ho-dead:9", TICK)
    start_run(UnitOfWork(engine), "nightly", TICK, SCHEDULE, "ho-dead:9", 1, TICK)
    clock = Clock(TICK + 86_400_000)
    run = _runner(engine, "ho-a:1", clock).run_tick(spec, TICK + 86_400_000, SCHEDULE)
    assert run is not None and run.result == OK
    runs = _history(engine, "nightly", now_ms=clock.at_ms)
    assert [(r.holder, r.result) for r in runs] == [("ho-a:1", OK), ("ho-dead:9", ABANDONED)]


def test_a_per_process_job_runs_in_every_process_once_each(engine: Engine) -> None:
    ran: list[str] = []
    spec = JobSpec(
        "gauges", "* * * * *", lambda ctx: ran.append("x") or JobResult(), "", per_process=True
    )
    a, b = _runner(engine, "ho-a:1", Clock()), _runner(engine, "ho-b:2", Clock())
    assert a.run_tick(spec, TICK, SCHEDULE) and b.run_tick(spec, TICK, SCHEDULE)
    assert a.run_tick(spec, TICK, SCHEDULE) is None
    assert len(ran) == 2


def test_a_run_by_hand_on_a_taken_tick_is_refused_with_a_sentence(engine: Engine) -> None:
    spec = JobSpec("by_hand", "* * * * *", lambda ctx: JobResult(), "")
    _runner(engine, "ho-a:1", Clock()).run_tick(spec, TICK, MANUAL, 1)
    with pytest.raises(TickTaken, match="job by_hand has already run, or is running, .*ho-a:1"):
        _runner(engine, "ho-b:2", Clock()).run_tick(spec, TICK, MANUAL, 1)
    assert len(_history(engine, "by_hand")) == 1


def test_prune_deletes_runs_and_claims_older_than_keep_days(engine: Engine) -> None:
    spec = JobSpec("old", "* * * * *", lambda ctx: JobResult(), "")
    clock = Clock(TICK)
    runner = _runner(engine, "ho-a:1", clock)
    runner.run_tick(spec, TICK, SCHEDULE)
    clock.at_ms = TICK + 95 * 86_400_000
    runner.run_tick(spec, clock.at_ms, SCHEDULE)
    result = prune_job_runs.run(runner.ctx)
    assert result.counts == {"runs_deleted": 1, "claims_deleted": 1}
    assert [r.tick_at_ms for r in _history(engine, "old", clock.at_ms)] == [clock.at_ms]


def test_job_summaries_are_said_in_head_offices_language(engine: Engine) -> None:
    """A summary is put into words through the catalogue when the job runs, in the language
    head office runs in (the scheduler's thread has no caller), and kept so in the history."""
    runner = _runner(engine, "ho-a:1", Clock())
    jobs = {spec.name: spec for spec in JOBS}
    with use_language("zh_CN"):
        runner.run_tick(jobs["prune_job_runs"], TICK, SCHEDULE)
        runner.run_tick(jobs["accuracy_gauges"], TICK, SCHEDULE)
    runner.run_tick(jobs["accuracy_gauges"], TICK + MINUTE, SCHEDULE)
    said = {(r.job, r.tick_at_ms): r.summary for r in _history(engine, "", TICK + MINUTE)}
    assert said[("prune_job_runs", TICK)] == "已删除早于 90 天的 0 条运行记录和 0 条认领记录"
    assert said[("accuracy_gauges", TICK)] == "本进程没有准确率指标"
    assert said[("accuracy_gauges", TICK + MINUTE)] == "no gauges in this process"
