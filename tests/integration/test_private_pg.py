"""The simulator's own PostgreSQL cluster (sim.private_pg): it serves a database, a restart
(fast or immediate) ends every session and keeps what was committed, and it is stopped and
removed when the block ends, by an error too. It never touches the shared server."""

from __future__ import annotations

import os
import subprocess
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


@pytest.mark.skipif(os.geteuid() != 0, reason="as another user the cluster runs as that user")
def test_as_root_the_server_programs_run_as_postgres_through_setpriv(tmp_path: Path) -> None:
    # Not subprocess's user=/group=, which make Python fork the simulator: a fork with gRPC
    # threads busy once died with SIGSEGV before pg_ctl ran (the 50-store day, 2026-12-06);
    # without them the child is vforked and only execs.
    pg = PrivatePostgres(tmp_path)
    try:
        command = pg._command("pg_ctl", "status")
        assert command[:4] == ["setpriv", "--reuid=postgres", "--regid=postgres", "--clear-groups"]
        assert command[4].endswith("/pg_ctl")
        done = subprocess.run(["setpriv", *command[1:4], "id", "-un"],
                              capture_output=True, text=True, check=True)  # fmt: skip
        assert done.stdout.strip() == "postgres"
    finally:
        pg.remove()
