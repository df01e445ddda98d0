"""hoctl stock and hoctl stock card against a real chain: deliveries and sales made with pos
at real edge agents, synced to a real head office (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from scripts.chain import wait_caught_up
from tests.chain_fixtures import start_chain

pytestmark = pytest.mark.timeout(240)


def test_stock_views_of_a_real_chain(tmp_path, ho_db) -> None:
    chain = start_chain(tmp_path, ho_db, ["S001", "S002"], products=8)
    ho = chain.headoffice
    s1, s2 = chain.edges["S001"], chain.edges["S002"]
    first, second = chain.products[0], chain.products[1]  # SKU0000 in cat0, SKU0001 in cat1
    try:
        s1.pos("receive", "--supplier-ref", "DN-1", f"{first['sku']}=24@95")
        s1.pos("sell", f"{first['barcodes']}=2", "--pay", "cash:100000")
        s2.pos("sell", second["barcodes"], "--pay", "cash:100000")
        wait_caught_up(ho, [s1, s2])

        rows = ho.hoctl_json("stock", "--store", "S001")
        (row,) = [r for r in rows if r["sku"] == first["sku"]]
        assert row == {
            "store": "S001",
            "sku": first["sku"],
            "name": first["name"],
            "category": "cat0",
            "unit": "piece",
            "qty_base": 22,
            "unit_cost_minor": 95,
            "value_minor": 22 * 95,
            "currency": "CNY",
        }

        card = ho.hoctl_json("stock", "card", "--store", "S001", "--sku", first["sku"])
        moves = [(m["reason"], m["qty_base"], m["balance_qty_base"]) for m in card["movements"]]
        assert moves == [("receipt", 24, 24), ("sale", -2, 22)]
        assert card["opening_qty_base"] == 0
        assert card["closing_qty_base"] == card["level_qty_base"] == 22
        assert card["movements"][1]["document_type"] == "sale"
        assert card["movements"][1]["document_id"] and card["movements"][1]["actor"]
        assert card["movements"][1]["occurred_at"].endswith("Z")

        negative = ho.hoctl("stock", "--negative", "--format", "csv").stdout
        assert list(csv.DictReader(io.StringIO(negative))) == [
            {
                "store": "S002",
                "sku": second["sku"],
                "name": second["name"],
                "category": "cat1",
                "unit": "piece",
                "qty_base": "-1",
                "unit_cost_minor": second["cost_minor"],
                "value_minor": str(-int(second["cost_minor"])),
                "currency": "CNY",
            }
        ]

        totals = ho.hoctl_json("stock", "--category", "cat0")
        assert [(t["sku"], t["store_count"], t["qty_base"]) for t in totals][0] == (
            first["sku"],
            1,
            22,
        )
        table = ho.hoctl("stock", "--store", "S002").stdout.splitlines()
        assert table[-1].endswith("; 1 below zero")

        sam = ho.add_user("sam", "store_manager", tmp_path, ("S001",))
        mine = json.loads(ho.hoctl_as(sam, "stock", "--by-store", "--format", "json").stdout)
        assert mine and {r["store"] for r in mine} == {"S001"}
        refused = ho.hoctl_as(
            sam, "stock", "card", "--store", "S002", "--sku", second["sku"], check=False
        )
        assert refused.returncode == 1
        assert refused.stderr.strip() == (
            "hoctl stock card: user sam manages store(s) S001, not S002"
        )
        unknown = ho.hoctl("stock", "--category", "nope", check=False)
        assert unknown.returncode == 1
        assert unknown.stderr.strip() == (
            "hoctl stock: category 'nope' is not in head office's catalogue"
        )
    finally:
        chain.stop()
