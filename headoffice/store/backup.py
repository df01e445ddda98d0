"""Backing up and restoring head office's database, checked both ways.

SQLite: the online backup API (common.sqlite_backup), checked in a scratch copy.
PostgreSQL: `pg_dump --format=custom`, checked by restoring it with `pg_restore`
into a scratch database created for the check and dropped after it; restored
into the configured database with `pg_restore --clean --if-exists`'s script, run
through psql in one transaction. Either way the file is written 0600 beside its
target and renamed into place only once the check passed: integrity (SQLite's
check, or a restore that completes), a schema revision, and the counts of the
tables that matter.

The data directory's own files (the CA, the audit key and checkpoint, the
config) are not in the database and not in this file: docs/runtime.md says how
they are kept.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

from common.files import create_private_file, sync_directory
from common.i18n import _
from common.sqlite_backup import (
    BackupProblem,
    CheckedCopy,
    TenthsProgress,
    check_copy,
    install_copy,
    write_backup,
)

# The tables a backup's check counts.
COUNTED = ("stores", "journal_entries", "movements", "stock_levels", "audit_log", "entry_hashes")

# A sentence about what is happening, for a long run.
Say = Callable[[str], None]


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def backup_database(url: str, target: Path, say: Say) -> CheckedCopy:
    """Write a checked backup of the database at url to target (0600)."""
    if is_sqlite(url):
        source = Path(str(make_url(url).database))
        return write_backup(source, target, COUNTED, TenthsProgress(say, _("copying the database")))
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        create_private_file(tmp)
        say(_("  dumping the database with pg_dump"))
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(tmp), _libpq(url)])
        checked = check_pg_dump(url, tmp, say)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    sync_directory(target.parent)
    return checked


def check_backup(url: str, backup: Path, say: Say) -> CheckedCopy:
    """Check a backup file for the database url is (kind, integrity, revision, counts)."""
    if is_sqlite(url):
        return check_copy(backup, COUNTED)
    return check_pg_dump(url, backup, say)


def restore_database(url: str, backup: Path, say: Say) -> CheckedCopy:
    """Check the backup, then replace the database's content with it."""
    checked = check_backup(url, backup, say)
    if is_sqlite(url):
        database = Path(str(make_url(url).database))
        install_copy(backup, database, TenthsProgress(say, _("restoring the database")))
        return checked
    say(_("  restoring with pg_restore into {url}").format(url=_safe(url)))
    _restore_pg(url, backup)
    return checked


# pg_restore --clean drops each partition's key before the partitioned table's, which
# PostgreSQL refuses ("cannot drop inherited constraint"; the store partitions of migration
# 0044). So its script runs through psql after this statement, which drops the database's
# partitioned tables first (their partitions and keys with them; pg_restore's own drops of
# them then find nothing), in one transaction with the whole restore.
DROP_PARTITIONED = """DO $$
DECLARE t regclass;
BEGIN
  FOR t IN SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relkind = 'p' AND NOT c.relispartition AND n.nspname = current_schema()
  LOOP
    EXECUTE format('DROP TABLE %s CASCADE', t);
  END LOOP;
END $$"""


def _restore_pg(url: str, backup: Path) -> None:
    """pg_restore --clean's script, piped into psql, in one transaction (DROP_PARTITIONED)."""
    for tool in ("pg_restore", "psql"):
        if shutil.which(tool) is None:
            raise BackupProblem(
                _("{tool} is not installed; PostgreSQL's client tools are needed").format(tool=tool)
            )
    with tempfile.TemporaryFile() as restore_errors:
        script = subprocess.Popen(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--file", "-", str(backup)],
            stdout=subprocess.PIPE,
            stderr=restore_errors,
        )
        assert script.stdout is not None
        with script.stdout:
            loaded = subprocess.run(
                ["psql", "--no-psqlrc", "--quiet", "--single-transaction",
                 "--variable", "ON_ERROR_STOP=1", "--command", DROP_PARTITIONED,
                 "--file", "-", "--dbname", _libpq(url)],
                stdin=script.stdout, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                text=True, check=False,
            )  # fmt: skip
        if script.wait() != 0:
            restore_errors.seek(0)
            _failed("pg_restore", restore_errors.read().decode(errors="replace"), script.returncode)
    if loaded.returncode != 0:
        _failed("psql", loaded.stderr, loaded.returncode)


def check_pg_dump(url: str, dump: Path, say: Say) -> CheckedCopy:
    """Restore the dump into a scratch database beside the configured one, count, drop it."""
    if not dump.is_file():
        raise BackupProblem(_("there is no backup file {path}").format(path=dump))
    parsed = make_url(url)
    scratch = f"storeledger_check_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{scratch}"')
    except sa.exc.SQLAlchemyError as exc:
        admin.dispose()
        raise BackupProblem(
            _(
                "cannot create a scratch database to check the backup in ({problem}); the "
                "database role needs CREATEDB (deploy/postgres/README.md)"
            ).format(problem=str(exc).splitlines()[0])
        ) from exc
    try:
        say(_("  checking the backup by restoring it into scratch database {name}").format(
            name=scratch))  # fmt: skip
        scratch_url = parsed.set(database=scratch)
        _run(["pg_restore", "--no-owner", "--exit-on-error", "--dbname",
              _libpq(scratch_url), str(dump)])  # fmt: skip
        engine = sa.create_engine(scratch_url)
        try:
            with engine.connect() as conn:
                revisions = [
                    r[0] for r in conn.exec_driver_sql("SELECT version_num FROM alembic_version")
                ]
                counts = {
                    t: int(conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar_one())
                    for t in COUNTED
                }  # noqa: E501, S608 - our own table names
        finally:
            engine.dispose()
    except sa.exc.SQLAlchemyError as exc:
        raise BackupProblem(
            _("{path} restored but is not a StoreLedger database: {problem}").format(
                path=dump, problem=str(exc).splitlines()[0]
            )
        ) from exc
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{scratch}"')
        admin.dispose()
    return CheckedCopy("ok", ", ".join(sorted(revisions)), counts)


def _libpq(url: str | URL) -> str:
    """The URL as pg_dump and pg_restore take it (no SQLAlchemy driver suffix)."""
    parsed = make_url(url) if isinstance(url, str) else url
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def _safe(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _run(command: list[str]) -> None:
    tool = command[0]
    if shutil.which(tool) is None:
        raise BackupProblem(
            _("{tool} is not installed; PostgreSQL's client tools are needed").format(tool=tool)
        )
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        _failed(tool, done.stderr, done.returncode)


def _failed(tool: str, stderr: str, returncode: int) -> NoReturn:
    problem = (stderr.strip().splitlines() or [f"exit {returncode}"])[-1]
    raise BackupProblem(_("{tool} failed: {problem}").format(tool=tool, problem=problem))
