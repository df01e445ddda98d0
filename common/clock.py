"""Wall-clock time as integer milliseconds since the Unix epoch.

STORELEDGER_CLOCK_OFFSET_MS (a signed integer, default 0) moves this process's clock: the chain
simulator (sim/faults.py) starts an edge agent with its clock hours wrong through it, as a till
whose clock was set badly would be. It is read once, on the first reading of the clock.
"""

import functools
import os
import time

OFFSET_ENV = "STORELEDGER_CLOCK_OFFSET_MS"


@functools.cache
def _offset_ms() -> int:
    text = os.environ.get(OFFSET_ENV, "").strip()
    try:
        return int(text) if text else 0
    except ValueError:
        raise ValueError(
            f"{OFFSET_ENV} must be a whole number of milliseconds, got {text!r}"
        ) from None


def now_ms() -> int:
    return time.time_ns() // 1_000_000 + _offset_ms()
