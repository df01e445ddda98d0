"""The ledger on a full disk, in process: a file-size limit of 0 (RLIMIT_FSIZE, as
`ulimit -f 0`) refuses every write, like a disk with no free block. A refused transaction is
rolled back whole, whether its commit or one of its statements met the full disk; the error
says nothing was recorded; the log says it once, and once more when writes succeed again.
tests/faults/test_edge_disk_full.py does the same to a running agent from outside."""

from __future__ import annotations

import logging
import resource
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
