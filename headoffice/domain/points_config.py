"""[points] in headoffice.toml: the chain's points rule (common.domain.points.PointsRule).

    earn_points / earn_per_minor     points earned for every so many fen paid
    redeem_points / redeem_minor     points that pay so many fen (MemberTill.PayWithPoints)
    expiry_months                    points expire this many months after the month earned

A wrong value stops head office's start with its sentence (PointsRule checks the ranges).
"""

from __future__ import annotations

from typing import Any

from common.domain.loyalty_errors import InvalidLoyaltyInput
from common.domain.points import PointsRule
from common.errors import ConfigError

_RULE = PointsRule()
POINTS_DEFAULTS: dict[str, int] = {
    "earn_points": _RULE.earn_points,
    "earn_per_minor": _RULE.earn_per_minor,
    "redeem_points": _RULE.redeem_points,
    "redeem_minor": _RULE.redeem_minor,
    "expiry_months": _RULE.expiry_months,
}


def points_rule(config: dict[str, Any]) -> PointsRule:
    merged = {**POINTS_DEFAULTS, **config}
    try:
        return PointsRule(
            earn_points=merged["earn_points"],
            earn_per_minor=merged["earn_per_minor"],
            redeem_points=merged["redeem_points"],
            redeem_minor=merged["redeem_minor"],
            expiry_months=merged["expiry_months"],
        )
    except InvalidLoyaltyInput as exc:
        raise ConfigError("[points] " + str(exc)) from exc
