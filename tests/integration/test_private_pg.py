"""The simulator's own PostgreSQL cluster (sim.private_pg): it serves a database, a restart
(fast or immediate) ends every session and keeps what was committed, and it is stopped and
removed when the block ends, by an error too. It never touches the shared server."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from sim.private_pg import PG_BIN, PrivatePostgres

pytestmark = [pytest.mark.postgres, pytest.mark.timeout(120)]


@pytest.fixture(autouse=True)
def _binaries() -> None:
    if not (PG_BIN / "initdb").exists():
        pytest.skip(f"no PostgreSQL server binaries in {PG_BIN}")


def _dsn(pg: PrivatePostgres) -> str:
    return pg.url.replace("+psycopg", "")


def test_a_restart_ends_sessions_and_keeps_commits(tmp_path: Path) -> None:
    with PrivatePostgres(tmp_path) as pg:
        assert pg.port != 5432
        with psycopg.connect(_dsn(pg), autocommit=True) as conn:
            conn.execute("CREATE TABLE t (n int)")
            conn.execute("INSERT INTO t VALUES (1)")
            pg.restart("immediate")
            with pytest.raises(psycopg.OperationalError):
                conn.execute("SELECT 1")
        pg.restart("fast")
        with psycopg.connect(_dsn(pg)) as conn:
            assert conn.execute("SELECT n FROM t").fetchall() == [(1,)]
        root = pg.root
    assert not root.exists()


def test_the_cluster_is_removed_when_the_run_fails(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="the run failed"), PrivatePostgres(tmp_path) as pg:
        root, dsn = pg.root, _dsn(pg)
        raise RuntimeError("the run failed")
    assert not root.exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(dsn, connect_timeout=2)
