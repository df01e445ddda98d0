"""edge-agent init + serve as a real process, pos as real processes; head office absent."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from common.files import loose_modes
from edge_agent.services.context import StoreContext
from tests.edge.conftest import COLA_BARCODE, Pki, make_bundle, seed_catalogue, wait_for
from tests.till_staff import sign_in_ledger

REPO = Path(__file__).resolve().parents[2]


def run(module: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_selling_with_head_office_down(tmp_path: Path, pki: Pki) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    data = tmp_path / "E"
    bundle = tmp_path / "bundle.json"
    bundle.write_bytes(make_bundle(pki, "127.0.0.1:9").to_bytes())  # nothing listens there

    init = run(
        "edge_agent.cli.agent", "init", "--data-dir", str(data), "--bundle", str(bundle), env=env
    )
    assert init.returncode == 0, init.stderr
    assert (data / "tls" / "store.key").stat().st_mode & 0o777 == 0o600
    again = run(
        "edge_agent.cli.agent", "init", "--data-dir", str(data), "--bundle", str(bundle), env=env
    )
    assert again.returncode == 1 and "already initialised" in again.stderr
    assert "Traceback" not in again.stderr

    ctx = StoreContext.open(data / "ledger.db", "S001")
    seed_catalogue(ctx)  # the catalogue head office would have sent downstream
    ctx.close()
    # As an older version left it: serve tightens it at start, and logs each path.
    os.chmod(data, 0o755)
    os.chmod(data / "ledger.db", 0o644)

    env["STORELEDGER_EDGE_DATA_DIR"] = str(data)
    down = run("edge_agent.cli.pos", "status", env=env)
    assert down.returncode == 1
    assert "is not running (no socket at" in down.stderr and "Traceback" not in down.stderr

    agent = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "edge_agent.cli.agent",
            "serve",
            "--data-dir",
            str(data),
            "--metrics-listen",
            "127.0.0.1:0",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        agent_json = data / "run" / "agent.json"
        wait_for(agent_json.exists, 30, "agent.json")
        sign_in_ledger(data / "ledger.db")  # sam, a store manager, at T1
        info = json.loads(agent_json.read_text())
        assert info["pid"] == agent.pid and info["store_code"] == "S001"
        assert loose_modes(data) == []
        assert info["till_address"] == f"unix:{data / 'run' / 'till.sock'}"

        sold = run(
            "edge_agent.cli.pos",
            "sell",
            f"{COLA_BARCODE}=2",
            "CHIPS",
            "--pay",
            "cash:5000",
            "--key",
            "k-1",
            "--format",
            "json",
            env=env,
        )
        assert sold.returncode == 0, sold.stderr
        reply = json.loads(sold.stdout)
        assert (reply["seq"], reply["total_minor"], reply["change_minor"]) == (1, 1500, 3500)
        retried = run(
            "edge_agent.cli.pos",
            "sell",
            f"{COLA_BARCODE}=2",
            "CHIPS",
            "--pay",
            "cash:5000",
            "--key",
            "k-1",
            "--format",
            "json",
            env=env,
        )
        assert json.loads(retried.stdout)["seq"] == 1

        text = run("edge_agent.cli.pos", "sell", "COLA", "--pay", "cash:500", env=env)
        assert text.returncode == 0, text.stderr
        assert "Sale 2   Journal #2" in text.stdout and "change: ¥1.50" in text.stdout

        card = run(
            "edge_agent.cli.pos", "sell", "CHIPS", "--pay", "card:800:4111111111111111", env=env
        )
        assert card.returncode == 0, card.stderr
        assert "CARD 411111******1111" in card.stdout and "4111111111111111" not in card.stdout

        bad = run("edge_agent.cli.pos", "sell", "COLA=1.5", "--pay", "cash:500", env=env)
        assert bad.returncode == 1
        assert bad.stderr.strip() == (
            "pos: sale line 'COLA=1.5': quantity must be a positive whole number of pieces, got 1.5"
        )

        stock = run("edge_agent.cli.pos", "stock", "COLA", "--format", "json", env=env)
        assert json.loads(stock.stdout) == [
            {"sku": "COLA", "name": "Cola 330ml", "unit": "piece", "qty_base": -3}
        ]
        status = json.loads(run("edge_agent.cli.pos", "status", "--format", "json", env=env).stdout)
        assert status["connected"] is False
        assert (status["newest_seq"], status["committed_seq"], status["backlog_count"]) == (3, 0, 3)
    finally:
        agent.send_signal(signal.SIGTERM)
        _, stderr = agent.communicate(timeout=30)
    assert agent.returncode == 0, stderr
    assert not (data / "run" / "agent.json").exists()
    assert "4111111111111111" not in stderr  # never a card number in the logs
    assert stderr.count('"event": "file mode tightened"') == 2
