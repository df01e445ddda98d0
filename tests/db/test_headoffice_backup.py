"""`headoffice backup` / `headoffice restore` as processes, on SQLite and PostgreSQL
(issue 12, failure 13; deliver 12): a checked 0600 backup, a restore that brings back exactly
the backed-up journal, refuses a file that is not a backup and a head office that is serving."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from common.certs import create_ca
from common.runlock import hold_run_lock
from headoffice.services.stores import add_store
from headoffice.services.sync import apply_batch
from headoffice.store.engine import create_engine
from headoffice.store.migrations import alembic_config
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.conftest import sale, seed_catalogue

pytestmark = pytest.mark.timeout(180)
HEADOFFICE = [sys.executable, "-m", "headoffice.cli.server"]
ENV = {**os.environ, "STORELEDGER_LANGUAGE": "en"}


def headoffice(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*HEADOFFICE, *args], capture_output=True, text=True, timeout=120, env=ENV, umask=0
    )


def journal(url: str) -> list[tuple[str, int, str]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text(
                    "SELECT store_code, seq, document_id FROM journal_entries ORDER BY store_code, seq"
                )
            ).fetchall()
    finally:
        engine.dispose()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def test_failure_13_headoffice_backup_and_restore_round_trip(db_url: str, tmp_path: Path) -> None:
    data = tmp_path / "D"
    assert headoffice("init", "--data-dir", str(data), "--db", db_url).returncode == 0
    engine = create_engine(db_url)
    try:
        add_store(UnitOfWork(engine), create_ca("c"), "S001", "Main Street", "x:1", now_ms=1)
        seed_catalogue(engine, ["COLA"])  # head office takes no entry for a SKU it does not sell
        apply_batch(UnitOfWork(engine), "S001", [sale(1), sale(2)], 1_000)
    finally:
        engine.dispose()
    backup = tmp_path / "ho.backup"
    done = headoffice("backup", str(backup), "--data-dir", str(data))
    assert done.returncode == 0, done.stderr
    assert "1 store(s), 2 journal entries" in done.stdout
    assert (backup.stat().st_mode & 0o777) == 0o600
    backed_up = journal(db_url)

    engine = create_engine(db_url)
    try:
        apply_batch(UnitOfWork(engine), "S001", [sale(3)], 2_000)
    finally:
        engine.dispose()

    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"nothing to restore" * 50)
    refused = headoffice("restore", str(junk), "--data-dir", str(data))
    assert refused.returncode != 0 and refused.stderr.strip()
    assert len(journal(db_url)) == 3  # nothing changed

    lock = hold_run_lock(data / "run" / "serve.lock", "head office")
    try:
        busy = headoffice("restore", str(backup), "--data-dir", str(data))
    finally:
        os.close(lock)
    assert busy.returncode != 0 and "already serving" in busy.stderr
    assert len(journal(db_url)) == 3

    restored = headoffice("restore", str(backup), "--data-dir", str(data))
    assert restored.returncode == 0, restored.stderr
    assert journal(db_url) == backed_up
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert all(h in restored.stdout for h in heads), restored.stdout
    assert not (data / "audit" / "checkpoint.json").exists()
    assert list((data / "audit").glob("checkpoint.before-restore-*.json"))
