"""Database engines: embedded SQLite (WAL) or PostgreSQL through psycopg 3."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from common.files import prepare_sqlite_file
from common.i18n import _
from headoffice.domain.errors import DatabaseUnavailable

SQLITE_BUSY_TIMEOUT_MS = 30_000
# A head-office process that vanishes mid-transaction (its machine gone, no FIN or RST)
# must not hold a store's sync row for the server's default two hours of TCP silence:
# the server drops its session within ~30 s, rolling back and freeing the lock for the
# process the store failed over to (docs/headoffice-processes.md). A process that dies
# on a live machine is noticed at once (the kernel closes its sockets). libpq's own
# keepalives likewise let this process notice a vanished database server.
PG_KEEPALIVES = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5,
                 "keepalives_count": 3}  # fmt: skip
PG_SERVER_OPTIONS = (
    "-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3 "
    "-c tcp_user_timeout=30000"
)


def _dead_peer_args(parsed: URL) -> dict[str, Any]:
    """PG_KEEPALIVES and the server's options, after any options the URL gives."""
    given = parsed.query.get("options", "")
    given = given if isinstance(given, str) else " ".join(given)
    return {**PG_KEEPALIVES, "options": f"{given} {PG_SERVER_OPTIONS}".strip()}


def normalise_url(url: str) -> URL:
    """Parse a URL; plain postgresql:// means psycopg 3 (the driver we ship)."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseUnavailable(url, _("it is not a database URL")) from exc
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def safe_url(url: str | URL) -> str:
    """The URL as a person may see it: never the password."""
    parsed = url if isinstance(url, URL) else make_url(url)
    return parsed.render_as_string(hide_password=True)


def create_engine(url: str, pool_size: int = 10) -> Engine:
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        _private_sqlite_file(parsed)
        engine = sa.create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    if parsed.get_backend_name() == "postgresql":
        return sa.create_engine(
            parsed,
            pool_size=pool_size,
            max_overflow=pool_size,
            pool_pre_ping=True,
            connect_args={"connect_timeout": 5, **_dead_peer_args(parsed)},
        )
    raise DatabaseUnavailable(
        safe_url(parsed), _("only sqlite:/// and postgresql+psycopg:// URLs are supported")
    )


def _private_sqlite_file(parsed: URL) -> None:
    """A new database file is made 0600 before SQLite creates it 0644 (common.files)."""
    database = parsed.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        path = Path(database)
        if path.parent.is_dir():
            prepare_sqlite_file(path)


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control from pysqlite so every transaction starts with
    # BEGIN IMMEDIATE: a read-then-write transaction then never fails with
    # "database is locked" on upgrade; writers queue on busy_timeout instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    # An acknowledged batch must survive power loss: FULL sync on commit.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_on_begin(connection: sa.Connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def check_reachable(engine: Engine) -> None:
    """Connect once; an unreachable database becomes DatabaseUnavailable with a sentence."""
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except OperationalError as exc:
        raise DatabaseUnavailable(safe_url(engine.url), first_line(exc)) from exc


def first_line(exc: BaseException) -> str:
    original = getattr(exc, "orig", None) or exc
    text = str(original).strip()
    return text.splitlines()[0] if text else type(original).__name__
