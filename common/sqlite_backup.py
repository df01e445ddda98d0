"""Backing up and restoring a SQLite database (the edge's ledger, head office's default database).

A backup is taken with SQLite's online backup API (`sqlite3.Connection.backup`),
so the database keeps serving while it is copied and the copy is one
consistent snapshot. It is written beside the target as a 0600 file
(common.files) and renamed into place only once it has been checked: restored
into a scratch directory, `PRAGMA integrity_check` clean, its schema at a
migration revision, its tables counted. A restore checks the file the same way
before it replaces anything. Progress is reported every few pages for a large
database.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from common.errors import Refused
from common.files import SQLITE_SUFFIXES, create_private_file, sync_directory
from common.i18n import _

# (pages copied, pages in all) as the copy goes.
Progress = Callable[[int, int], None]

PAGES_PER_STEP = 4096  # 16 MiB of 4 KiB pages between progress reports


class TenthsProgress:
    """A Progress that says how far a copy has got, at most every tenth of the way, and only
    for a database of more than `min_pages` pages (a small one is copied in a blink)."""

    def __init__(self, say: Callable[[str], None], what: str, min_pages: int = 1000) -> None:
        self._say = say
        self._what = what
        self._min_pages = min_pages
        self._shown = -1

    def __call__(self, done: int, total: int) -> None:
        tenth = (10 * done) // total if total else 10
        if total > self._min_pages and tenth != self._shown:
            self._shown = tenth
            self._say(
                _("  {what}: {done} of {total} pages").format(
                    what=self._what, done=done, total=total
                )
            )


class BackupProblem(Refused):
    """A backup could not be written, or a file is not a backup that can be restored."""


@dataclass(frozen=True)
class CheckedCopy:
    """What checking a copy found: SQLite's integrity verdict, the schema revision, counts."""

    integrity: str
    revision: str
    counts: dict[str, int] = field(default_factory=dict)


def copy_database(source: Path, target: Path, progress: Progress | None = None) -> None:
    """Copy the database at source into a new 0600 file at target with the online backup API.

    The copy is one self-contained file (rollback journal, not WAL), whatever mode
    the source runs in.
    """
    create_private_file(target)

    def step(_status: int, remaining: int, total: int) -> None:
        if progress is not None:
            progress(total - remaining, total)

    try:
        with (
            closing(sqlite3.connect(source)) as src,
            closing(sqlite3.connect(target)) as dst,
        ):
            src.backup(dst, pages=PAGES_PER_STEP, progress=step)
            dst.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as exc:
        raise BackupProblem(
            _("could not copy the database {source} to {target}: {problem}").format(
                source=source, target=target, problem=exc
            )
        ) from exc
    with open(target, "rb") as written:
        os.fsync(written.fileno())


def check_copy(backup: Path, tables: Sequence[str]) -> CheckedCopy:
    """Restore `backup` into a scratch directory and check it: integrity, revision, counts.

    BackupProblem when it is not a SQLite database, fails SQLite's integrity check or has
    no migration revision (not one of ours).
    """
    if not backup.is_file():
        raise BackupProblem(_("there is no backup file {path}").format(path=backup))
    with tempfile.TemporaryDirectory(prefix="storeledger-check-") as scratch:
        copy = Path(scratch) / "check.db"
        copy_database(backup, copy)
        try:
            with closing(sqlite3.connect(copy)) as conn:
                integrity = str(conn.execute("PRAGMA integrity_check").fetchone()[0])
                if integrity != "ok":
                    raise BackupProblem(
                        _("{path} fails SQLite's integrity check: {problem}").format(
                            path=backup, problem=integrity
                        )
                    )
                revision = _revision(conn, backup)
                counts = {
                    t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in tables
                }  # noqa: E501, S608 - our own table names
        except sqlite3.DatabaseError as exc:
            raise BackupProblem(
                _("{path} is not a database backup that can be restored: {problem}").format(
                    path=backup, problem=exc
                )
            ) from exc
    return CheckedCopy(integrity, revision, counts)


def _revision(conn: sqlite3.Connection, backup: Path) -> str:
    try:
        rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.OperationalError:
        rows = []
    if not rows:
        raise BackupProblem(
            _("{path} has no schema revision: it is not a StoreLedger database").format(path=backup)
        )
    return ", ".join(sorted(str(r[0]) for r in rows))


def write_backup(
    source: Path, target: Path, tables: Sequence[str], progress: Progress | None = None
) -> CheckedCopy:
    """Back up source to target: copied beside it, checked, then renamed into place."""
    if not source.is_file():
        raise BackupProblem(_("there is no database at {path}").format(path=source))
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        copy_database(source, tmp, progress)
        checked = check_copy(tmp, tables)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    sync_directory(target.parent)
    return checked


def install_copy(backup: Path, database: Path, progress: Progress | None = None) -> None:
    """Replace the database at `database` with the backup's content (the caller checked it and
    holds the run lock, so nothing has the database open)."""
    tmp = database.with_name(f".{database.name}.{os.getpid()}.restore")
    try:
        copy_database(backup, tmp, progress)
        for suffix in SQLITE_SUFFIXES[1:]:
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        os.replace(tmp, database)
    finally:
        tmp.unlink(missing_ok=True)
    sync_directory(database.parent)
