"""[jobs] of headoffice.toml, read and checked before head office serves (docs/jobs.md).

A cron expression that does not parse, an unknown time zone or a setting out of range
stops the start with one sentence naming where the value came from: the file's line
(`headoffice.toml line 31: [jobs] replenishment = "61 2 * * *" ...`) or the environment
variable that overrode it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from common.errors import ConfigError
from common.i18n import _
from headoffice.config import ENV_PREFIX
from headoffice.jobs.registry import JOBS, JobSpec

SECTION = "jobs"
# Interval ticks start here so every process computes the same ticks (test_every_s).
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
RANGES = {  # setting: (least, most)
    "attempts": (1, 10),
    "retry_backoff_s": (0, 3_600),
    "lease_s": (60, 7 * 86_400),
    "keep_days": (1, 3_650),
    "test_every_s": (0, 3_600),
    "auto_approve_transfers_below_minor": (0, 10**12),
}


@dataclass(frozen=True)
class Scheduled:
    spec: JobSpec
    enabled: bool
    cron: str
    trigger: BaseTrigger

    @property
    def name(self) -> str:
        return self.spec.name

    def shown(self, every_s: int) -> str:
        return f"every {every_s} s" if every_s else self.cron


@dataclass(frozen=True)
class JobPlan:
    """Every job with its checked schedule, and the settings the runner follows."""

    jobs: tuple[Scheduled, ...]
    timezone: tzinfo
    attempts: int
    retry_backoff_s: int
    lease_s: int
    test_every_s: int
    auto_approve_transfers_below_minor: int

    def job(self, name: str) -> Scheduled | None:
        return next((j for j in self.jobs if j.name == name), None)


def job_plan(
    config: Mapping[str, Mapping[str, Any]],
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
    jobs: tuple[JobSpec, ...] = JOBS,
) -> JobPlan:
    """The plan from [jobs], or ConfigError naming the line or variable of a bad value."""
    section = config[SECTION]
    where = _Where(config_file, os.environ if environ is None else environ)
    numbers: dict[str, int] = {}
    for key, (least, most) in RANGES.items():
        value = int(section[key])
        if not least <= value <= most:
            raise ConfigError(
                _("{where}: [jobs] {key} = {value} must be between {least} and {most}").format(
                    where=where(key), key=key, value=value, least=least, most=most
                )
            )
        numbers[key] = value
    zone = _zone(str(section["timezone"]), where)
    every_s = numbers["test_every_s"]
    scheduled = []
    for spec in jobs:
        cron = str(section[spec.name])
        scheduled.append(
            Scheduled(
                spec,
                bool(section[f"{spec.name}_enabled"]),
                cron,
                _trigger(spec.name, cron, zone, every_s, where),
            )
        )
    return JobPlan(
        tuple(scheduled), zone, numbers["attempts"], numbers["retry_backoff_s"],
        numbers["lease_s"], every_s, numbers["auto_approve_transfers_below_minor"],
    )  # fmt: skip


def _trigger(key: str, cron: str, zone: tzinfo, every_s: int, where: _Where) -> BaseTrigger:
    try:
        trigger: BaseTrigger = CronTrigger.from_crontab(cron, timezone=zone)
    except ValueError as exc:
        raise ConfigError(
            _(
                "{where}: [jobs] {key} = {value} is not a cron expression of five fields "
                '(minute hour day-of-month month day-of-week, e.g. "30 2 * * *"): {problem}'
            ).format(where=where(key), key=key, value=repr(cron), problem=exc)
        ) from exc
    if every_s:
        return IntervalTrigger(seconds=every_s, start_date=EPOCH, timezone=UTC)
    return trigger


def _zone(name: str, where: _Where) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(
            _(
                "{where}: [jobs] timezone = {value} is not a time zone name such as "
                '"UTC" or "Asia/Shanghai"'
            ).format(where=where("timezone"), value=repr(name))
        ) from exc


class _Where:
    """Where a [jobs] setting came from, for a sentence: the variable, the line, the default."""

    def __init__(self, config_file: Path | None, environ: Mapping[str, str]) -> None:
        self._file = config_file
        self._environ = environ

    def __call__(self, key: str) -> str:
        variable = f"{ENV_PREFIX}_{SECTION}_{key}".upper()
        if variable in self._environ:
            return _("environment variable {name}").format(name=variable)
        line = _line_of(self._file, key) if self._file else 0
        if line:
            return _("{file} line {line}").format(file=self._file, line=line)
        return _("the default")


def _line_of(path: Path, key: str) -> int:
    """The line of `key = ...` inside [jobs] of a TOML file (0: not there)."""
    try:
        lines = path.read_text().splitlines()
    except OSError:
        return 0
    section = ""
    assignment = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for number, text in enumerate(lines, start=1):
        header = re.match(r"^\s*\[([^\]]+)\]", text)
        if header:
            section = header.group(1).strip()
        elif section == SECTION and assignment.match(text):
            return number
    return 0
