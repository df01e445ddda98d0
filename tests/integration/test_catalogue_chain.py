"""The catalogue end to end: real head office and edge processes, hoctl and pos.

Packs, a service and a bundle imported at head office reach the store; a sale
there moves the service's consumables and the bundle's components (never the
items themselves) at the store and, once synced, at head office; the store
sells at its own price; export then import changes nothing. Both databases.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scripts.chain import EdgeAgent, HeadOffice, wait_caught_up, wait_for

pytestmark = pytest.mark.timeout(240)
SAMPLE = Path(__file__).resolve().parents[2] / "deploy" / "sample"
WATER_CASE = "6920000000135"
COLA_CASE = "6920000000142"
PRODUCTS = 16  # products.csv (12) + catalogue-extras.csv (4 new)


def test_bundle_and_service_sales_move_components_at_store_and_head_office(
    tmp_path: Path, ho_db: str | None
) -> None:
    ho = HeadOffice(tmp_path / "ho", db_url=ho_db)
    ho.init()
    ho.start()
    edge = EdgeAgent(tmp_path / "edge-S001", "S001")
    try:
        ho.hoctl("catalogue", "import", str(SAMPLE / "products.csv"))
        extras = ho.hoctl("catalogue", "import", str(SAMPLE / "catalogue-extras.csv"))
        assert "created 4, updated 2, unchanged 0" in extras.stdout

        # A bundle containing itself through another: refused by line, nothing changed.
        loop = tmp_path / "loop.csv"
        loop.write_text(
            "sku,name,barcodes,unit,price_minor,cost_minor,category,kind,packs,components\n"
            "WASH-BASIC,Wash,,piece,3000,0,car-care,service,,GIFT-DRINKS=1\n"
            "GIFT-DRINKS,Gift,,piece,1500,0,gifts,bundle,,WASH-BASIC=1\n"
            "CASE-X,Odd case,,piece,1,1,x,goods,case=2.5,\n"
        )
        refused = ho.hoctl("catalogue", "import", str(loop), check=False)
        assert refused.returncode == 1
        assert "line 2: service WASH-BASIC contains itself through" in refused.stderr
        assert "line 3: bundle GIFT-DRINKS contains itself through" in refused.stderr
        assert "line 4: pack case must be a positive whole number of base units" in refused.stderr
        assert "3 lines refused; nothing was changed" in refused.stderr
        shown = ho.hoctl_json("catalogue", "show", "GIFT-DRINKS")
        assert shown["kind"] == "bundle"
        assert shown["components"] == [
            {"sku": "COLA-330", "qty_base": 2},
            {"sku": "WATER-550", "qty_base": 4},
        ]

        bundle = ho.add_store("S001", "Central", tmp_path)
        price = ho.hoctl(
            "catalogue", "price", "--store", "S001", "--sku", "WATER-550", "--price", "180"
        )
        assert "store S001 sells WATER-550" in price.stdout and "1.80" in price.stdout
        edge.init(bundle)
        edge.start()
        edge.sign_in()  # demo, a store manager, at T1
        wait_for("catalogue at S001", lambda: edge.status()["product_count"] >= PRODUCTS, 30)

        edge.pos(
            "receive", "--supplier-ref", "DN-1", f"{WATER_CASE}=2@90", f"{COLA_CASE}=1@170",
            "SHAMPOO-CAR=1000@1", "TOWEL-MICRO=10@120",
        )  # fmt: skip
        sale = json.loads(
            edge.pos(
                "sell", "WASH-BASIC", "GIFT-DRINKS", "6901234567892=2",
                "--pay", "cash:10000", "--format", "json",
            ).stdout
        )  # fmt: skip
        assert sale["total_minor"] == 3000 + 1500 + 2 * 180  # WATER-550 at S001's own price
        expected = {
            "WATER-550": 48 - 4 - 2,
            "COLA-330": 24 - 2,
            "SHAMPOO-CAR": 950,
            "TOWEL-MICRO": 9,
        }
        at_store = {
            r["sku"]: r["qty_base"]
            for r in json.loads(edge.pos("stock", "--format", "json").stdout)
        }
        assert {k: at_store.get(k) for k in expected} == expected
        # The service and the bundle themselves never move (the store lists them at 0).
        assert at_store.get("WASH-BASIC", 0) == 0 and at_store.get("GIFT-DRINKS", 0) == 0

        wait_caught_up(ho, [edge])
        at_ho = {r["sku"]: r["qty_base"] for r in ho.hoctl_json("stock", "--store", "S001")}
        assert {k: at_ho.get(k) for k in expected} == expected
        assert at_ho.get("WASH-BASIC", 0) == 0 and at_ho.get("GIFT-DRINKS", 0) == 0
        assert ho.hoctl("verify", "--store", "S001").returncode == 0

        prices = ho.hoctl_json("catalogue", "prices")
        assert [(p["store"], p["sku"], p["price_minor"]) for p in prices] == [
            ("S001", "WATER-550", 180)
        ]
        tree = {n["path"]: n["product_count"] for n in ho.hoctl_json("catalogue", "categories")}
        assert tree["car-care"] == 3 and tree["drinks"] == 3 and tree["drinks/water"] == 1

        # Export round-trips through Excel: importing it back changes nothing.
        book = tmp_path / "catalogue.xlsx"
        ho.hoctl("catalogue", "export", str(book))
        again = ho.hoctl("catalogue", "import", str(book))
        assert f"created 0, updated 0, unchanged {PRODUCTS}" in again.stdout
        removed = ho.hoctl(
            "catalogue", "price", "--store", "S001", "--sku", "WATER-550", "--remove"
        )
        assert "store S001 now sells WATER-550 at the chain price" in removed.stdout
        assert ho.hoctl_json("catalogue", "prices") == []
        audit = ho.hoctl_json("audit", "list", "--entity", "store_price")
        assert [r["action"] for r in audit] == ["store_price.set", "store_price.remove"]
    finally:
        edge.stop()
        ho.stop()
