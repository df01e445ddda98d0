"""The simulator's process helpers: a command that hangs is a ChainError with a sentence (the
run ends with it, not with a traceback), and stores open a few at a time."""

from __future__ import annotations

import sys

import pytest

from sim.processes import ChainError, run
from sim.runner import opening_at_once


def test_a_command_that_does_not_finish_in_time_is_a_chain_error_saying_so() -> None:
    with pytest.raises(ChainError, match=r"did not finish in 0.3s"):
        run([sys.executable, "-c", "import time; time.sleep(5)"], timeout_s=0.3)


def test_a_command_that_fails_is_a_chain_error_with_its_output() -> None:
    with pytest.raises(ChainError, match=r"exited 3:\nout\n"):
        run([sys.executable, "-c", "import sys; print('out'); sys.exit(3)"])


def test_stores_open_two_per_cpu_at_most() -> None:
    assert 2 <= opening_at_once() <= 2 * 256
