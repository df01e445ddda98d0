"""One serving process per data directory."""

from __future__ import annotations

import os

import pytest

from common.errors import ConfigError
from common.runlock import hold_run_lock


def test_a_second_holder_is_refused_naming_the_first(tmp_path):
    fd = hold_run_lock(tmp_path / "run" / "agent.lock", "edge agent")
    try:
        with pytest.raises(ConfigError, match=rf"another edge agent \(pid {os.getpid()}\)"):
            hold_run_lock(tmp_path / "run" / "agent.lock", "edge agent")
    finally:
        os.close(fd)
    os.close(hold_run_lock(tmp_path / "run" / "agent.lock", "edge agent"))  # free again
