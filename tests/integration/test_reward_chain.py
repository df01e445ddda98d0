"""A reward item taken for points at the till, end to end (issue 15, section 4): a real
head office and edge agent, hoctl and pos as processes.

A member earns points on a cash sale; head office offers the car-wash kit (a bundle) for
points (hoctl member reward set); `pos reward` takes the points online and journals the
kit's components leaving; the same command again takes nothing more; a SKU that is not a
reward item is head office's sentence with nothing written; the store's and head
office's stock both lose the components and hoctl verify agrees.
"""

from __future__ import annotations

import json

import pytest

from scripts.chain import wait_caught_up, wait_for
from tests.chain_fixtures import start_chain

pytestmark = pytest.mark.timeout(300)

CARWASH_CSV = """sku,name,barcodes,unit,price_minor,cost_minor,category,kind,components
SHAMPOO,洗车液,,ml,10,2,care,goods,
SPONGE,海绵,,piece,300,100,care,goods,
KIT,洗车套装,,piece,3000,0,care,bundle,SHAMPOO=300|SPONGE=1
"""


def _stock(edge, sku: str) -> int:
    [row] = edge.pos_json("stock", sku)
    return int(row["qty_base"])


def _ho_stock(ho, sku: str) -> int:
    rows = ho.hoctl_json("stock", "--store", "S001")
    return next(int(r["qty_base"]) for r in rows if r["sku"] == sku)


def _points(ho) -> int:
    return int(ho.hoctl_json("member", "points", "CARD0001", "--format", "json")["points_balance"])


def test_pos_reward_takes_points_once_moves_stock_and_verify_matches(tmp_path, ho_db) -> None:
    chain = start_chain(tmp_path, ho_db, ["S001"], products=2)
    try:
        ho, edge = chain.headoffice, chain.edges["S001"]
        csv_path = tmp_path / "carwash.csv"
        csv_path.write_text(CARWASH_CSV, encoding="utf-8")
        ho.hoctl("catalogue", "import", str(csv_path))
        wait_for("the kit at S001", lambda: edge.status()["product_count"] >= 5, 30)
        edge.pos("receive", "--supplier-ref", "DN-1", "SHAMPOO=5000@2", "SPONGE=50@100")
        ho.hoctl("member", "add", "--phone", "13812345678", "--name", "张三", "--card", "CARD0001")
        # 30 yuan in cash earns 30 points (the default [points] rule) when head office applies it.
        edge.pos("sell", "SPONGE=10", "--member", "CARD0001", "--pay", "cash:3000")
        wait_for("the points earned", lambda: _points(ho) == 30, 60)
        ho.hoctl("member", "reward", "set", "KIT", "--points", "12")
        listed = ho.hoctl_json("member", "reward", "list", "--format", "json")
        assert [(r["sku"], r["points_cost"], r["active"]) for r in listed] == [("KIT", 12, True)]

        reward = ("reward", "CARD0001", "KIT", "--key", "W-1")
        # The slip for people: masked phone, the item, points taken and left.
        slip = edge.pos(*reward).stdout
        assert "138****5678" in slip and "13812345678" not in slip
        assert "洗车套装" in slip and "Points taken" in slip and "Points left" in slip
        assert (_stock(edge, "SHAMPOO"), _stock(edge, "SPONGE")) == (4700, 39)
        assert _points(ho) == 18

        # The same key again: the recorded entry, nothing new at the store or head office.
        again = json.loads(edge.pos(*reward, "--format", "json").stdout)
        assert (again["member_id"], again["sku"], again["qty"], again["points"]) == (
            "M000001", "KIT", 1, 12,
        )  # fmt: skip
        assert again["replayed"] and again["authorisation_key"] == "W-1:reward"
        assert again["seq"] == edge.status()["newest_seq"]
        assert sorted((m["sku"], m["qty_base"]) for m in again["movements"]) == [
            ("SHAMPOO", -300), ("SPONGE", -1),
        ]  # fmt: skip
        assert (_stock(edge, "SHAMPOO"), _stock(edge, "SPONGE")) == (4700, 39)
        assert _points(ho) == 18

        # Not a reward item, or more than the balance: head office's sentence, nothing written.
        newest = edge.status()["newest_seq"]
        refused = edge.pos("reward", "CARD0001", "SPONGE", "--key", "W-2", check=False)
        assert refused.returncode == 1 and "SPONGE is not offered for points" in refused.stderr
        short = edge.pos("reward", "CARD0001", "KIT", "--qty", "2", "--key", "W-3", check=False)
        assert short.returncode == 1 and "costs 24 points; the member has 18" in short.stderr
        assert "Traceback" not in refused.stderr + short.stderr
        assert edge.status()["newest_seq"] == newest and _points(ho) == 18

        wait_caught_up(ho, [edge])
        assert (_ho_stock(ho, "SHAMPOO"), _ho_stock(ho, "SPONGE")) == (4700, 39)
        assert ho.hoctl("verify", "--store", "S001").returncode == 0
    finally:
        chain.stop()
