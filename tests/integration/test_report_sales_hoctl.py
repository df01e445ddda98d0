"""hoctl report sales|margin|cashiers|turnover|shrink|slow-movers|no-sale against a real
`headoffice serve` (ReportsAdmin.RunReport), on SQLite and PostgreSQL: JSON figures, CSV,
a store manager's view, bad input as one sentence, and the chart and page (--png, --html)
decoded and non-empty."""

from __future__ import annotations

import base64
import csv
import io
import re
from pathlib import Path

import pytest
from PIL import Image

from common.clock import now_ms
from headoffice.services.sync import apply_batch
from headoffice.store.engine import create_engine
from headoffice.store.unit_of_work import UnitOfWork
from scripts.chain import HeadOffice
from tests.journal_entries import customer_return, delivery, sale

pytestmark = pytest.mark.timeout(300)
CATALOGUE = "sku,name,barcodes,unit,price_minor,cost_minor,category\n" + "\n".join(
    f"{sku},{sku.title()},,piece,500,150,{cat}"
    for sku, cat in (("COLA", "drinks/soft"), ("TEA", "drinks/hot"), ("SOAP", "home"))
)


def _decodes(png: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(png)) as image:
        image.load()
        assert image.getextrema() != ((255, 255), (255, 255), (255, 255), (255, 255))
        return image.size


def test_hoctl_reports_through_the_admin_server(tmp_path: Path, ho_db: str | None) -> None:
    ho = HeadOffice(tmp_path / "ho", db_url=ho_db)
    ho.init()
    ho.start()
    try:
        (tmp_path / "products.csv").write_text(CATALOGUE)
        ho.hoctl("catalogue", "import", str(tmp_path / "products.csv"))
        ho.add_store("S001", "Main Street", tmp_path)
        ho.add_store("S002", "Riverside", tmp_path)
        mia = ho.add_user("mia", "store_manager", tmp_path, ("S001",))
        when = now_ms() - 86_400_000
        stock = [("COLA", 100, 200), ("TEA", 50, 100), ("SOAP", 10, 400)]
        engine = create_engine(ho_db or f"sqlite:///{ho.data_dir / 'headoffice.db'}")
        try:
            # S001: 5 COLA and 2 TEA sold at 3.00 (2,100 revenue; cost 1,000 + 200), 1 TEA back.
            s001 = [delivery(1, stock), sale(2, "COLA", 5, when), sale(3, "TEA", 2, when + 1)]
            s001.append(customer_return(4, "TEA", 1))
            s001[-1].occurred_at_ms = when + 2
            apply_batch(UnitOfWork(engine), "S001", s001)
            # S002: 20 COLA (6,000 revenue; 4,000 cost).
            apply_batch(UnitOfWork(engine), "S002", [delivery(1, stock), sale(2, "COLA", 20, when)])
        finally:
            engine.dispose()

        sales = ho.hoctl_json("report", "sales", "--days", "7")
        assert [(r["store"], r["qty_base"], r["amount_minor"], r["cost_minor"]) for r in sales["rows"]] == [
            ("S001", 6, 1_800, 1_100), ("S002", 20, 6_000, 4_000),
        ]  # fmt: skip
        assert sales["totals"]["margin_minor"] == 2_700 and sales["currency"] == "CNY"
        assert sales["top_sellers"][0]["sku"] == "COLA"
        assert sales["top_sellers"][0]["amount_minor"] == 7_500
        by_sku = ho.hoctl_json("report", "sales", "--by", "sku", "--store", "S001")
        assert {r["sku"]: r["qty_base"] for r in by_sku["rows"]} == {"COLA": 5, "TEA": 1}
        margin = ho.hoctl_json("report", "margin", "--by", "category")
        assert {r["category"]: r["margin_minor"] for r in margin["rows"]} == {
            "drinks/soft": 7_500 - 5_000, "drinks/hot": 300 - 100,
        }  # fmt: skip
        cashiers = ho.hoctl_json("report", "cashiers")
        assert [(r["store"], r["staff_code"], r["sales_count"]) for r in cashiers["rows"]] == [
            ("S001", "anna", 1), ("S002", "anna", 1),
        ]  # fmt: skip
        # COLA: 95 on hand, 5 sold in 30 days: 570 days of cover, 2 x 200 -> 20 % off; TEA (49
        # on hand, 1 sold net) past 4 x 200 and SOAP (never sold): bundles.
        slow = ho.hoctl_json("report", "slow-movers", "--store", "S001", "--cover-days", "200")
        assert {r["sku"]: (r["promotion"], r["markdown_bp"], r["cover_days"]) for r in slow["rows"]} == {
            "COLA": ("markdown", 2_000, 570), "TEA": ("bundle", 0, 1_470), "SOAP": ("bundle", 0, None),
        }  # fmt: skip
        nosale = ho.hoctl_json("report", "no-sale", "--store", "S002")["rows"]
        assert [(r["sku"], r["value_minor"]) for r in nosale] == [("TEA", 5_000), ("SOAP", 4_000)]
        turnover = ho.hoctl_json("report", "turnover")
        assert {r["store"] for r in turnover["rows"]} == {"S001", "S002"}
        assert ho.hoctl_json("report", "suppliers")["rows"] == []  # no order sent
        shrink = ho.hoctl_json("report", "shrink")
        assert all(r["shrink_minor"] == 0 for r in shrink["rows"])

        mine = ho.hoctl_as(mia, "report", "sales", "--format", "json").stdout
        assert '"S002"' not in mine and '"S001"' in mine
        rows = list(
            csv.DictReader(io.StringIO(ho.hoctl("report", "sales", "--format", "csv").stdout))
        )
        assert [(r["store"], r["amount_minor"]) for r in rows] == [
            ("S001", "1800"),
            ("S002", "6000"),
        ]
        assert "18.00" in ho.hoctl("report", "sales").stdout

        for args, words in (
            (("report", "sales", "--store", "S404"), "S404"),
            (("report", "sales", "--since", "2026-12-05", "--until", "2026-12-01"), "empty"),
            (("report", "sales", "--since", "yesterday"), "YYYY-MM-DD"),
        ):
            bad = ho.hoctl(*args, check=False)
            assert bad.returncode == 1 and words in bad.stderr and "Traceback" not in bad.stderr
        refused = ho.hoctl_as(mia, "report", "sales", "--store", "S002", check=False)
        assert refused.returncode == 1 and "Traceback" not in refused.stderr
        unknown = ho.hoctl("report", "weather", check=False)
        assert unknown.returncode == 2 and "weather" in unknown.stderr

        png, page = tmp_path / "sales.png", tmp_path / "sales.html"
        ho.hoctl("report", "sales", "--by", "sku", "--png", str(png), "--html", str(page))
        assert _decodes(png.read_bytes()) == (1100, 715)
        text = page.read_text(encoding="utf-8")
        inline = re.search(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', text)
        assert inline and _decodes(base64.b64decode(inline.group(1)))
        assert "COLA" in text and "<script" not in text
        slow_png = tmp_path / "slow.png"
        ho.hoctl("report", "slow-movers", "--png", str(slow_png))
        assert _decodes(slow_png.read_bytes())
        assert ho.hoctl_json("report", "accuracy")["store_figures"] == []  # still there
    finally:
        ho.stop()
