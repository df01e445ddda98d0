"""One use case, one transaction: rolled back unless commit() is called."""

from __future__ import annotations

from types import TracebackType

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from headoffice.domain.errors import DatabaseUnavailable
from headoffice.store.engine import first_line, safe_url


class UnitOfWork:
    """A context manager around one database transaction on a connection from `engine`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._connection: sa.Connection | None = None
        self._transaction: sa.RootTransaction | None = None

    @property
    def connection(self) -> sa.Connection:
        if self._connection is None:
            raise RuntimeError("the unit of work is not open; use it in a with block")
        return self._connection

    @property
    def is_postgresql(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def __enter__(self) -> UnitOfWork:
        try:
            self._connection = self.engine.connect()
            self._transaction = self._connection.begin()
        except OperationalError as exc:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
            raise DatabaseUnavailable(safe_url(self.engine.url), first_line(exc)) from exc
        return self

    def commit(self) -> None:
        if self._transaction is None:
            raise RuntimeError("the unit of work is not open")
        self._transaction.commit()
        self._transaction = None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self._transaction is not None and self._transaction.is_active:
                self._transaction.rollback()
        finally:
            self._transaction = None
            if self._connection is not None:
                self._connection.close()
                self._connection = None
