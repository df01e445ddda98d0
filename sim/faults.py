"""The faults a FaultProxy applies, as plain state shared by the caller's thread and the proxy's
event loop: what to do to the next chunk or the next connection, decided in one place.

Every setter replaces the previous value of its kind ("the latest call wins"); heal() clears all.
The random draws (drop rolls, jitter) come from one seeded generator so a run can be repeated,
though which chunk is hit also depends on how the kernel split the stream into reads.
"""

from __future__ import annotations

import math
import random
import threading
import time
from dataclasses import dataclass

UPSTREAM = "upstream"
DOWNSTREAM = "downstream"
DIRECTIONS = (UPSTREAM, DOWNSTREAM)


def check_direction(direction: str) -> str:
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be 'upstream' or 'downstream', not {direction!r}")
    return direction


@dataclass(frozen=True)
class CutAfter:
    """Reset one connection once exactly n_bytes have gone in direction."""

    n_bytes: int
    direction: str


class Faults:
    """Thread-safe fault settings; the proxy asks it per chunk and per accepted connection."""

    def __init__(self, seed: int = 0) -> None:
        self._lock = threading.Lock()
        self._rng = random.Random(seed)
        self._delay_ms = 0
        self._jitter_ms = 0
        self._drop_pct = 0
        self._cut_after: CutAfter | None = None
        self._partition_until: float | None = None  # time.monotonic(); math.inf = until heal()

    # setters (caller's thread)

    def set_delay(self, ms: int, jitter_ms: int = 0) -> None:
        if ms < 0 or jitter_ms < 0:
            raise ValueError(f"delay and jitter must be 0 or more ms, not {ms} and {jitter_ms}")
        with self._lock:
            self._delay_ms, self._jitter_ms = int(ms), int(jitter_ms)

    def set_drop(self, probability_pct: int) -> None:
        if not 0 <= probability_pct <= 100:
            raise ValueError(f"drop probability must be 0 to 100%, not {probability_pct}%")
        with self._lock:
            self._drop_pct = int(probability_pct)

    def set_cut_after(self, n_bytes: int, direction: str) -> None:
        if n_bytes < 0:
            raise ValueError(f"cut_after needs 0 or more bytes, not {n_bytes}")
        with self._lock:
            self._cut_after = CutAfter(int(n_bytes), check_direction(direction))

    def set_partition(self, seconds: float | None) -> None:
        if seconds is not None and seconds < 0:
            raise ValueError(f"a partition lasts 0 or more seconds, not {seconds}")
        with self._lock:
            self._partition_until = (
                math.inf if seconds is None else time.monotonic() + float(seconds)
            )

    def clear(self) -> None:
        with self._lock:
            self._delay_ms = self._jitter_ms = self._drop_pct = 0
            self._cut_after = None
            self._partition_until = None

    # queries (proxy's event loop)

    def hold_seconds(self) -> float:
        """How long to hold the chunk just read: the delay plus 0..jitter ms (never less)."""
        with self._lock:
            if not self._delay_ms and not self._jitter_ms:
                return 0.0
            jitter = self._rng.randint(0, self._jitter_ms) if self._jitter_ms else 0
            return (self._delay_ms + jitter) / 1000.0

    def roll_drop(self) -> bool:
        with self._lock:
            if self._drop_pct <= 0:
                return False
            return self._drop_pct >= 100 or self._rng.randrange(100) < self._drop_pct

    def take_cut_after(self) -> CutAfter | None:
        """The pending cut_after, cleared: it applies to one connection only."""
        with self._lock:
            cut, self._cut_after = self._cut_after, None
            return cut

    def partitioned(self) -> bool:
        with self._lock:
            if self._partition_until is None:
                return False
            if time.monotonic() >= self._partition_until:
                self._partition_until = None
                return False
            return True
