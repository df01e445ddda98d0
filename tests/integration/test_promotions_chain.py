"""Promotions end to end: real head office and edge processes, hoctl and pos, both databases.

A promotion created with hoctl reaches the store in its scope down the feed; `pos sell`
prices with it (the receipt and --format json say why each line got its price); head
office re-prices the sale with its own copy, accepts it and `hoctl verify` matches; a
return refunds the line's allocated price; once ended at head office the promotion no
longer applies at the store.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from scripts.chain import EdgeAgent, HeadOffice, wait_caught_up, wait_for

pytestmark = pytest.mark.timeout(240)
SAMPLE = Path(__file__).resolve().parents[2] / "deploy" / "sample"
COLA = "6920000000012"  # COLA-330 at 3.50
WATER = "6901234567892"  # WATER-550 at 2.00


def promotions_at(edge: EdgeAgent) -> dict[str, int | None]:
    """The store's copy of the promotions (read-only from its ledger): id -> ended_at_ms."""
    uri = f"file:{edge.data_dir / 'ledger.db'}?mode=ro"
    with sqlite3.connect(uri, uri=True) as conn:
        return dict(conn.execute("SELECT promo_id, ended_at_ms FROM promotions").fetchall())


def test_a_promotion_from_hoctl_is_applied_at_the_till_and_accepted_at_head_office(
    tmp_path: Path, ho_db: str | None
) -> None:
    ho = HeadOffice(tmp_path / "ho", db_url=ho_db)
    ho.init()
    ho.start()
    edge = EdgeAgent(tmp_path / "edge-S001", "S001")
    try:
        ho.hoctl("catalogue", "import", str(SAMPLE / "products.csv"))
        bundle = ho.add_store("S001", "Central", tmp_path)
        ho.add_store("S002", "Station", tmp_path)
        ho.hoctl("promo", "create", "--id", "COLA20", "--kind", "percent_off",
                 "--skus", "COLA-330", "--percent-bp", "2000", "--stores", "S001")  # fmt: skip
        ho.hoctl("promo", "create", "--id", "S2ONLY", "--kind", "percent_off",
                 "--skus", "WATER-550", "--percent-bp", "5000", "--stores", "S002")  # fmt: skip
        ho.hoctl("promo", "create", "--id", "SPEND10", "--kind", "spend_save",
                 "--threshold", "1000", "--amount", "100")  # fmt: skip
        edge.init(bundle)
        edge.start()
        edge.sign_in()
        wait_for("promotions at S001", lambda: len(promotions_at(edge)) == 2, 30)
        assert promotions_at(edge) == {"COLA20": None, "SPEND10": None}  # not S002's

        sale = json.loads(
            edge.pos("sell", f"{COLA}=3", f"{WATER}=2", "--pay", "cash:5000",
                     "--format", "json").stdout
        )  # fmt: skip
        # 3 x 3.50 = 10.50 less 20 % = 8.40; 2 x 2.00 = 4.00; 12.40 spent: less 1.00.
        assert sale["total_minor"] == 1140
        cola, water = sale["lines"]
        assert [o["promo_id"] for o in cola["offers"]] == ["COLA20", "SPEND10"]
        assert [o["promo_id"] for o in water["offers"]] == ["SPEND10"]
        assert cola["paid_minor"] + water["paid_minor"] == 1140
        assert all(o["why"] for o in cola["offers"])
        text = edge.pos("sell", f"{WATER}=5", "--pay", "cash:1000").stdout
        spend_words = cola["offers"][1]["why"]  # "spend ¥10.00, save ¥1.00" in English
        assert any(spend_words in row and "-" in row for row in text.splitlines())  # receipt

        wait_caught_up(ho, [edge])
        assert ho.hoctl("verify", "--store", "S001").returncode == 0

        # The colas back: exactly what was paid for them.
        back = json.loads(
            edge.pos("return", "--sale", str(sale["sale_no"]), f"{COLA}=3",
                     "--format", "json").stdout
        )  # fmt: skip
        assert back["total_minor"] == cola["paid_minor"]

        # Ended at head office: the store stops applying it.
        ho.hoctl("promo", "end", "COLA20")
        wait_for("COLA20 ended at S001", lambda: promotions_at(edge)["COLA20"] is not None, 30)
        after = json.loads(
            edge.pos("sell", f"{COLA}=3", "--pay", "cash:2000", "--format", "json").stdout
        )
        assert after["total_minor"] == 1050 - 100
        assert [o["promo_id"] for o in after["lines"][0]["offers"]] == ["SPEND10"]

        wait_caught_up(ho, [edge])
        assert ho.hoctl("verify", "--store", "S001").returncode == 0
    finally:
        edge.stop()
        ho.stop()
