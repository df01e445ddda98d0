"""The ledger on a full disk, in process: a file-size limit of 0 (RLIMIT_FSIZE, as
`ulimit -f 0`) refuses every write, like a disk with no free block. A refused transaction is
rolled back whole, whether its commit or one of its statements met the full disk; the error
says nothing was recorded; the log says it once, and once more when writes succeed again.
Where this user may mount, a 1 MiB tmpfs filled to its last block shows the same with a disk
that really has no space (ENOSPC, SQLITE_FULL). tests/faults/test_edge_disk_full.py does it to
a running agent from outside."""

from __future__ import annotations

import contextlib
import logging
import os
import resource
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from edge_agent.domain.errors import LedgerFull
from edge_agent.store.connection import LedgerDatabase

LOGGER = "edge_agent.store.ledger_writes"


@contextmanager
def disk_full() -> Iterator[None]:
    # Nothing may print while it holds: pytest's capture files are files too.
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


def test_a_refused_write_keeps_nothing_says_so_once_and_writing_resumes(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER)
    db = LedgerDatabase(tmp_path / "ledger.db")
    conn = db._connection()  # the connection this thread's transactions run on
    conn.execute("CREATE TABLE sale (n INTEGER, note BLOB)")
    with db.write():
        conn.execute("INSERT INTO sale VALUES (1, NULL)")
    refusals: list[LedgerFull] = []
    with disk_full():
        for _n in range(2):  # met at COMMIT: the WAL frames cannot be written
            try:
                with db.write():
                    conn.execute("INSERT INTO sale VALUES (2, NULL)")
                    conn.execute("INSERT INTO sale VALUES (3, NULL)")
            except LedgerFull as exc:
                refusals.append(exc)
        try:  # met mid-transaction: more than the page cache holds spills to the WAL
            with db.write():
                conn.execute("INSERT INTO sale VALUES (4, NULL)")
                for _n in range(12):
                    conn.execute("INSERT INTO sale VALUES (5, zeroblob(500000))")
        except LedgerFull as exc:
            refusals.append(exc)
        refusing = db.health.refusing
    assert len(refusals) == 3 and refusing
    assert "nothing was recorded" in str(refusals[0]) and "disk is full" in str(refusals[0])
    with db.read():
        assert [n for (n,) in conn.execute("SELECT n FROM sale")] == [1]

    with db.write():
        conn.execute("INSERT INTO sale VALUES (6, NULL)")
    assert not db.health.refusing
    with db.read():
        assert [n for (n,) in conn.execute("SELECT n FROM sale")] == [1, 6]
    said = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == LOGGER]
    assert said == [
        ("ERROR", "store ledger cannot be written: disk full"),
        ("WARNING", "store ledger written again"),
    ]
    back = next(r for r in caplog.records if r.getMessage() == "store ledger written again")
    assert back.fields["refused_writes"] == 3  # type: ignore[attr-defined]
    db.close()


@contextmanager
def small_disk(mount_point: Path, size_kib: int) -> Iterator[Path]:
    """A tmpfs of its own (root only; skipped elsewhere): a disk that really runs out (ENOSPC)."""
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kib}k,mode=0700", "tmpfs", str(mount_point)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=False)


def test_a_disk_with_no_space_left_refuses_and_keeps_nothing(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", 1024) as disk:
        db = LedgerDatabase(disk / "ledger.db")
        try:
            conn = db._connection()
            conn.execute("CREATE TABLE sale (n INTEGER, note BLOB)")
            with db.write():
                conn.execute("INSERT INTO sale VALUES (1, NULL)")
            filler = disk / "filler"
            fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
            try:  # the rest of the disk, to the last block
                with contextlib.suppress(OSError):
                    while True:
                        os.write(fd, b"\0" * 4096)
            finally:
                os.close(fd)
            with pytest.raises(LedgerFull) as refused, db.write():
                conn.execute("INSERT INTO sale VALUES (2, zeroblob(200000))")
            assert "nothing was recorded" in str(refused.value)
            assert refused.value.__cause__.sqlite_errorname == "SQLITE_FULL"  # type: ignore[union-attr]
            filler.unlink()  # the disk empties
            with db.write():
                conn.execute("INSERT INTO sale VALUES (3, NULL)")
            with db.read():
                assert [n for (n,) in conn.execute("SELECT n FROM sale")] == [1, 3]
        finally:
            db.close()
