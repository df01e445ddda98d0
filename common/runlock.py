"""One serving process per data directory, held by an advisory lock for the process's life."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from common.errors import ConfigError
from common.i18n import _


def hold_run_lock(path: Path, what: str) -> int:
    """Take the lock at path or refuse with a sentence naming the process that holds it
    (`what` names the process in the reader's language: "edge agent", marked N_()).

    The lock is released by the kernel when the process exits, however it
    exits (a SIGKILL included), so a stale file never blocks a restart.
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
        os.close(fd)
        raise ConfigError(
            _(
                "another {what} (pid {pid}) is already serving {path}; stop it first (two "
                "would fight over the same ledger and sockets)"
            ).format(what=_(what), pid=holder, path=path.parent.parent)
        ) from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode(), 0)
    return fd
