"""Member levels (silver, gold ...) and the rules that lift a member to them, from
`[members] levels` in headoffice.toml.

Levels are listed lowest first; a member reaches a level when, over the level's
`period_days` up to the day it is evaluated, their qualifying spend is at least
`spend_minor` (when above 0) or their points at least `points` (when above 0). The
evaluation only ever raises a level (a downgrade is a decision for people, not a job).
Qualifying spend today is what the member paid from stored value, net of refunds: the
only spend head office can tie to a member until member sales come up from the tills.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from common.errors import ConfigError
from common.i18n import _

BASE_LEVEL = "member"
LEVEL_DEFAULTS: dict[str, Any] = {
    "levels": [
        {"name": "silver", "spend_minor": 100_000, "points": 0, "period_days": 365},
        {"name": "gold", "spend_minor": 500_000, "points": 0, "period_days": 365},
    ]
}
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
    for n, raw in enumerate(config.get("levels", []), start=1):
        try:
            rule = LevelRule(
                str(raw["name"]).strip(),
                int(raw.get("spend_minor", 0)),
                int(raw.get("points", 0)),
                int(raw.get("period_days", 365)),
            )
            numbers = (raw.get("spend_minor", 0), raw.get("points", 0), raw.get("period_days", 365))
            if any(isinstance(v, bool) or not isinstance(v, int) for v in numbers):
                raise ValueError
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ConfigError(
                _(
                    "[members] levels entry {n} must have a name and whole numbers spend_minor, "
                    "points and period_days"
                ).format(n=n)
            ) from exc
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
