"""The chain's points rule from `[points]` in headoffice.toml (common.domain.points.PointsRule):
earn_points per earn_per_minor paid, redeem_points paying redeem_minor, and expiry_months
(points earned in a month expire that many months after it; 0: never). The defaults are
PointsRule's; a bad value refuses head office's start with the rule's own sentence."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from common.domain.loyalty_errors import InvalidLoyaltyInput
from common.domain.points import PointsRule
from common.errors import ConfigError
from common.i18n import _

_DEFAULT = PointsRule()
POINTS_DEFAULTS: dict[str, Any] = {
    "earn_points": _DEFAULT.earn_points,
    "earn_per_minor": _DEFAULT.earn_per_minor,
    "redeem_points": _DEFAULT.redeem_points,
    "redeem_minor": _DEFAULT.redeem_minor,
    "expiry_months": _DEFAULT.expiry_months,
}


def points_rule(config: Mapping[str, Any]) -> PointsRule:
    merged = {**POINTS_DEFAULTS, **{k: v for k, v in config.items() if k in POINTS_DEFAULTS}}
    try:
        return PointsRule(**merged)
    except InvalidLoyaltyInput as exc:
        raise ConfigError(_("[points] {problem}").format(problem=exc)) from exc
