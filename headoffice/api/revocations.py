"""Head office's revocation list in memory, so checking a call's certificate costs no query.

The list (headoffice.domain.certificates.RevocationList) is loaded from the
database at most every MAX_AGE_S seconds, and again at the next call after a
reissue or revoke on this server (`invalidate`). Another head-office replica
sees a revoke within MAX_AGE_S. A reload that fails keeps the list it has and
tries again a second later; with no list at all the call fails UNAVAILABLE.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from common.logs import log_event
from headoffice.domain.certificates import RevocationList
from headoffice.domain.errors import DatabaseUnavailable

log = logging.getLogger(__name__)

MAX_AGE_S = 10.0
RETRY_S = 1.0


class RevocationCache:
    def __init__(
        self,
        load: Callable[[], RevocationList],
        max_age_s: float = MAX_AGE_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._load = load
        self._max_age_s = max_age_s
        self._clock = clock
        self._list: RevocationList | None = None
        self._next_load_at = 0.0
        self._lock = asyncio.Lock()
        self.loads = 0  # how many times the list was read from the database

    def invalidate(self) -> None:
        """Read the list again at the next call (a reissue or revoke has just committed)."""
        self._next_load_at = 0.0

    async def current(self) -> RevocationList:
        if self._list is not None and self._clock() < self._next_load_at:
            return self._list
        async with self._lock:
            if self._list is not None and self._clock() < self._next_load_at:
                return self._list  # another call reloaded it while this one waited
            try:
                self._list = await asyncio.to_thread(self._load)
            except DatabaseUnavailable as exc:
                if self._list is None:
                    raise
                log_event(
                    log, logging.WARNING, "revocation list not reloaded; using the last one",
                    reason=str(exc),
                )  # fmt: skip
                self._next_load_at = self._clock() + RETRY_S
                return self._list
            self.loads += 1
            self._next_load_at = self._clock() + self._max_age_s
            return self._list
