"""A unit of work whose PostgreSQL session dies under it (the server restarted, the session
terminated) ends with DatabaseUnavailable, UNAVAILABLE to the caller, who retries; not an
unexpected error from the failed rollback. The next unit of work gets a new connection.
Found by the chain simulator's pg_restart fault (issue 17). PostgreSQL only: embedded SQLite
has no server to lose."""

from __future__ import annotations

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from headoffice.domain.errors import DatabaseUnavailable
from headoffice.store.unit_of_work import UnitOfWork

pytestmark = pytest.mark.parametrize(
    "migrated_db_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)


def _terminate(admin_dsn: str, pid: int) -> None:
    with psycopg.connect(admin_dsn, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))


def test_a_session_lost_mid_transaction_is_unavailable_and_changes_nothing(
    engine: Engine, pg_admin_dsn: str
) -> None:
    lost = pytest.raises(DatabaseUnavailable, match="cannot be reached")
    with lost, UnitOfWork(engine) as uow:
        uow.connection.execute(sa.text(
            "INSERT INTO stores (code, name, disabled, created_at_ms) "
            "VALUES ('S901', 'Lost', false, 0)"))  # fmt: skip
        pid = uow.connection.execute(sa.text("SELECT pg_backend_pid()")).scalar_one()
        _terminate(pg_admin_dsn, int(pid))
        uow.connection.execute(sa.text("SELECT 1"))
        uow.commit()
    with UnitOfWork(engine) as uow:  # a new connection, nothing of the lost transaction
        assert uow.stores.get_store("S901") is None


def test_a_commit_whose_session_died_is_unavailable(engine: Engine, pg_admin_dsn: str) -> None:
    with pytest.raises(DatabaseUnavailable), UnitOfWork(engine) as uow:
        pid = uow.connection.execute(sa.text("SELECT pg_backend_pid()")).scalar_one()
        _terminate(pg_admin_dsn, int(pid))
        uow.commit()
    with UnitOfWork(engine) as uow:
        assert uow.connection.execute(sa.text("SELECT 1")).scalar_one() == 1


def test_other_errors_are_left_as_they_are(engine: Engine) -> None:
    with pytest.raises(ZeroDivisionError), UnitOfWork(engine):
        _ = 1 // 0
