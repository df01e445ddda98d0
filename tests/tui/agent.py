"""A real edge agent (a process, head office absent) with a catalogue, for the till screen.

Head office is never started, so the agent is offline and every sale waits to
sync: the status bar's OFFLINE and backlog count come from the real agent.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from common.certs import ROLE_SERVER, ROLE_STORE, create_ca, issue_certificate
from common.config import write_config
from common.pb.storeledger.v1 import catalogue_pb2
from edge_agent.config import config_path, load_edge_config
from edge_agent.services.context import StoreContext
from edge_agent.sync.downstream_handlers import apply_product
from tests.edge.conftest import Pki, make_bundle, seed_catalogue, wait_for

REPO = Path(__file__).resolve().parents[2]
MANAGER, MANAGER_PIN = "maria", "4711"
EXTRA_PRODUCTS = [
    ("TEA-GREEN", "Green tea 500ml", "6901234560015", 450),
    ("TEA-BLACK", "Black tea 500ml", "6901234560022", 450),
    ("WIPES", "Car wipes 20 pack", "6901234560039", 1290),
]


@dataclass
class Agent:
    data_dir: Path
    env: dict[str, str]
    process: subprocess.Popen[str] | None

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


def _pki() -> Pki:
    ca = create_ca("Till test chain")
    return Pki(
        ca=ca,
        server=issue_certificate(ca, "storeledger-headoffice", ROLE_SERVER, hosts=["localhost"]),
        store=issue_certificate(ca, "S001", ROLE_STORE),
    )


def load_catalogue(ledger: Path) -> None:
    ctx = StoreContext.open(ledger, "S001")
    try:
        seed_catalogue(ctx)  # COLA, CHIPS, RICE (sold by the gram)
        for cursor, (sku, name, barcode, price) in enumerate(EXTRA_PRODUCTS, start=100):
            product = catalogue_pb2.Product(
                sku=sku,
                name=name,
                barcodes=[barcode],
                unit="piece",
                price_minor=price,
                cost_minor=price // 2,
                currency="CNY",
                active=True,
            )
            apply_product(ctx, product, cursor)
    finally:
        ctx.close()


def start_agent(
    tmp: Path,
    catalogue: Callable[[Path], None] = load_catalogue,
    approvals: dict[str, bool] | None = None,
    tills_toml: str = "",
) -> Agent:
    """edge-agent init + serve as a process, head office unreachable, catalogue loaded;
    tills_toml (if given) becomes E/tills.toml, the tills' serial scanners and scales."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("STORELEDGER_EDGE_DATA_DIR", None)
    data = tmp / "E"
    bundle = tmp / "bundle.json"
    bundle.write_bytes(make_bundle(_pki(), "127.0.0.1:9").to_bytes())  # nothing listens there
    init = subprocess.run(
        [sys.executable, "-m", "edge_agent.cli.agent", "init", "--data-dir", str(data)]
        + ["--bundle", str(bundle)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert init.returncode == 0, init.stderr
    catalogue(data / "ledger.db")
    if approvals:
        config = load_edge_config(data)
        config["approvals"].update(approvals)
        write_config(config_path(data), config)
    if tills_toml:
        (data / "tills.toml").write_text(tills_toml)
    env["STORELEDGER_EDGE_DATA_DIR"] = str(data)
    return serve(Agent(data, env, None))


def serve(agent: Agent) -> Agent:
    """Start (or start again) `edge-agent serve` on the agent's data directory."""
    data, env = agent.data_dir, agent.env
    process = subprocess.Popen(
        [sys.executable, "-m", "edge_agent.cli.agent", "serve", "--data-dir", str(data)]
        + ["--metrics-listen", "127.0.0.1:0"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    agent_json = data / "run" / "agent.json"
    wait_for(
        lambda: agent_json.exists() and json.loads(agent_json.read_text())["pid"] == process.pid,
        30,
        "the edge agent to serve",
    )
    agent.process = process
    return agent


def stop_agent(agent: Agent) -> None:
    if agent.process is None:
        return
    agent.process.send_signal(signal.SIGTERM)
    try:
        agent.process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        agent.process.kill()
        agent.process.communicate(timeout=30)
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
    assert added.returncode == 0, added.stderr
