"""Refusals logged once per minute per peer and reason, with how many there were.

A refused client retries (an edge agent every few seconds, forever): one log
line per attempt would bury everything else. `RefusalLog` logs a key (peer
host and reason) the first time it is refused, then at most once per window
for the same key, each line saying how many refusals it stands for (`count`).
`flush()`, called now and then, writes the line for a window that ended with
refusals not yet logged, so a client that stops retrying is still counted.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from common.logs import log_event

WINDOW_S = 60.0
MAX_KEYS = 10_000  # a scan from many addresses must not grow this without bound


@dataclass
class _Window:
    logged_at: float
    unlogged: int
    fields: dict[str, object]


class RefusalLog:
    """One `event` line per key per window (thread-safe: the C-core log reader and the
    event loop both refuse)."""

    def __init__(
        self,
        logger: logging.Logger,
        event: str,
        window_s: float = WINDOW_S,
        clock: Callable[[], float] = time.monotonic,
        level: int = logging.WARNING,
    ) -> None:
        self._log = logger
        self._event = event
        self._window_s = window_s
        self._clock = clock
        self._level = level
        self._lock = threading.Lock()
        self._windows: dict[Hashable, _Window] = {}

    def refused(self, key: Hashable, **fields: object) -> bool:
        """Count one refusal; log it if its key was not logged within the window. True: logged."""
        with self._lock:
            now = self._clock()
            window = self._windows.get(key)
            if window is not None and now - window.logged_at < self._window_s:
                window.unlogged += 1
                window.fields = fields
                return False
            count = 1 + (window.unlogged if window is not None else 0)
            self._windows[key] = _Window(now, 0, fields)
            self._forget_idle(now)
        log_event(self._log, self._level, self._event, **fields, count=count)
        return True

    def flush(self, everything: bool = False) -> int:
        """Log the refusals of windows that have ended (of every window: `everything`, as the
        server stops); returns how many lines it wrote."""
        lines: list[tuple[dict[str, object], int]] = []
        with self._lock:
            now = self._clock()
            for window in self._windows.values():
                if window.unlogged and (everything or now - window.logged_at >= self._window_s):
                    lines.append((window.fields, window.unlogged))
                    window.logged_at, window.unlogged = now, 0
            self._forget_idle(now)
        for fields, count in lines:
            log_event(self._log, self._level, self._event, **fields, count=count)
        return len(lines)

    def _forget_idle(self, now: float) -> None:
        idle = [
            key
            for key, window in self._windows.items()
            if not window.unlogged and now - window.logged_at >= self._window_s
        ]
        for key in idle:
            del self._windows[key]
        while len(self._windows) > MAX_KEYS:
            del self._windows[next(iter(self._windows))]
