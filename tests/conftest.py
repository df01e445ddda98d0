"""Shared fixtures: head-office database URLs on both SQLite and PostgreSQL.

Every head-office database test takes `db_url`, which is parametrised over
both engines. PostgreSQL tests get a fresh database each. Outside CI they are
skipped (with the reason) when no server answers; with CI=true a missing
server is an error, never a skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import psycopg
import pytest

PG_ADMIN_DSN = os.environ.get(
    "STORELEDGER_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres"
)
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


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
    info = psycopg.conninfo.conninfo_to_dict(admin_dsn)
    user = info.get("user", "postgres")
    host = info.get("host", "127.0.0.1")
    port = info.get("port", "5432")
    return name, f"postgresql+psycopg://{user}@{host}:{port}/{name}"


def drop_pg_database(admin_dsn: str, name: str) -> None:
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


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
