"""When the ledger's disk refuses writes (it is full, or a file-size limit holds): which SQLite
errors say so, the sentence the caller gets, and one log line when it starts and one when it ends.

Such a write rolls back whole: SQLite undoes the transaction, and WAL frames that never got their
commit record are ignored by every reader, so nothing of a refused sale is in the ledger and
nothing committed before is touched. The caller is told so (LedgerFull, RESOURCE_EXHAUSTED) and
may take the same sale again, with the same idempotency key, once space is freed.

A full disk lasts: every till action and every sync acknowledgement meets it, so the log says
it once when the first write is refused and once when a write succeeds again (with how many
were refused and for how long), never once a write.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from pathlib import Path
from typing import TypeGuard

from common.clock import now_ms
from common.i18n import _
from common.logs import log_event
from edge_agent.domain.errors import LedgerFull

log = logging.getLogger(__name__)

# SQLITE_FULL: no space (ENOSPC, or a short write); SQLite reports a write the kernel refused
# outright (EFBIG under RLIMIT_FSIZE, EIO) as one of the I/O errors of writing.
WRITE_REFUSED = frozenset(
    {
        sqlite3.SQLITE_FULL,
        sqlite3.SQLITE_IOERR_WRITE,
        sqlite3.SQLITE_IOERR_FSYNC,
        sqlite3.SQLITE_IOERR_DIR_FSYNC,
        sqlite3.SQLITE_IOERR_TRUNCATE,
        sqlite3.SQLITE_IOERR_SHMSIZE,
    }
)


def is_refused_write(exc: BaseException) -> TypeGuard[sqlite3.Error]:
    return isinstance(exc, sqlite3.Error) and getattr(exc, "sqlite_errorcode", 0) in WRITE_REFUSED


class WriteHealth:
    """Whether the ledger's disk takes writes, as the last write found it (thread-safe)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._refused_since: float | None = None  # time.monotonic() of the first refusal
        self.refusing_since_ms = 0  # the store's clock at the first refusal; 0 while writable
        self._refused_now = 0  # writes refused since then
        self.refused_total = 0  # writes refused since the agent started

    @property
    def refusing(self) -> bool:
        return self._refused_since is not None

    def refused(self, exc: sqlite3.Error) -> LedgerFull:
        """Note a refused write; the error to raise (from exc) in its place."""
        with self._lock:
            first = self._refused_since is None
            if first:
                self._refused_since = time.monotonic()
                self.refusing_since_ms = now_ms()
                self._refused_now = 0
            self._refused_now += 1
            self.refused_total += 1
        if first:
            log_event(
                log, logging.ERROR, "store ledger cannot be written: disk full",
                path=str(self.path), error=str(exc),
                hint="till actions are refused and nothing is recorded until space is freed; "
                "what was committed before is kept and still syncs",
            )  # fmt: skip
        return LedgerFull(
            _(
                "nothing was recorded: the store ledger {path} cannot be written, its disk is "
                "full or refuses writes ({error}); free space on the store computer, then try "
                "again"
            ).format(path=self.path, error=exc)
        )

    def wrote(self) -> None:
        """A write committed: the disk takes writes (again)."""
        if self._refused_since is None:  # the usual case, without the lock
            return
        with self._lock:
            since, refused = self._refused_since, self._refused_now
            self._refused_since = None
            self.refusing_since_ms = 0
        if since is not None:
            log_event(
                log, logging.WARNING, "store ledger written again",
                path=str(self.path), refused_writes=refused,
                refused_for_ms=int((time.monotonic() - since) * 1000),
            )  # fmt: skip
