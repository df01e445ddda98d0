"""Head office's PostgreSQL pool pings a connection only when it has been idle (store.engine):
one dropped while idle (a restart, a firewall) is replaced before a unit of work sees it,
and one used a moment ago is handed out without a round trip."""

from __future__ import annotations

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine

from headoffice.store import engine as engine_module
from headoffice.store.unit_of_work import UnitOfWork

pytestmark = pytest.mark.parametrize(
    "migrated_db_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)


def _backend_pid(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.text("SELECT pg_backend_pid()")).scalar_one())


def test_an_idle_connection_killed_is_replaced_at_checkout(
    engine: Engine, pg_admin_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    dead = _backend_pid(engine)
    with psycopg.connect(pg_admin_dsn, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (dead,))
    monkeypatch.setattr(engine_module, "PING_IDLE_S", -1.0)  # every checkout is "idle"
    with UnitOfWork(engine) as uow:
        assert uow.stores.get_store("S404") is None  # no error: a new connection
    assert _backend_pid(engine) != dead


def test_a_connection_used_a_moment_ago_is_not_pinged(engine: Engine) -> None:
    _backend_pid(engine)
    pings: list[object] = []
    real = engine.dialect.do_ping
    engine.dialect.do_ping = lambda conn: pings.append(conn) or real(conn)  # type: ignore[method-assign]
    sent: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: sent.append(args[2]))
    with UnitOfWork(engine) as uow:
        uow.stores.get_store("S404")
    assert pings == [] and len(sent) == 1
