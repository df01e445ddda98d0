"""Files only their owner may read: data directories 0700, everything in them 0600.

Issue 12 found head office's and the store's databases world-readable (0644 in
0755 directories after init, 0666 under umask 000): anyone logged in to the
machine could copy a journal or the managers' PIN hashes. A mode passed to
open()/mkdir() is only an upper bound (the umask clears bits from it, never
adds them), and SQLite creates a new database 0644 whatever it is asked, so
every file here is created with an explicit mode and chmod-ed to it, and the
serving commands run under umask 077 for the files that other code creates
later (SQLite's -wal and -shm files take the database file's mode; the till
socket; a log). `init` refuses to reuse a directory whose modes are looser
(loose_modes) unless asked to fix them (tighten); `serve` tightens what an
older version left and logs each path it changed.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from common.errors import ConfigError
from common.i18n import _, ngettext

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
PRIVATE_UMASK = 0o077
# A SQLite database and the files SQLite keeps beside it.
SQLITE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def restrict_umask() -> int:
    """From now on this process creates files for its owner only; returns the old umask."""
    return os.umask(PRIVATE_UMASK)


def make_private_dir(path: Path) -> Path:
    """Create path as a 0700 directory, or make an existing one 0700."""
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    os.chmod(path, PRIVATE_DIR_MODE)
    return path


def create_private_file(path: Path) -> None:
    """Create an empty 0600 file at path unless one exists; an existing one is made 0600."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, PRIVATE_FILE_MODE)
    try:
        os.fchmod(fd, PRIVATE_FILE_MODE)
    finally:
        os.close(fd)


def write_private(path: Path, data: bytes) -> None:
    """Replace path with data atomically, as a 0600 file that is on disk when this returns.

    Written to a temporary file beside it and renamed over it, so a reader (or a
    crash) sees the old content or the new, never half of either.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, PRIVATE_FILE_MODE)
    try:
        os.fchmod(fd, PRIVATE_FILE_MODE)
        with os.fdopen(fd, "wb") as out:
            fd = -1
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    sync_directory(path.parent)


def write_private_text(path: Path, text: str) -> None:
    write_private(path, text.encode())


def sync_directory(directory: Path) -> None:
    """fsync a directory, so a rename in it survives a power cut."""
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def prepare_sqlite_file(path: Path) -> None:
    """Make a SQLite database's file 0600 before SQLite opens it (it would create it 0644).

    SQLite gives the -wal and -shm files it creates the database file's mode, so
    they follow; any that exist already are made 0600 too.
    """
    create_private_file(path)
    for suffix in SQLITE_SUFFIXES[1:]:
        companion = Path(f"{path}{suffix}")
        if companion.exists():
            os.chmod(companion, PRIVATE_FILE_MODE)


@dataclass(frozen=True, slots=True)
class LooseMode:
    """A path that others may reach: its mode now and the mode it should have."""

    path: Path
    mode: int
    wanted: int

    @property
    def mode_text(self) -> str:
        return f"{self.mode:04o}"


def _walk(root: Path) -> Iterator[tuple[Path, os.stat_result]]:
    """root and everything under it, symlinks not followed (a link's target is not ours)."""
    yield root, root.lstat()
    for dirpath, dirnames, filenames in os.walk(root):
        for name in sorted(dirnames) + sorted(filenames):
            path = Path(dirpath) / name
            yield path, path.lstat()


def loose_modes(root: Path) -> list[LooseMode]:
    """Every directory and file under root (root included) that its group or others may use.

    Sockets and symlinks are left out: a socket is made again at each start
    inside a 0700 directory, and a link's own mode means nothing.
    """
    found: list[LooseMode] = []
    if not root.exists():
        return found
    for path, info in _walk(root):
        if stat.S_ISDIR(info.st_mode):
            wanted = PRIVATE_DIR_MODE
        elif stat.S_ISREG(info.st_mode):
            wanted = PRIVATE_FILE_MODE
        else:
            continue
        mode = stat.S_IMODE(info.st_mode)
        if mode & 0o077:
            found.append(LooseMode(path, mode, wanted))
    return found


def tighten(root: Path) -> list[LooseMode]:
    """Make every loose directory under root 0700 and every loose file 0600; what changed."""
    changed = loose_modes(root)
    for loose in changed:
        os.chmod(loose.path, loose.wanted)
    return changed


def refuse_loose_modes(root: Path, fix_command: str) -> None:
    """Refuse to reuse root while anything in it is open to others, naming the fix.

    fix_command is the command line that fixes it (`... --fix-permissions`).
    """
    found = loose_modes(root)
    if not found:
        return
    first, others = found[0], len(found) - 1
    if others:
        said = ngettext(
            "{path} has mode {mode}, so other users of this machine may read it, and "
            "{count} more path is open too; a data directory must be 0700 and its files 0600: "
            "run '{command}' or 'chmod -R go-rwx {root}' first",
            "{path} has mode {mode}, so other users of this machine may read it, and "
            "{count} more paths are open too; a data directory must be 0700 and its files "
            "0600: run '{command}' or 'chmod -R go-rwx {root}' first",
            others,
        )
    else:
        said = _(
            "{path} has mode {mode}, so other users of this machine may read it; a data "
            "directory must be 0700 and its files 0600: run '{command}' or "
            "'chmod -R go-rwx {root}' first"
        )
    raise ConfigError(
        said.format(
            path=first.path, mode=first.mode_text, count=others, command=fix_command, root=root
        )
    )
