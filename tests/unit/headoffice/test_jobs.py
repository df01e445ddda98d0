"""Scheduled jobs without a database: [jobs] checked at start, results, retry delays."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from common.config import load_config, write_config
from common.errors import ConfigError, InvalidInput
from headoffice.config import DEFAULTS, ENV_PREFIX
from headoffice.domain.jobs import (
    ABANDONED,
    RUNNING,
    SUMMARY_LIMIT,
    JobResult,
    JobRun,
    UnknownJob,
    auto_approves_transfer,
    check_history_limit,
    check_job,
    retry_delays_s,
    summary_text,
)
from headoffice.jobs.registry import JOBS
from headoffice.jobs.schedule import job_plan


def _config_file(tmp_path: Path, **jobs: object) -> Path:
    config = copy.deepcopy(DEFAULTS)
    config["jobs"].update(jobs)
    path = tmp_path / "headoffice.toml"
    write_config(path, config)
    return path


def _plan(path: Path, environ: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    config = load_config(path, DEFAULTS, ENV_PREFIX, environ or {})
    return job_plan(config, path, environ or {})


def test_the_defaults_schedule_every_job_on_its_cron(tmp_path: Path) -> None:
    plan = _plan(_config_file(tmp_path))
    assert [j.name for j in plan.jobs] == [spec.name for spec in JOBS]
    assert all(isinstance(j.trigger, CronTrigger) and j.enabled for j in plan.jobs)
    assert (plan.attempts, plan.retry_backoff_s, plan.test_every_s) == (3, 30, 0)


def test_a_cron_that_does_not_parse_is_refused_with_its_line(tmp_path: Path) -> None:
    path = _config_file(tmp_path, prune_job_runs="61 3 * * *")
    line = next(
        n for n, text in enumerate(path.read_text().splitlines(), 1)
        if text.startswith("prune_job_runs =")
    )  # fmt: skip
    with pytest.raises(ConfigError) as refused:
        _plan(path)
    said = str(refused.value)
    assert said.startswith(f"{path} line {line}: [jobs] prune_job_runs = '61 3 * * *'")
    assert "is not a cron expression of five fields" in said and "59" in said


def test_a_cron_with_four_fields_from_the_environment_names_the_variable(tmp_path: Path) -> None:
    name = "STORELEDGER_HO_JOBS_ACCURACY_GAUGES"
    with pytest.raises(
        ConfigError, match=f"^environment variable {name}: .*Wrong number of fields; got 4"
    ):
        _plan(_config_file(tmp_path), {name: "*/5 * * *"})


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("attempts", 0, "attempts = 0 must be between 1 and 10"),
        ("retry_backoff_s", -1, "retry_backoff_s = -1 must be between 0 and 3600"),
        ("test_every_s", 5000, "test_every_s = 5000 must be between 0 and 3600"),
        ("timezone", "Mars/Olympus", "timezone = 'Mars/Olympus' is not a time zone name"),
    ],
)
def test_settings_out_of_range_are_refused_with_their_line(
    tmp_path: Path, key: str, value: object, expected: str
) -> None:
    with pytest.raises(ConfigError, match=r"headoffice\.toml line \d+: \[jobs\] " + expected):
        _plan(_config_file(tmp_path, **{key: value}))


def test_test_every_s_fires_every_job_on_ticks_every_process_shares(tmp_path: Path) -> None:
    plan = _plan(_config_file(tmp_path, test_every_s=3))
    triggers = [j.trigger for j in plan.jobs]
    assert all(isinstance(t, IntervalTrigger) for t in triggers)
    first = triggers[0].get_next_fire_time(None, triggers[0].start_date)
    assert int(first.timestamp()) % 3 == 0  # aligned to the epoch, not to the start
    assert plan.jobs[0].shown(plan.test_every_s) == "every 3 s"


def test_a_disabled_job_stays_in_the_plan_unscheduled(tmp_path: Path) -> None:
    plan = _plan(_config_file(tmp_path, prune_job_runs_enabled=False))
    assert {j.name: j.enabled for j in plan.jobs} == {
        "accuracy_gauges": True,
        "evaluate_alerts": True,
        "expire_points": True,
        "expire_stored_value": True,
        "reconcile_vouchers": True,
        "replenishment": True,
        "prune_job_runs": False,
        "report_snapshots": True,
    }


def test_retry_delays_double_from_the_backoff() -> None:
    assert retry_delays_s(1, 30) == []
    assert retry_delays_s(4, 30) == [30, 60, 120]


def test_a_summary_is_printable_one_line_and_short() -> None:
    assert summary_text("bad\x1b[31m\nthing\u202e") == "bad\ufffd[31m thing\ufffd"
    long = summary_text("x" * 2_000)
    assert len(long) == SUMMARY_LIMIT and long.endswith("…")


def test_a_result_count_must_be_a_whole_number() -> None:
    assert JobResult("ok", {"stores": 3}).counts == {"stores": 3}
    with pytest.raises(TypeError):
        JobResult("ok", {"share": 0.5})  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        JobResult("ok", {"done": True})


def test_an_unfinished_run_past_the_lease_reads_abandoned() -> None:
    run = JobRun(1, "j", 0, "schedule", "h:1", 1_000, 0, 0, RUNNING, 1, "", {})
    assert run.seen_at(1_000 + 60_000, 60_000).result == RUNNING
    assert run.seen_at(1_000 + 60_001, 60_000).result == ABANDONED


def test_history_limits_and_job_names_are_checked() -> None:
    assert check_history_limit(0) == 50
    assert check_history_limit(1_000) == 1_000
    with pytest.raises(InvalidInput, match="between 1 and 1000, got 1001"):
        check_history_limit(1_001)
    with pytest.raises(UnknownJob, match="there is no job 'nope'; the jobs are a, b"):
        check_job("nope", ["a", "b"])


def test_the_example_config_in_deploy_names_every_job_and_loads() -> None:
    path = Path(__file__).resolve().parents[3] / "deploy" / "config" / "headoffice.toml"
    text = path.read_text()
    for spec in JOBS:
        assert f"\n{spec.name} = " in text and f"\n{spec.name}_enabled = " in text
    plan = _plan(path)
    assert plan.test_every_s == 0 and all(j.enabled for j in plan.jobs)


def test_transfers_under_the_chosen_limit_are_approved_by_the_run() -> None:
    assert not auto_approves_transfer(100, 0)  # no limit chosen: a person approves
    assert auto_approves_transfer(9_999, 10_000)
    assert not auto_approves_transfer(10_000, 10_000)
    assert not auto_approves_transfer(-1, 10_000)


def test_an_auto_approve_limit_below_zero_is_refused_with_its_line(tmp_path: Path) -> None:
    path = _config_file(tmp_path, auto_approve_transfers_below_minor=-5)
    with pytest.raises(
        ConfigError, match=r"line \d+: \[jobs\] auto_approve_transfers_below_minor = -5"
    ):
        _plan(path)
    assert (
        _plan(
            _config_file(tmp_path, auto_approve_transfers_below_minor=50_000)
        ).auto_approve_transfers_below_minor
        == 50_000
    )
