"""A group-buy voucher redeemed at the till, end to end (issue 16, items 4 and 5): the
platform simulator (python -m voucher_sim), head office with its adapter configured, an
edge agent, hoctl and pos as processes.

`pos voucher scan` shows the deal; `pos voucher redeem` has head office verify two uses on
the platform and journals what the package takes; the same command again redeems nothing
more; a used code is refused with nothing written; head office applies the store's entry
(its checks hold it to the verified redemption) and moves the same stock, and hoctl verify
agrees; `pos voucher cancel` brings the goods back on both sides. The full code is never
printed by pos nor kept in the store's ledger.
"""

from __future__ import annotations

import json
import sys
import urllib.request
from pathlib import Path

import pytest

from scripts.chain import EdgeAgent, HeadOffice, Process, wait_caught_up, wait_for

pytestmark = pytest.mark.timeout(300)
SAMPLE = Path(__file__).resolve().parents[2] / "deploy" / "sample"


def sim_call(url: str, path: str, body: dict | None = None) -> dict:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url + path, data=data, method="POST" if data else "GET")
    with urllib.request.urlopen(req, timeout=5) as resp:
        return json.loads(resp.read())["data"]


def load(url: str, uses: int) -> str:
    row = {"product_id": "WASH1", "title": "洗车 Car wash", "uses": uses, "price_minor": 3900}
    added = sim_call(url, "/admin/vouchers", {"platform": "meituan", "vouchers": [row]})
    return str(added["vouchers"][0]["code"])


def levels(rows: list[dict]) -> dict[str, int]:
    return {r["sku"]: int(r["qty_base"]) for r in rows if r["sku"] in ("WATER-550", "COLA-330")}


def test_pos_voucher_redeem_moves_stock_at_both_ends_and_verify_matches(
    tmp_path: Path, ho_db: str | None
) -> None:
    ready = tmp_path / "sim.url"
    sim = Process(
        "voucher-sim",
        [sys.executable, "-m", "voucher_sim", "--listen", "127.0.0.1:0", "--ready-file",
         str(ready)],
        tmp_path / "sim.log",
    )  # fmt: skip
    sim.start()
    ho = HeadOffice(tmp_path / "ho", db_url=ho_db)
    edge = EdgeAgent(tmp_path / "edge-S001", "S001")
    try:
        url = str(wait_for("the simulator", lambda: ready.exists() and ready.read_text(), 20))
        ho.init()
        with open(ho.data_dir / "headoffice.toml", "a") as config:
            config.write(f'\n[vouchers.platforms.meituan]\nurl = "{url}"\ntimeout_ms = 2000\n')
        ho.start()
        ho.hoctl("catalogue", "import", str(SAMPLE / "products.csv"))
        ho.hoctl("voucher", "package", "set", "meituan", "WASH1", "--title", "Car wash",
                 "--line", "WATER-550:1", "--line", "COLA-330:2")  # fmt: skip
        edge.init(ho.add_store("S001", "Store S001", tmp_path))
        edge.start()
        edge.sign_in()
        wait_for("the catalogue at S001", lambda: edge.status()["product_count"] > 0, 30)
        code, used = load(url, 3), load(url, 1)
        sim_call(url, "/admin/redeem", {"platform": "meituan", "code": used, "count": 1})
        masked = code[:2] + "*" * (len(code) - 4) + code[-2:]

        seen = edge.pos_json("voucher", "scan", code)
        assert (seen["platform"], seen["uses_left"], seen["code_masked"]) == ("meituan", 3, masked)
        slip = edge.pos("voucher", "redeem", code, "--count", "2", "--key", "V-1").stdout
        assert masked in slip and code not in slip
        assert levels(edge.pos_json("stock")) == {"WATER-550": -2, "COLA-330": -4}
        again = edge.pos_json("voucher", "redeem", code, "--count", "2", "--key", "V-1")
        assert again["replayed"] and again["redemption_id"] == "VR000001"
        newest = edge.status()["newest_seq"]
        refused = edge.pos("voucher", "redeem", used, "--count", "1", check=False)
        assert refused.returncode == 1 and "Traceback" not in refused.stderr
        assert used not in refused.stderr + refused.stdout
        assert edge.status()["newest_seq"] == newest

        wait_caught_up(ho, [edge])
        assert levels(ho.hoctl_json("stock", "--store", "S001")) == {
            "WATER-550": -2, "COLA-330": -4,
        }  # fmt: skip
        assert ho.hoctl("verify", "--store", "S001").returncode == 0
        rows = ho.hoctl_json("voucher", "redemptions")
        assert [(r["redemption_id"], r["state"], r["journal_seq"]) for r in rows] == [
            ("VR000001", "verified", newest),
        ]  # fmt: skip

        undone = edge.pos_json("voucher", "cancel", "VR000001")
        assert undone["state"] == "cancelled"
        assert levels(edge.pos_json("stock")) == {"WATER-550": 0, "COLA-330": 0}
        wait_caught_up(ho, [edge])
        assert levels(ho.hoctl_json("stock", "--store", "S001")) == {
            "WATER-550": 0, "COLA-330": 0,
        }  # fmt: skip
        assert ho.hoctl("verify", "--store", "S001").returncode == 0
        assert code.encode() not in (edge.data_dir / "ledger.db").read_bytes()
    finally:
        edge.stop()
        ho.stop()
        sim.stop()
