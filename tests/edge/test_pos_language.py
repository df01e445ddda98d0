"""pos speaks the store's language, and the agent answers each pos call in it: a refusal
from the agent (an unknown barcode) and a receipt reach `pos sell` in Chinese when the store
is zh_CN and in English when it is en. Real processes; head office absent."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from common.config import write_config
from edge_agent.config import config_path, load_edge_config
from edge_agent.services.context import StoreContext
from tests.edge.conftest import COLA_BARCODE, Pki, make_bundle, seed_catalogue, wait_for
from tests.till_staff import sign_in_ledger

REPO = Path(__file__).resolve().parents[2]
UNKNOWN = "6920000000043"  # a valid EAN-13 the store's catalogue does not have


def pos(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "edge_agent.cli.pos", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def set_store_language(data: Path, language: str) -> None:
    config = load_edge_config(data)
    config["store"]["language"] = language
    write_config(config_path(data), config)


def test_a_refusal_and_a_receipt_reach_pos_in_the_stores_language(tmp_path: Path, pki: Pki) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}  # English locale (tests/conftest.py)
    data = tmp_path / "E"
    bundle = tmp_path / "bundle.json"
    bundle.write_bytes(make_bundle(pki, "127.0.0.1:9").to_bytes())  # nothing listens there
    init = subprocess.run(
        [sys.executable, "-m", "edge_agent.cli.agent", "init", "--data-dir", str(data),
         "--bundle", str(bundle)],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert init.returncode == 0, init.stderr
    ctx = StoreContext.open(data / "ledger.db", "S001")
    seed_catalogue(ctx)
    ctx.close()
    set_store_language(data, "en")  # the agent starts in English
    env["STORELEDGER_EDGE_DATA_DIR"] = str(data)
    agent = subprocess.Popen(
        [sys.executable, "-m", "edge_agent.cli.agent", "serve", "--data-dir", str(data),
         "--metrics-listen", "127.0.0.1:0"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        wait_for((data / "run" / "agent.json").exists, 30, "agent.json")
        sign_in_ledger(data / "ledger.db")  # sam, a store manager, at T1

        english = pos("sell", UNKNOWN, "--pay", "cash:500", env=env)
        assert english.returncode == 1
        assert english.stderr.strip() == (
            f"pos: no product has barcode {UNKNOWN} in store S001's catalogue"
        )

        # The store now reads Chinese. The agent still runs with English as its own
        # language: it answers each pos call in the language pos asks for.
        set_store_language(data, "zh_CN")
        chinese = pos("sell", UNKNOWN, "--pay", "cash:500", env=env)
        assert chinese.returncode == 1
        assert chinese.stderr.strip() == f"pos: 门店 S001 的商品目录中没有条码为 {UNKNOWN} 的商品"
        sold = pos("sell", COLA_BARCODE, "--pay", "cash:500", env=env)
        assert sold.returncode == 0, sold.stderr
        assert "销售单 1   流水 #1" in sold.stdout and "合计" in sold.stdout
        assert sold.stdout.rstrip().endswith("找零：¥1.50")
        # JSON for scripts does not change with the language.
        document = pos("stock", "COLA", "--format", "json", env=env)
        assert json.loads(document.stdout) == [
            {"sku": "COLA", "name": "Cola 330ml", "unit": "piece", "qty_base": -1}
        ]
        # A table's headings are for people: translated; its values are data.
        table = pos("stock", "COLA", env=env).stdout.splitlines()
        assert table[0].split() == ["货号", "名称", "单位", "数量"]

        # The environment's override of the store's language is the store's for pos too.
        back = pos("sell", UNKNOWN, "--pay", "cash:500",
                   env={**env, "STORELEDGER_EDGE_STORE_LANGUAGE": "en"})  # fmt: skip
        assert back.stderr.strip().startswith("pos: no product has barcode")
    finally:
        agent.send_signal(signal.SIGTERM)
        _, stderr = agent.communicate(timeout=30)
    assert agent.returncode == 0, stderr
