"""Start and stop a StoreLedger chain on one machine: head office and edge agents as processes.

Used by the chain simulator (storeledger-sim, which runs outside the repository too), and
through scripts/chain.py by the demo (scripts/demo.py) and the integration and fault tests.
Each process is a real console script from this virtual environment; the
helpers wait for conditions (a runtime file, a status) with bounded deadlines.
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent
# The store manager the chain signs in at T1 of each store, and their PIN (a demo's only).
DEMO_STAFF = "demo"
DEMO_PIN = "246813"
# Every process started here, so none outlives this one when a caller fails halfway
# (a chain whose second store did not start never reaches its own stop()).
_STARTED: list[subprocess.Popen[bytes]] = []


@atexit.register
def _kill_leftovers() -> None:
    for popen in _STARTED:
        if popen.poll() is None:
            popen.kill()
            popen.wait(10)


class ChainError(RuntimeError):
    pass


def wait_for(
    what: str, condition: Callable[[], Any], timeout_s: float = 30.0, interval_s: float = 0.05
) -> Any:
    """Poll condition() until it returns something truthy; raise ChainError naming `what`."""
    deadline = time.monotonic() + timeout_s
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise ChainError(f"timed out after {timeout_s:.0f}s waiting for {what}")
        time.sleep(interval_s)


def run(
    args: list[str],
    env: dict[str, str] | None = None,
    check: bool = True,
    timeout_s: float = 120.0,
    stdin: str | None = None,
) -> subprocess.CompletedProcess[str]:
    try:
        proc = subprocess.run(
            args, capture_output=True, text=True, env=env, timeout=timeout_s, input=stdin
        )
    except subprocess.TimeoutExpired as exc:
        raise ChainError(
            f"{' '.join(args)} did not finish in {timeout_s:g}s (the machine too loaded for "
            f"this many stores at once?)"
        ) from exc
    if check and proc.returncode != 0:
        raise ChainError(
            f"{' '.join(args)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
        )
    return proc


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text())
    except (FileNotFoundError, ValueError):
        return None


def _wait_serving(process: Process, runtime: Path, who: str, timeout_s: float) -> dict[str, Any]:
    """What `process` writes to its runtime file once it serves (a file naming another pid is
    an earlier run's); ChainError with its log's tail if it exits first."""
    pid = process.pid

    def ready() -> dict[str, Any] | None:
        if not process.alive():
            raise ChainError(f"{who} exited while starting:\n" + process.log_tail())
        info = _read_json(runtime)
        return info if info and info.get("pid") == pid else None

    info: dict[str, Any] = wait_for(f"{who} to serve", ready, timeout_s)
    return info


@dataclass
class Process:
    """A started console-script process whose output goes to a log file."""

    name: str
    args: list[str]
    log_path: Path
    popen: subprocess.Popen[bytes] | None = None

    def start(self, env: dict[str, str] | None = None) -> None:
        log = open(self.log_path, "ab")  # noqa: SIM115 - owned by the child for its life
        self.popen = subprocess.Popen(
            self.args, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
        _STARTED.append(self.popen)
        log.close()

    @property
    def pid(self) -> int:
        assert self.popen is not None
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def signal(self, sig: int) -> None:
        if self.alive():
            assert self.popen is not None
            self.popen.send_signal(sig)

    def stop(self, timeout_s: float = 15.0) -> int | None:
        """SIGTERM, then SIGKILL if it does not stop in time; returns the exit code."""
        if self.popen is None:
            return None
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout_s)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(timeout_s)
        return self.popen.returncode

    def kill(self) -> None:
        if self.popen is not None and self.popen.poll() is None:
            self.popen.kill()
            self.popen.wait(15)

    def detach(self) -> None:
        """Let the process outlive this one (a chain left running for a person to use)."""
        if self.popen in _STARTED:
            _STARTED.remove(self.popen)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return ""


def english_environment() -> dict[str, str]:
    """This process's environment with head office and hoctl speaking English: the helpers
    and the tests read their sentences, whatever the locale of the machine they run on."""
    return {**os.environ, "STORELEDGER_LANGUAGE": "en"}


@dataclass
class HeadOffice:
    data_dir: Path
    db_url: str | None = None
    process: Process | None = None
    grpc_address: str = ""
    metrics_address: str = ""
    env: dict[str, str] = field(default_factory=english_environment)

    def init(self) -> None:
        args = [str(BIN / "headoffice"), "init", "--data-dir", str(self.data_dir)]
        if self.db_url:
            args += ["--db", self.db_url]
        run(args, env=self.env)

    def start(
        self,
        listen: str | None = None,
        metrics_listen: str = "127.0.0.1:0",
        timeout_s: float = 120.0,
    ) -> None:
        """Start serving; listen defaults to the address it had before (or a free port).
        A restart while 50 stores reconnect on two CPUs took more than 30 s (the 50-store
        day, 2026-12-06): slow there, not broken."""
        listen = listen or self.grpc_address or "127.0.0.1:0"
        args = [
            str(BIN / "headoffice"),
            "serve",
            "--data-dir",
            str(self.data_dir),
            "--listen",
            listen,
            "--metrics-listen",
            metrics_listen,
        ]
        self.process = Process("headoffice", args, self.data_dir / "headoffice.log")
        self.process.start(self.env)
        runtime = self.data_dir / "run" / "serve.json"
        info = _wait_serving(self.process, runtime, "head office", timeout_s)
        self.grpc_address = info["grpc_address"]
        self.metrics_address = info["metrics_address"]

    def stop(self) -> None:
        if self.process:
            self.process.stop()

    def kill(self) -> None:
        if self.process:
            self.process.kill()

    def hoctl(
        self, *args: str, check: bool = True, stdin: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        return run(
            [str(BIN / "hoctl"), "--data-dir", str(self.data_dir), *args],
            env=self.env,
            check=check,
            stdin=stdin,
        )

    def hoctl_json(self, *args: str) -> Any:
        return json.loads(self.hoctl(*args, "--format", "json").stdout)

    def add_store(self, code: str, name: str, out_dir: Path) -> Path:
        bundle = out_dir / f"{code}.bundle"
        self.hoctl("store", "add", code, "--name", name, "--out", str(bundle))
        return bundle

    def add_user(
        self, username: str, role: str, out_dir: Path, stores: tuple[str, ...] = ()
    ) -> Path:
        """Add a staff user; returns their identity file (use it with hoctl_as)."""
        identity = out_dir / f"{username}.identity"
        store_args = [arg for code in stores for arg in ("--store", code)]
        self.hoctl("user", "add", username, "--role", role, *store_args, "--out", str(identity))
        return identity

    def hoctl_as(
        self, identity: Path, *args: str, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        """hoctl acting as the user of an identity file."""
        return run(
            [
                str(BIN / "hoctl"),
                "--identity",
                str(identity),
                "--address",
                self.grpc_address,
                *args,
            ],
            env=self.env,
            check=check,
        )


@dataclass
class EdgeAgent:
    data_dir: Path
    store_code: str
    process: Process | None = None
    metrics_address: str = ""
    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))

    @property
    def till_socket(self) -> Path:
        return self.data_dir / "run" / "till.sock"

    @property
    def till_target(self) -> str:
        return f"unix:{self.till_socket}"

    def init(self, bundle: Path) -> None:
        run(
            [
                str(BIN / "edge-agent"),
                "init",
                "--data-dir",
                str(self.data_dir),
                "--bundle",
                str(bundle),
            ],
            env=self.env,
        )

    def start(self, headoffice: str | None = None, timeout_s: float = 30.0) -> None:
        args = [
            str(BIN / "edge-agent"),
            "serve",
            "--data-dir",
            str(self.data_dir),
            "--metrics-listen",
            "127.0.0.1:0",
        ]
        if headoffice:
            args += ["--headoffice", headoffice]
        self.process = Process(f"edge-{self.store_code}", args, self.data_dir / "agent.log")
        self.process.start(self.env)
        runtime = self.data_dir / "run" / "agent.json"
        info = _wait_serving(self.process, runtime, f"edge agent {self.store_code}", timeout_s)
        self.metrics_address = info.get("metrics_address", "")

    def stop(self) -> None:
        if self.process:
            self.process.stop()

    def kill(self) -> None:
        if self.process:
            self.process.kill()

    def add_manager(self, code: str, pin: str = DEMO_PIN) -> None:
        """Add `code` as a local store manager with `pin`, unless the store has them already."""
        added = run(
            [str(BIN / "edge-agent"), "manager", "add", code, "--pin-stdin", "--data-dir",
             str(self.data_dir)],
            env=self.env, check=False, stdin=pin + "\n",
        )  # fmt: skip
        if added.returncode != 0 and "already exists" not in added.stderr:
            raise ChainError(f"edge-agent manager add {code} failed: {added.stderr.strip()}")

    def sign_in(self, code: str = DEMO_STAFF, pin: str = DEMO_PIN, till: str = "T1") -> None:
        """Add `code` as a local store manager (the way a store starts before head office
        sends its staff list) unless the store has them, and sign them in at `till`: every
        pos command then acts as them (docs/till.md, "Signing in")."""
        self.add_manager(code, pin)
        run(
            [str(BIN / "pos"), "--data-dir", str(self.data_dir), "login", code, "--till", till],
            env={**self.env, "STORELEDGER_PIN": pin},
        )

    def pos(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return run(
            [str(BIN / "pos"), "--data-dir", str(self.data_dir), *args], env=self.env, check=check
        )

    def pos_json(self, *args: str) -> Any:
        return json.loads(self.pos(*args, "--format", "json").stdout)

    def status(self) -> dict[str, Any]:
        return self.pos_json("status")


def wait_caught_up(headoffice: HeadOffice, edges: list[EdgeAgent], timeout_s: float = 60.0) -> None:
    """Wait until head office has committed every entry each edge has written."""

    def caught_up() -> bool:
        newest = {}
        for edge in edges:
            status = edge.status()  # a command each: asked once a round
            if status["committed_seq"] != status["newest_seq"]:
                return False
            newest[edge.store_code] = status["newest_seq"]
        rows = {row["store"]: row for row in headoffice.hoctl_json("sync", "status")}
        for code, seq in newest.items():
            row = rows.get(code)
            if row is None or row["committed_seq"] != seq:
                return False
        return True

    wait_for("head office to catch up with every store", caught_up, timeout_s, interval_s=0.2)
