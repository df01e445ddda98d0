"""Member levels (silver, gold ...) and the rules that lift a member to them, from
`[members] levels` in headoffice.toml.

Levels are listed lowest first (`NAME:SPEND_MINOR:POINTS:PERIOD_DAYS`, comma-separated); a member reaches a level when, over the level's
`period_days` up to the day it is evaluated, their qualifying spend is at least
`spend_minor` (when above 0) or their points at least `points` (when above 0). The
evaluation only ever raises a level (a downgrade is a decision for people, not a job).
Qualifying spend today is what the member paid from stored value, net of refunds: the
only spend head office can tie to a member until member sales come up from the tills.
Qualifying points are the points earned in the period, net of their reversals on returns
(`earned_points`): spending or expiring points does not lower a level's figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from common.domain.points_ledger import EARN, REVERSE, PointsEntry
from common.errors import ConfigError
from common.i18n import _

BASE_LEVEL = "member"
# NAME:SPEND_MINOR:POINTS:PERIOD_DAYS, comma-separated, lowest first ("" for no levels).
LEVEL_DEFAULTS: dict[str, Any] = {"levels": "silver:100000:0:365,gold:500000:0:365"}
MAX_PERIOD_DAYS = 3660
MAX_THRESHOLD = 10**11


@dataclass(frozen=True)
class LevelRule:
    name: str
    spend_minor: int
    points: int
    period_days: int


@dataclass(frozen=True)
class Qualifying:
    """A member's figures over one level's period."""

    spend_minor: int
    points: int


def level_rules(config: dict[str, Any]) -> tuple[LevelRule, ...]:
    """The configured levels, lowest first; a bad one is a ConfigError naming it."""
    rules = []
    seen = {BASE_LEVEL}
    for n, text in enumerate(filter(None, str(config.get("levels", "")).split(",")), start=1):
        parts = text.strip().split(":")
        if len(parts) != 4 or not all(p.isdigit() for p in parts[1:]):
            raise ConfigError(
                _(
                    "[members] levels entry {n} ({text}) must be NAME:SPEND_MINOR:POINTS:"
                    "PERIOD_DAYS in whole numbers, e.g. silver:100000:0:365"
                ).format(n=n, text=repr(text.strip()))
            )
        rule = LevelRule(parts[0].strip(), int(parts[1]), int(parts[2]), int(parts[3]))
        if (
            not rule.name
            or rule.name in seen
            or not 0 <= rule.spend_minor <= MAX_THRESHOLD
            or not 0 <= rule.points <= MAX_THRESHOLD
            or not 1 <= rule.period_days <= MAX_PERIOD_DAYS
            or (rule.spend_minor == 0 and rule.points == 0)
        ):
            raise ConfigError(
                _(
                    "[members] levels entry {n} ({name}) needs a new name, spend_minor or points "
                    "above 0 (at most 100000000000) and period_days from 1 to 3660"
                ).format(n=n, name=repr(rule.name))
            )
        seen.add(rule.name)
        rules.append(rule)
    return tuple(rules)


def earned_points(entries: list[PointsEntry], since_ms: int) -> int:
    """Points earned from `since_ms` on, less what returns took back of them."""
    return sum(e.points for e in entries if e.kind in (EARN, REVERSE) and e.at_ms >= since_ms)


def rank(rules: tuple[LevelRule, ...], level: str) -> int:
    """0 for the base level (or one no longer configured), then 1, 2 ... lowest first."""
    for n, rule in enumerate(rules, start=1):
        if rule.name == level:
            return n
    return 0


def reached(rule: LevelRule, figures: Qualifying) -> bool:
    return (rule.spend_minor > 0 and figures.spend_minor >= rule.spend_minor) or (
        rule.points > 0 and figures.points >= rule.points
    )


def new_level(rules: tuple[LevelRule, ...], current: str, figures: dict[str, Qualifying]) -> str:
    """The highest level reached (figures by level name), if above `current`; else `current`."""
    best = current
    for rule in rules:
        if reached(rule, figures[rule.name]) and rank(rules, rule.name) > rank(rules, best):
            best = rule.name
    return best
