"""common/sqlite_backup.py: a checked copy, 0600, progress said, a non-backup refused."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from common.sqlite_backup import BackupProblem, TenthsProgress, check_copy, write_backup


def database(path: Path, rows: int = 10) -> Path:
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("CREATE TABLE alembic_version (version_num TEXT)")
        conn.execute("INSERT INTO alembic_version VALUES ('0011_ledger_instance')")
        conn.execute("CREATE TABLE journal (seq INTEGER PRIMARY KEY, payload BLOB)")
        conn.executemany(
            "INSERT INTO journal VALUES (?, ?)", [(i, b"x" * 100) for i in range(rows)]
        )
    return path


def test_a_backup_is_checked_written_0600_and_its_progress_said(tmp_path: Path) -> None:
    source = database(tmp_path / "ledger.db", rows=20_000)
    said: list[str] = []
    checked = write_backup(
        source, tmp_path / "b.db", ["journal"], TenthsProgress(said.append, "copying", 10)
    )
    assert (checked.integrity, checked.revision, checked.counts) == (
        "ok", "0011_ledger_instance", {"journal": 20_000},
    )  # fmt: skip
    assert (tmp_path / "b.db").stat().st_mode & 0o777 == 0o600
    assert said and said[-1].endswith(" pages") and "copying:" in said[-1]
    done, total = said[-1].split(": ")[1].split(" pages")[0].split(" of ")
    assert done == total


def test_what_is_not_a_storeledger_backup_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"no database here" * 100)
    with pytest.raises(BackupProblem, match="junk.db"):
        check_copy(junk, ["journal"])
    other = tmp_path / "other.db"
    with closing(sqlite3.connect(other)) as conn, conn:
        conn.execute("CREATE TABLE journal (seq INTEGER)")
    with pytest.raises(BackupProblem, match="no schema revision"):
        check_copy(other, ["journal"])
    with pytest.raises(BackupProblem, match="no backup file"):
        check_copy(tmp_path / "missing.db", ["journal"])
