"""[points] in headoffice.toml: defaults, a setting taken, a wrong value refused."""

from __future__ import annotations

import pytest

from common.domain.points import PointsRule
from common.errors import ConfigError
from headoffice.domain.points_config import points_rule


def test_the_points_rule_from_configuration() -> None:
    assert points_rule({}) == PointsRule()
    assert points_rule({"redeem_points": 10, "redeem_minor": 1}).redeem_points == 10
    with pytest.raises(ConfigError, match=r"\[points\] points rule redeem_minor"):
        points_rule({"redeem_minor": 0})
