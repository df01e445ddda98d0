"""Shared fixtures: head-office database URLs on both SQLite and PostgreSQL.

Every head-office database test takes `db_url` (an empty database) or
`migrated_db_url` (one at the newest schema), each parametrised over both
engines. PostgreSQL tests get a fresh database each. Outside CI they are
skipped (with the reason) when no server answers; with CI=true a missing
server is an error, never a skip.

A migrated database is copied from a template migrated once per test session
(PostgreSQL: CREATE DATABASE .. TEMPLATE; SQLite: a copy of the file), not
migrated per test: running the Alembic migrations was most of a database
test's time. The template is rebuilt by every session, so a new migration is
always in it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

PG_ADMIN_DSN = os.environ.get(
    "STORELEDGER_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres"
)
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
# The language the tests read: English, whatever the developer's locale says. Every
# process a test starts (edge-agent, pos, hoctl, headoffice) inherits it, unless the test
# gives it a language of its own: a store's [store] language, or a variable in that
# process's environment (docs/runtime.md, "Which language").
PINNED_LANGUAGE = {"LC_ALL": "C.UTF-8", "STORELEDGER_LANGUAGE": "en"}
UNPINNED = ("STORELEDGER_EDGE_STORE_LANGUAGE",)  # would override a test store's own setting


def pytest_configure(config: pytest.Config) -> None:
    os.environ.update(PINNED_LANGUAGE)
    for name in UNPINNED:
        os.environ.pop(name, None)


def _pg_available() -> str | None:
    try:
        with psycopg.connect(PG_ADMIN_DSN, connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)


@pytest.fixture(scope="session")
def pg_admin_dsn() -> str:
    problem = _pg_available()
    if problem is not None:
        if IN_CI:
            pytest.fail(
                f"PostgreSQL is required in CI but {PG_ADMIN_DSN} is unreachable: {problem}"
            )
        pytest.skip(f"PostgreSQL at {PG_ADMIN_DSN} is unreachable: {problem}")
    return PG_ADMIN_DSN


def create_pg_database(admin_dsn: str) -> tuple[str, str]:
    """Create an empty database; returns (name, SQLAlchemy URL)."""
    name = f"sl_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name, _pg_url(admin_dsn, name)


def drop_pg_database(admin_dsn: str, name: str) -> None:
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def clone_pg_database(admin_dsn: str, template: str) -> tuple[str, str]:
    """A new database copied from `template` (nobody may be connected to it); (name, URL)."""
    name = f"sl_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return name, _pg_url(admin_dsn, name)


def _pg_url(admin_dsn: str, name: str) -> str:
    info = psycopg.conninfo.conninfo_to_dict(admin_dsn)
    user = info.get("user", "postgres")
    host = info.get("host", "127.0.0.1")
    port = info.get("port", "5432")
    return f"postgresql+psycopg://{user}@{host}:{port}/{name}"


def _migrate_quietly(url: str) -> None:
    """Migrate and close every connection, so the database can serve as a template."""
    # Imported here: tests that never touch head office's database skip Alembic's import.
    from headoffice.store.engine import create_engine
    from headoffice.store.migrations import migrate_engine

    engine = create_engine(url)
    try:
        migrate_engine(engine)
    finally:
        engine.dispose()
    if engine.dialect.name == "sqlite" and engine.url.database:
        # Everything into the main file: a copy is of that file alone.
        with contextlib.closing(sqlite3.connect(engine.url.database)) as raw:
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@pytest.fixture(scope="session")
def pg_template(pg_admin_dsn: str) -> Iterator[str]:
    """A PostgreSQL database at the newest schema, for this session's tests to copy."""
    name, url = create_pg_database(pg_admin_dsn)
    try:
        _migrate_quietly(url)
        yield name
    finally:
        drop_pg_database(pg_admin_dsn, name)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file at the newest schema, for this session's tests to copy."""
    path = tmp_path_factory.mktemp("template") / "headoffice.db"
    _migrate_quietly(f"sqlite:///{path}")
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def migrated_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A head-office database URL at the newest schema, on each engine in turn."""
    if request.param == "sqlite":
        path = tmp_path / "headoffice.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    admin = request.getfixturevalue("pg_admin_dsn")
    name, url = clone_pg_database(admin, request.getfixturevalue("pg_template"))
    try:
        yield url
    finally:
        drop_pg_database(admin, name)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """An empty head-office database URL (no schema yet), on each engine in turn."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'headoffice.db'}"
        return
    admin = request.getfixturevalue("pg_admin_dsn")
    name, url = create_pg_database(admin)
    try:
        yield url
    finally:
        drop_pg_database(admin, name)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def ho_db(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """Head office's database for a whole-chain test: embedded SQLite (None) or PostgreSQL."""
    if request.param == "sqlite":
        yield None
        return
    admin = request.getfixturevalue("pg_admin_dsn")
    name, url = create_pg_database(admin)
    try:
        yield url
    finally:
        drop_pg_database(admin, name)
