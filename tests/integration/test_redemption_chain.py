"""Punch-card redemption deducts consumables from stock and `hoctl verify` still matches
(issue 15, Tests): a real head office and edge agent, hoctl and pos as processes.

A card for a car wash is sold at head office (hoctl member card-sell); `pos redeem` takes
a use at the till, head office authorises it and names the wash's consumables (catalogue
components), the store journals them; the same command again takes nothing more; a SKU
the card does not cover is head office's sentence with nothing written; the store's and
head office's stock both lose the consumables and hoctl verify agrees.
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
WASH,标准洗车,,piece,3000,0,service,service,SHAMPOO=300|SPONGE=1
"""


def _stock(edge, sku: str) -> int:
    [row] = edge.pos_json("stock", sku)
    return int(row["qty_base"])


def _ho_stock(ho, sku: str) -> int:
    rows = ho.hoctl_json("stock", "--store", "S001")
    return next(int(r["qty_base"]) for r in rows if r["sku"] == sku)


def test_punch_card_redemption_deducts_consumables_and_verify_matches(tmp_path, ho_db) -> None:
    chain = start_chain(tmp_path, ho_db, ["S001"], products=2)
    try:
        ho, edge = chain.headoffice, chain.edges["S001"]
        csv_path = tmp_path / "carwash.csv"
        csv_path.write_text(CARWASH_CSV, encoding="utf-8")
        ho.hoctl("catalogue", "import", str(csv_path))
        wait_for("the car wash at S001", lambda: edge.status()["product_count"] >= 5, 30)
        edge.pos("receive", "--supplier-ref", "DN-1", "SHAMPOO=5000@2", "SPONGE=50@100")
        ho.hoctl("member", "add", "--phone", "13812345678", "--name", "张三", "--card", "CARD0001")
        card = ho.hoctl_json(
            "member", "card-sell", "13812345678", "--kind", "punch_card", "--covers", "WASH",
            "--uses", "10", "--paid", "25000", "--key", "HO-card-1", "--format", "json",
        )  # fmt: skip
        card_no = str(card["entitlement_id"])

        redeem = ("redeem", "CARD0001", "--card", card_no, "--sku", "WASH", "--key", "R-1")
        # The slip for people: masked phone, card, uses left, what was used.
        slip = edge.pos(*redeem).stdout
        assert "138****5678" in slip and "13812345678" not in slip
        assert card_no in slip and "洗车液" in slip and "Uses left" in slip
        assert (_stock(edge, "SHAMPOO"), _stock(edge, "SPONGE")) == (4700, 49)

        # The same key again: the recorded use, nothing new at the store or head office.
        used = json.loads(edge.pos(*redeem, "--format", "json").stdout)
        assert (used["member_id"], used["uses"], used["uses_left"], used["replayed"]) == (
            "M000001", 1, 9, True,
        )  # fmt: skip
        assert used["authorisation_key"] == "R-1:use" and used["seq"] == edge.status()["newest_seq"]
        assert sorted((m["sku"], m["qty_base"]) for m in used["movements"]) == [
            ("SHAMPOO", -300), ("SPONGE", -1),
        ]  # fmt: skip
        assert (_stock(edge, "SHAMPOO"), _stock(edge, "SPONGE")) == (4700, 49)

        # A SKU the card does not cover: head office's sentence; nothing written at the store.
        newest = edge.status()["newest_seq"]
        refused = edge.pos("redeem", "CARD0001", "--card", card_no, "--sku", "SPONGE",
                           "--key", "R-2", check=False)  # fmt: skip
        assert refused.returncode == 1 and "does not cover SPONGE" in refused.stderr
        assert "Traceback" not in refused.stderr
        assert edge.status()["newest_seq"] == newest

        cards = ho.hoctl_json("member", "cards", "M000001", "--format", "json")
        [row] = cards["cards"] if isinstance(cards, dict) else cards
        assert row["uses_left"] == 9  # one use taken, for all three attempts

        wait_caught_up(ho, [edge])
        assert (_ho_stock(ho, "SHAMPOO"), _ho_stock(ho, "SPONGE")) == (4700, 49)
        assert ho.hoctl("verify", "--store", "S001").returncode == 0
    finally:
        chain.stop()
