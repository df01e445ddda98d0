"""[members] offline_allowance_minor in edge.toml: the default, 0, a wrong value refused."""

from __future__ import annotations

import pytest

from common.errors import ConfigError
from edge_agent.config import DEFAULTS
from edge_agent.services.policy import TillPolicy


def test_the_offline_allowance_from_configuration() -> None:
    assert TillPolicy.from_config(DEFAULTS).offline_allowance_minor == 10_000
    off = TillPolicy.from_config({**DEFAULTS, "members": {"offline_allowance_minor": 0}})
    assert off.offline_allowance_minor == 0
    with pytest.raises(ConfigError, match="offline_allowance_minor must be a whole number"):
        TillPolicy.from_config({**DEFAULTS, "members": {"offline_allowance_minor": -1}})
