"""edge-agent backup / restore as processes (issue 12, failure 13; deliver 12): the ledger is
copied while open, checked in a scratch copy, written 0600 under any umask, restored only when
the file checks and no agent serves the directory, and restore says the instance rule."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from common.domain.pricing import ScannedItem
from common.runlock import hold_run_lock
from edge_agent.domain.tender import TenderOffer
from edge_agent.services.context import StoreContext
from edge_agent.services.selling import sell
from tests.edge.conftest import Pki, make_bundle, seed_catalogue

REPO = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(REPO), "STORELEDGER_LANGUAGE": "en"}


def _agent(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "edge_agent.cli.agent", *args],
        capture_output=True, text=True, env=ENV, timeout=60, umask=0,
    )  # fmt: skip


def _journal(path: Path) -> list[tuple[int, bytes, bytes]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT seq, payload, entry_hash FROM journal ORDER BY seq").fetchall()


def _instance(path: Path) -> str:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT instance_id FROM ledger_instance").fetchone()[0]


def test_failure_13_edge_backup_and_restore_round_trip(tmp_path: Path, pki: Pki) -> None:
    data = tmp_path / "E"
    bundle = tmp_path / "S001.bundle"
    bundle.write_bytes(make_bundle(pki, "127.0.0.1:9").to_bytes())
    assert _agent("init", "--data-dir", str(data), "--bundle", str(bundle)).returncode == 0
    ctx = StoreContext.open(data / "ledger.db", "S001", "Corner Shop")
    seed_catalogue(ctx)
    sell(ctx, "T1", "ann", [ScannedItem("COLA", 2)], [TenderOffer("cash", 700)])
    backup = tmp_path / "backups" / "S001-ledger.db"
    backup.parent.mkdir()
    # Taken while the ledger is open (the agent would be selling): the online backup API.
    done = _agent("backup", str(backup), "--data-dir", str(data))
    assert done.returncode == 0, done.stderr
    assert "entries up to 1" in done.stdout and "integrity ok" in done.stdout
    assert (backup.stat().st_mode & 0o777) == 0o600
    assert _journal(backup) == _journal(data / "ledger.db")

    sell(ctx, "T1", "ann", [ScannedItem("COLA", 1)], [TenderOffer("cash", 350)])
    ctx.close()

    # A file that is not a backup is refused and changes nothing.
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 100)
    refused = _agent("restore", str(junk), "--data-dir", str(data))
    assert refused.returncode != 0 and "junk.db" in refused.stderr
    assert len(_journal(data / "ledger.db")) == 2

    # Not while an agent serves the directory.
    lock = hold_run_lock(data / "run" / "agent.lock", "edge agent")
    try:
        busy = _agent("restore", str(backup), "--data-dir", str(data))
    finally:
        os.close(lock)
    assert busy.returncode != 0 and "already serving" in busy.stderr
    assert len(_journal(data / "ledger.db")) == 2

    restored = _agent("restore", str(backup), "--data-dir", str(data))
    assert restored.returncode == 0, restored.stderr
    assert "entries up to 1" in restored.stdout and "hoctl store reenrol" in restored.stdout
    assert _journal(data / "ledger.db") == _journal(backup)
    assert _instance(data / "ledger.db") == _instance(backup)
    assert (data / "ledger.db").stat().st_mode & 0o777 == 0o600
    check = _agent("check", "--data-dir", str(data))
    assert check.returncode == 0, check.stdout + check.stderr
