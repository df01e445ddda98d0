"""A log line that repeats at most once per interval per key.

A store whose batches head office refuses sends the same batch again and is
refused again, for as long as the cause lasts: one line per refusal buried
both logs (issue 12, failure 11). Both sides log such an event through a
ThrottledLog keyed by what makes it the same (store and reason at head office,
reason and entry at the store): the first at once, then at most one per
interval, which says how many it stands for (`repeats`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Hashable

from common.logs import log_event

DEFAULT_INTERVAL_S = 60.0
MAX_KEYS = 4096  # keys remembered at once; the oldest go first (hundreds of stores x reasons)


class ThrottledLog:
    """Logs an event at most once per `interval_s` for each key; counts the rest."""

    def __init__(
        self,
        logger: logging.Logger,
        interval_s: float = DEFAULT_INTERVAL_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._log = logger
        self._interval_s = interval_s
        self._clock = clock
        # key -> [when last logged, repeats not logged since]
        self._seen: dict[Hashable, list[float]] = {}

    def event(self, key: Hashable, level: int, event: str, **fields: object) -> bool:
        """Log the event unless the key was logged less than an interval ago; True if logged.

        A line after quiet repeats carries `repeats`: how many times the event
        happened since the last line for its key, this one included.
        """
        now = self._clock()
        seen = self._seen.get(key)
        if seen is not None and now - seen[0] < self._interval_s:
            seen[1] += 1
            return False
        if seen is not None and seen[1]:
            fields = {**fields, "repeats": int(seen[1]) + 1}
        self._remember(key, now)
        log_event(self._log, level, event, **fields)
        return True

    def forget(self, key: Hashable) -> int:
        """Start the key afresh (its cause is over); the repeats that were not logged."""
        seen = self._seen.pop(key, None)
        return 0 if seen is None else int(seen[1])

    def _remember(self, key: Hashable, now: float) -> None:
        self._seen.pop(key, None)  # re-inserted last: the dict stays in order of logging
        self._seen[key] = [now, 0]
        while len(self._seen) > MAX_KEYS:
            del self._seen[next(iter(self._seen))]
