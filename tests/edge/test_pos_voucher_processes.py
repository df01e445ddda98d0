"""pos voucher scan|redeem|cancel through a real edge agent process, whose head office is a
fake VoucherTill server over mTLS (head office's certificate, the store's client
certificate): the JSON follows docs/output.md, the slip masks the code, a retry with the
key is the recorded redemption, head office's refusal is its sentence with exit 1 and
nothing written, a cancel brings the goods back. Real processes for pos and the agent."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from edge_agent.services.context import StoreContext
from tests.edge.conftest import Pki, make_bundle, seed_catalogue, wait_for
from tests.edge.fake_voucher_till import USED, WASH, voucher_head_office
from tests.integration.test_output_contract import contract_problems, glossary
from tests.till_staff import sign_in_ledger

REPO = Path(__file__).resolve().parents[2]


def test_pos_voucher_commands_through_the_agent(tmp_path: Path, pki: Pki) -> None:
    with voucher_head_office(pki) as (fake, _client, address):
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        data = tmp_path / "E"
        bundle = tmp_path / "bundle.json"
        bundle.write_bytes(make_bundle(pki, address).to_bytes())
        init = subprocess.run(
            [sys.executable, "-m", "edge_agent.cli.agent", "init", "--data-dir", str(data),
             "--bundle", str(bundle)],
            capture_output=True, text=True, env=env, timeout=60, check=False,
        )  # fmt: skip
        assert init.returncode == 0, init.stderr
        ctx = StoreContext.open(data / "ledger.db", "S001")
        seed_catalogue(ctx)
        ctx.close()
        env["STORELEDGER_EDGE_DATA_DIR"] = str(data)
        agent = subprocess.Popen(
            [sys.executable, "-m", "edge_agent.cli.agent", "serve", "--data-dir", str(data),
             "--metrics-listen", "127.0.0.1:0"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip

        def pos(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [sys.executable, "-m", "edge_agent.cli.pos", *args],
                capture_output=True, text=True, env=env, timeout=60, check=False,
            )  # fmt: skip

        try:
            wait_for((data / "run" / "agent.json").exists, 30, "agent.json")
            sign_in_ledger(data / "ledger.db")  # sam at T1
            assert pos("shift", "open", "--float", "0").returncode == 0
            kinds = glossary()

            scanned = pos("voucher", "scan", WASH, "--format", "json")
            assert scanned.returncode == 0, scanned.stderr
            seen = json.loads(scanned.stdout)
            assert contract_problems(seen, kinds) == []
            assert (seen["code_masked"], seen["uses_left"], seen["cancel_window_minutes"]) == (
                "MT******78", 3, 60,
            )  # fmt: skip
            table = pos("voucher", "scan", WASH)
            csv = pos("voucher", "scan", WASH, "--format", "csv")
            assert csv.returncode == 0 and "MT******78" in csv.stdout and WASH not in csv.stdout
            assert "洗车套餐 Car wash" in table.stdout and WASH not in table.stdout

            redeem = ("voucher", "redeem", WASH, "--count", "2", "--key", "V-1")
            slip = pos(*redeem)
            assert slip.returncode == 0, slip.stderr
            assert "MT******78" in slip.stdout and WASH not in slip.stdout
            again = json.loads(pos(*redeem, "--format", "json").stdout)
            assert contract_problems(again, kinds) == []
            assert again["replayed"] and again["redemption_id"] == "VR000001"
            assert [(m["sku"], m["qty_base"]) for m in again["movements"]] == [
                ("COLA", -2), ("RICE", -600),
            ]  # fmt: skip
            assert fake.calls.count("verify") == 1
            stock = {
                r["sku"]: r["qty_base"] for r in json.loads(pos("stock", "--format", "json").stdout)
            }
            assert (stock["COLA"], stock["RICE"]) == (-2, -600)

            refused = pos("voucher", "redeem", USED, "--count", "1")
            assert refused.returncode == 1 and "already used" in refused.stderr
            assert "Traceback" not in refused.stderr and USED not in refused.stderr

            cancelled = pos("voucher", "cancel", "VR000001", "--format", "json")
            assert cancelled.returncode == 0, cancelled.stderr
            undone = json.loads(cancelled.stdout)
            assert contract_problems(undone, kinds) == [] and undone["state"] == "cancelled"
            stock = {
                r["sku"]: r["qty_base"] for r in json.loads(pos("stock", "--format", "json").stdout)
            }
            assert (stock["COLA"], stock["RICE"]) == (0, 0)
            assert WASH not in (data / "ledger.db").read_bytes().decode("latin-1")
        finally:
            agent.terminate()
            agent.wait(timeout=30)
