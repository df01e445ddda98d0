"""A real edge agent for the till screen: `edge-agent init` + `serve` as processes, head
office absent (so the agent is OFFLINE and every sale waits to sync), a catalogue loaded,
managers added. The till's pilot tests (tests/tui) and the docs screenshots
(tools/till_screenshots.py) both start their agents here; tools never import tests.
"""

from __future__ import annotations

import collections
import csv
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from common.bundle import EnrolmentBundle
from common.certs import ROLE_STORE, create_ca, issue_certificate
from common.clock import now_ms
from common.config import write_config
from common.pb.storeledger.v1 import catalogue_pb2
from common.pin_hashing import hash_new_pin
from edge_agent.config import config_path, load_edge_config
from edge_agent.services.context import StoreContext
from edge_agent.store.connection import LedgerDatabase
from edge_agent.sync.downstream_handlers import apply_product

REPO = Path(__file__).resolve().parents[1]
SAMPLE_CATALOGUE = REPO / "deploy" / "sample" / "products.csv"
STORE = "S001"
MANAGER, MANAGER_PIN = "maria", "470913"
# Who works the tills: ann, a supervisor (sells, refunds, overrides prices with maria's
# approval), and two cashiers; all with the one PIN.
CASHIER, CASHIER_PIN, CASHIER_ROLE = "ann", "135792", "supervisor"
TILL_STAFF = ((CASHIER, CASHIER_ROLE), ("ben", "cashier"), ("bob", "cashier"))
UNREACHABLE_HEADOFFICE = "127.0.0.1:9"  # nothing listens there


STDERR_TAIL_LINES = 200


@dataclass
class Agent:
    data_dir: Path
    env: dict[str, str]
    process: subprocess.Popen[str] | None
    # The agent's last lines of stderr (read as they come: see start_process).
    stderr_tail: collections.deque[str] = field(
        default_factory=lambda: collections.deque(maxlen=STDERR_TAIL_LINES)
    )
    _drain: threading.Thread | None = None

    def cli(self, module: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", module, *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=self.env,
            timeout=60,
            check=False,
        )


def wait_for(condition: Callable[[], object], timeout_s: float, what: str) -> object:
    """Poll until condition() is truthy (returns it) or fail after a bounded deadline."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s}s waiting for {what}")
        time.sleep(0.02)


def enrolment_bundle(headoffice_address: str = UNREACHABLE_HEADOFFICE) -> EnrolmentBundle:
    """A fresh chain CA and store S001's certificate, as head office would enrol it."""
    ca = create_ca("Till chain")
    store = issue_certificate(ca, STORE, ROLE_STORE)
    return EnrolmentBundle(
        store_code=STORE,
        store_name="Corner Shop",
        headoffice_address=headoffice_address,
        ca_pem=ca.cert_pem.decode(),
        cert_pem=store.cert_pem.decode(),
        key_pem=store.key_pem.decode(),
    )


def load_products(ledger: Path, products: Iterable[catalogue_pb2.Product]) -> None:
    """Apply products to a store's ledger the way a catalogue change from head office does."""
    ctx = StoreContext.open(ledger, STORE)
    try:
        for cursor, product in enumerate(products, start=1):
            apply_product(ctx, product, cursor)
    finally:
        ctx.close()


def sample_products(path: Path = SAMPLE_CATALOGUE) -> list[catalogue_pb2.Product]:
    with path.open(newline="") as f:
        return [
            catalogue_pb2.Product(
                sku=row["sku"],
                name=row["name"],
                barcodes=[b for b in row["barcodes"].split("|") if b],
                unit=row["unit"],
                price_minor=int(row["price_minor"]),
                cost_minor=int(row["cost_minor"]),
                category=row["category"],
                currency="CNY",
                active=True,
            )
            for row in csv.DictReader(f)
        ]


def load_sample_catalogue(ledger: Path) -> None:
    """The sample catalogue of deploy/sample/products.csv (water, cola, chips, nuts by the gram)."""
    load_products(ledger, sample_products())


def start_agent(
    tmp: Path,
    catalogue: Callable[[Path], None] = load_sample_catalogue,
    approvals: dict[str, bool] | None = None,
    tills_toml: str = "",
    store: dict[str, str] | None = None,
) -> Agent:
    """edge-agent init + serve as a process, head office unreachable, catalogue loaded;
    approvals and store (e.g. {"language": "zh_CN"}) go into E/edge.toml; tills_toml (if
    given) becomes E/tills.toml, the tills' serial scanners and scales."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("STORELEDGER_EDGE_DATA_DIR", None)
    data = tmp / "E"
    bundle = tmp / "bundle.json"
    bundle.write_bytes(enrolment_bundle().to_bytes())
    init = subprocess.run(
        [sys.executable, "-m", "edge_agent.cli.agent", "init", "--data-dir", str(data)]
        + ["--bundle", str(bundle)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    if init.returncode != 0:
        raise RuntimeError(f"edge-agent init failed: {init.stderr}")
    catalogue(data / "ledger.db")
    for code, role in TILL_STAFF:
        add_staff(data / "ledger.db", code, role, CASHIER_PIN)
    if approvals or store:
        config = load_edge_config(data)
        config["approvals"].update(approvals or {})
        config["store"].update(store or {})
        write_config(config_path(data), config)
    if tills_toml:
        (data / "tills.toml").write_text(tills_toml)
    env["STORELEDGER_EDGE_DATA_DIR"] = str(data)
    return serve(Agent(data, env, None))


def add_staff(ledger: Path, code: str, role: str, pin: str) -> None:
    """A member of staff in the store's list, as head office's staff list would bring them."""
    db = LedgerDatabase(ledger)
    try:
        with db.write() as uow:
            if uow.staff.find(code) is None:
                uow.staff.add(code, hash_new_pin(pin), now_ms(), role)
    finally:
        db.close()


def start_process(
    command: list[str], env: dict[str, str], tail: collections.deque[str]
) -> tuple[subprocess.Popen[str], threading.Thread]:
    """Start `command` with its stderr read line by line into `tail` by a thread of its own,
    for every caller: a pipe nobody reads fills (64 KiB) and the process then stops at its
    next log line until someone reads, so a chatty agent would hang the test or tool using
    it. The thread ends when the process closes its stderr (at exit)."""
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    stream = process.stderr
    if stream is None:  # never: stderr is a pipe above
        raise RuntimeError("the process has no stderr pipe")
    drain = threading.Thread(target=_read_lines, args=(stream, tail), daemon=True)
    drain.start()
    return process, drain


def _read_lines(stream: Iterable[str], tail: collections.deque[str]) -> None:
    for line in stream:
        tail.append(line)


def serve(agent: Agent) -> Agent:
    """Start (or start again) `edge-agent serve` on the agent's data directory."""
    data, env = agent.data_dir, agent.env
    process, agent._drain = start_process(
        [sys.executable, "-m", "edge_agent.cli.agent", "serve", "--data-dir", str(data)]
        + ["--metrics-listen", "127.0.0.1:0"],
        env,
        agent.stderr_tail,
    )
    agent_json = data / "run" / "agent.json"
    try:
        wait_for(
            lambda: (
                agent_json.exists() and json.loads(agent_json.read_text())["pid"] == process.pid
            ),
            30,
            "the edge agent to serve",
        )
    except AssertionError as exc:
        raise AssertionError(f"{exc}; its stderr ends: {''.join(agent.stderr_tail)}") from exc
    agent.process = process
    return agent


def stop_agent(agent: Agent) -> None:
    if agent.process is None:
        return
    agent.process.send_signal(signal.SIGTERM)
    try:
        agent.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        agent.process.kill()
        agent.process.wait(timeout=30)
    if agent._drain is not None:
        agent._drain.join(timeout=30)  # the rest of its stderr, up to exit
        agent._drain = None
    if agent.process.stderr is not None:
        agent.process.stderr.close()
    agent.process = None


def add_manager(agent: Agent, name: str = MANAGER, pin: str = MANAGER_PIN) -> None:
    added = agent.cli(
        "edge_agent.cli.agent",
        "manager",
        "add",
        name,
        "--pin-stdin",
        "--data-dir",
        str(agent.data_dir),
        stdin=pin + "\n",
    )
    if added.returncode != 0:
        raise RuntimeError(f"edge-agent manager add failed: {added.stderr}")
