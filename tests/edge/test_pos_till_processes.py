"""Scripted pos till subcommands as real processes against a real `edge-agent serve`:
a manager, a shift day with cash and card sales, a discount, a return, cash in/out,
X, a blind close reconciling exactly, Z once, refusals as sentences."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from edge_agent.services.context import StoreContext
from tests.edge.conftest import Pki, make_bundle, seed_catalogue, wait_for


def run(*args: str, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def pos(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run("edge_agent.cli.pos", *args, env=env)


def ok(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def refused(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 1, proc.stdout
    assert "Traceback" not in proc.stderr
    return proc.stderr.strip()


def test_a_scripted_till_day(tmp_path: Path, pki: Pki) -> None:
    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(repo)}
    data = tmp_path / "E"
    bundle = tmp_path / "bundle.json"
    bundle.write_bytes(make_bundle(pki, "127.0.0.1:9").to_bytes())
    ok(
        run(
            "edge_agent.cli.agent",
            "init",
            "--data-dir",
            str(data),
            "--bundle",
            str(bundle),
            env=env,
        )
    )
    ctx = StoreContext.open(data / "ledger.db", "S001")
    seed_catalogue(ctx)
    ctx.close()
    agent_cli = ("edge_agent.cli.agent", "manager")
    ok(
        run(
            *agent_cli,
            "add",
            "meg",
            "--pin-stdin",
            "--data-dir",
            str(data),
            env=env,
            stdin="246813\n",
        )
    )
    assert "already exists" in refused(
        run(
            *agent_cli,
            "add",
            "meg",
            "--pin-stdin",
            "--data-dir",
            str(data),
            env=env,
            stdin="246813\n",
        )
    )
    listed = json.loads(
        ok(run(*agent_cli, "list", "--format", "json", "--data-dir", str(data), env=env))
    )
    assert listed == [
        {"name": "meg", "role": "store_manager", "disabled": False, "lockout_ends_at": None}
    ]

    env.update(
        STORELEDGER_EDGE_DATA_DIR=str(data), STORELEDGER_TILL_ID="T1", STORELEDGER_CASHIER="ann"
    )
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
        wait_for((data / "run" / "agent.json").exists, 30, "agent.json")
        # ann signs in at T1 (a store manager, added like meg); every command acts as her
        ok(run(*agent_cli, "add", "ann", "--pin-stdin", "--data-dir", str(data), env=env,
               stdin="135792\n"))  # fmt: skip
        assert refused(pos("shift", "open", "--float", "1", env=env)) == (
            "pos: nobody is signed in at till T1; sign in with 'pos login' first"
        )
        ok(pos("login", "ann", env={**env, "STORELEDGER_PIN": "135792"}))
        opened = json.loads(
            ok(pos("shift", "open", "--float", "20000", "--format", "json", env=env))
        )
        assert opened["open"] and opened["cashier"] == "ann"

        ok(pos("sell", "COLA=2", "--pay", "cash:1000", env=env))  # 7.00 cash
        no_pin = refused(
            pos(
                "sell",
                "CHIPS",
                "--discount",
                "CHIPS:100",
                "--manager",
                "meg",
                "--pay",
                "card:700",
                env={**env, "STORELEDGER_MANAGER_PIN": "1111"},
            )
        )
        assert (
            no_pin == "pos: wrong PIN for manager meg; 2 more wrong and the manager is locked out"
        )
        pin_env = {**env, "STORELEDGER_MANAGER_PIN": "246813"}
        sold = json.loads(
            ok(
                pos(
                    "sell",
                    "CHIPS",
                    "--discount",
                    "CHIPS:100",
                    "--manager",
                    "meg",
                    "--pay",
                    "card:700:REF-1",
                    "--format",
                    "json",
                    env=pin_env,
                )
            )
        )
        assert sold["total_minor"] == 700
        assert "needs a manager's approval" in refused(
            pos("sell", "CHIPS", "--price", "CHIPS:1", "--pay", "card:1", env=env)
        )

        assert "at most 1 can be returned, not 2" in refused(
            pos("return", "--sale", "2", "CHIPS=2", env=env)
        )
        ret = json.loads(
            ok(pos("return", "--sale", "1", "COLA=1:write_off", "--format", "json", env=env))
        )
        assert ret["total_minor"] == 350
        ok(pos("shift", "cash-in", "500", "--reason", "change", env=env))
        assert "needs a manager's approval" in refused(
            pos("shift", "cash-out", "2000", "--reason", "bank", env=env)
        )
        ok(pos("shift", "cash-out", "2000", "--reason", "bank", "--manager", "meg", env=pin_env))
        ok(pos("no-sale", "--manager", "meg", "--reason", "change", env=pin_env))

        expected = 20000 + 700 - 350 + 500 - 2000
        x = json.loads(ok(pos("x-report", "--format", "json", env=env)))
        assert x["expected_cash_minor"] == expected
        assert "X REPORT" in ok(pos("x-report", env=env))
        assert "is not a denomination" in refused(
            pos("shift", "close", "--count", "300x1", env=env)
        )
        closed = json.loads(
            ok(
                pos(
                    "shift",
                    "close",
                    "--count",
                    "10000x1",
                    "--count",
                    "5000x1",
                    "--count",
                    "2000x1",
                    "--count",
                    "500x2",
                    "--count",
                    "100x1",
                    "--format",
                    "json",
                    env=env,
                )
            )
        )
        assert closed["counted_minor"] == 18100
        assert closed["expected_cash_minor"] == expected == 18850
        assert closed["over_short_minor"] == -750
        assert "has no open shift" in ok(pos("shift", "show", env=env))

        z = ok(pos("z-report", env=env))
        assert "Z REPORT No. 1" in z
        assert "Z report No. 1 has already been run for till T1" in refused(
            pos("z-report", env=env)
        )
    finally:
        agent.send_signal(signal.SIGTERM)
        _, stderr = agent.communicate(timeout=30)
    assert agent.returncode == 0, stderr
    assert "246813" not in stderr
