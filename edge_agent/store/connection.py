"""Connections to the store's SQLite ledger, and the one way to open a transaction.

Each transaction yields a UnitOfWork (store.unit_of_work): the repositories
over this thread's connection, committed when the block ends.

The sale path uses the sqlite3 module directly rather than a SQLAlchemy
session: the commit of a sale is the till's critical path, and sqlite3 lets us
issue `BEGIN IMMEDIATE` ourselves (pysqlite's implicit transactions cannot)
with no ORM unit-of-work overhead. SQLAlchemy still owns the schema, through
Alembic (store.migrations).

Every connection runs in WAL mode with `synchronous=FULL`: WAL lets readers
(status, metrics, the sync stream) run while a sale commits, and FULL makes a
commit durable before it returns — a receipt is printed only for a sale that
survives a power cut (invariant 2).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from common.files import prepare_sqlite_file
from common.i18n import _
from edge_agent.domain.errors import LedgerUnavailable
from edge_agent.store.ledger_writes import WriteHealth, is_refused_write
from edge_agent.store.unit_of_work import UnitOfWork

BUSY_TIMEOUT_MS = 5_000


def open_connection(path: Path) -> sqlite3.Connection:
    """A connection to the ledger; a new ledger file is made 0600 first (SQLite would make
    it 0644, and its -wal and -shm files take its mode: common.files)."""
    try:
        if not path.exists():
            prepare_sqlite_file(path)
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    except (sqlite3.Error, OSError) as exc:
        raise LedgerUnavailable(
            _("the store ledger {path} cannot be opened: {error}").format(path=path, error=exc)
        ) from exc
    return conn


class LedgerDatabase:
    """One connection per thread (services run in worker threads), opened on first use."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        # Whether the disk takes writes; logs when it stops and starts again (store.ledger_writes).
        self.health = WriteHealth(path)

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = open_connection(self.path)
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    @contextmanager
    def write(self) -> Iterator[UnitOfWork]:
        """A write transaction: BEGIN IMMEDIATE takes the writer lock up front, so the
        max+1 sequence read inside it cannot race another writer; commits or rolls back."""
        yield from self._transaction("BEGIN IMMEDIATE", writes=True)

    @contextmanager
    def read(self) -> Iterator[UnitOfWork]:
        """A read transaction: every query inside it sees one snapshot of the ledger."""
        yield from self._transaction("BEGIN", writes=False)

    def _transaction(self, begin: str, writes: bool) -> Iterator[UnitOfWork]:
        conn = self._connection()
        try:
            conn.execute(begin)
        except sqlite3.Error as exc:
            raise LedgerUnavailable(
                _("the store ledger {path} is unavailable: {error}").format(
                    path=self.path, error=exc
                )
            ) from exc
        uow = UnitOfWork(conn)
        try:
            yield uow
        except BaseException as exc:
            # SQLite may have rolled back already (a full disk ends the transaction).
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            uow.rolled_back()
            if is_refused_write(exc):
                raise self.health.refused(exc) from exc
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            uow.rolled_back()
            if is_refused_write(exc):
                raise self.health.refused(exc) from exc
            raise LedgerUnavailable(
                _("the store ledger {path} could not commit: {error}").format(
                    path=self.path, error=exc
                )
            ) from exc
        if writes:
            self.health.wrote()

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()
