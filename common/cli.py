"""What every command-line entry point shares."""

from __future__ import annotations

import os
import sys


def stdout_closed() -> int:
    """The reader of our output went away (`pos stock | head`): stop quietly, exit 1.

    Python would otherwise print a BrokenPipeError traceback while flushing
    stdout at exit; pointing stdout at /dev/null first prevents it.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 1
