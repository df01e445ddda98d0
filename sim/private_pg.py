"""A PostgreSQL cluster of the simulator's own (`storeledger-sim --private-pg`): made with initdb,
served on a free loopback port with trust authentication, restarted by the `pg_restart` fault,
and stopped and removed at the end of the run, whatever ends it.

Restarting a shared server would cut off its other users (other runs, other test workers); a
cluster of our own can be restarted as often as the plan says. The server refuses to run as
root: under root the cluster's commands run as the `postgres` user, and its directory is made
under /tmp (the run's work directory may sit below directories that user cannot enter).
"""

from __future__ import annotations

import atexit
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

from sim.processes import ChainError

PG_BIN = Path(os.environ.get("STORELEDGER_SIM_PG_BIN", "/usr/lib/postgresql/15/bin"))
SUPERUSER = "postgres"
DATABASE = "storeledger_sim"
START_TIMEOUT_S = 60
# The run's data lives as long as the run: fsync off (the machine does not crash, processes
# do; a restart, fast or immediate, keeps every committed transaction, as the page cache
# survives it). synchronous_commit stays on: an acknowledged commit must survive "immediate".
SETTINGS = """
listen_addresses = '127.0.0.1'
port = {port}
unix_socket_directories = ''
max_connections = 200
shared_buffers = 32MB
fsync = off
full_page_writes = off
log_min_messages = warning
"""
_RUNNING: list[PrivatePostgres] = []


class PrivatePostgresError(ChainError):
    pass


@atexit.register
def _stop_leftovers() -> None:
    for cluster in list(_RUNNING):
        cluster.remove()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PrivatePostgres:
    """One cluster: `with PrivatePostgres(workdir) as pg:` runs it and removes it after."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port = 0
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            self.root = Path(tempfile.mkdtemp(prefix="storeledger-sim-pg-"))
            entry = pwd.getpwnam(SUPERUSER)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        else:
            self.root = workdir / "pg"
            self.root.mkdir(parents=True)
        self.data_dir = self.root / "data"
        self.log_path = self.root / "postgres.log"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{DATABASE}"

    def __enter__(self) -> PrivatePostgres:
        try:
            self.start()
        except BaseException:
            self.remove()
            raise
        return self

    def __exit__(self, *_exc: object) -> None:
        self.remove()

    def start(self) -> None:
        """initdb, start on a free port (another on a clash), create the run's database."""
        _RUNNING.append(self)
        self._pg("initdb", "-D", str(self.data_dir), "-U", SUPERUSER, "--auth=trust",
                 "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        conf = self.data_dir / "postgresql.conf"
        base = conf.read_text()
        for attempt in range(5):
            self.port = free_port()
            conf.write_text(base + SETTINGS.format(port=self.port))
            done = self._pg(*self._ctl("start", "-l", str(self.log_path)), check=False)
            if done.returncode == 0:
                break
            if attempt == 4 or "could not bind" not in self.log_tail():
                raise PrivatePostgresError(
                    f"the private PostgreSQL cluster did not start: {done.stderr.strip()}\n"
                    + self.log_tail()
                )
        import psycopg  # the driver head office uses; only needed here

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f"CREATE DATABASE {DATABASE}")

    def restart(self, mode: str = "fast") -> None:
        """pg_ctl restart: every session is ended (fast: rolled back; immediate: the server
        quits at once and recovers from its WAL at start)."""
        self._pg(*self._ctl("restart", "-m", mode, "-l", str(self.log_path)))

    def stop(self) -> None:
        if (self.data_dir / "postmaster.pid").exists():
            self._pg(*self._ctl("stop", "-m", "immediate"), check=False)

    def remove(self) -> None:
        """Stop the server and delete the cluster (idempotent)."""
        try:
            self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
            if self in _RUNNING:
                _RUNNING.remove(self)

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except (FileNotFoundError, PermissionError):
            return ""

    def _command(self, program: str, *args: str) -> list[str]:
        """The program's command line; as root, run as the postgres user through setpriv.
        Not subprocess's user= and group=: with them Python forks instead of vforking, and
        a fork of the simulator (gRPC threads busy with 50 stores) once died with SIGSEGV
        before pg_ctl ran, so the pg_restart fault never happened (the 50-store day)."""
        command = [str(PG_BIN / program), *args]
        if not self._as_postgres:
            return command
        return ["setpriv", f"--reuid={SUPERUSER}", f"--regid={SUPERUSER}", "--clear-groups",
                *command]  # fmt: skip

    def _ctl(self, action: str, *args: str) -> list[str]:
        return ["pg_ctl", action, "-D", str(self.data_dir), "-w", "-t", str(START_TIMEOUT_S),
                *args]  # fmt: skip

    def _pg(self, program: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            self._command(program, *args),
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT_S * 2,
            cwd=self.root,
            # The server's children must not get this process's terminal signals (Ctrl-C
            # reaches the run, which then stops the cluster itself).
            start_new_session=True,
            env={"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"},
        )
        if check and done.returncode != 0:
            raise PrivatePostgresError(
                f"{program} {' '.join(args)} exited {done.returncode}: {done.stderr.strip()}"
            )
        return done
