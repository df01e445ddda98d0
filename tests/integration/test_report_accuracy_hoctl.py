"""hoctl report accuracy against a real `headoffice serve` (CountAdmin.CountAccuracy), on
SQLite and PostgreSQL: JSON figures, a store manager's view, --since, and the chart and page
head office draws (--png, --html)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from common.clock import now_ms
from headoffice.services.sync import apply_batch
from headoffice.store.engine import create_engine
from headoffice.store.unit_of_work import UnitOfWork
from scripts.chain import HeadOffice
from tests.db.test_count_accuracy import at, posted
from tests.journal_entries import delivery, sale

pytestmark = pytest.mark.timeout(300)
CATALOGUE = "sku,name,barcodes,unit,price_minor,cost_minor,category\n" + "\n".join(
    f"{sku},{sku.title()},,piece,500,150,{cat}"
    for sku, cat in (("COLA", "drinks/soft"), ("TEA", "drinks/hot"))
)


def test_hoctl_report_accuracy_through_the_admin_server(tmp_path: Path, ho_db: str | None) -> None:
    ho = HeadOffice(tmp_path / "ho", db_url=ho_db)
    ho.init()
    ho.start()
    try:
        (tmp_path / "products.csv").write_text(CATALOGUE)
        ho.hoctl("catalogue", "import", str(tmp_path / "products.csv"))
        ho.add_store("S001", "Main Street", tmp_path)
        ho.add_store("S002", "Riverside", tmp_path)
        mia = ho.add_user("mia", "store_manager", tmp_path, ("S001",))
        when = now_ms() - 2 * 86_400_000
        stock = [("COLA", 100, 200), ("TEA", 50, 100)]
        engine = create_engine(ho_db or f"sqlite:///{ho.data_dir / 'headoffice.db'}")
        try:
            # S001 sells 5 COLA (1,000 at cost), counts COLA 95 -> 93 (-400) and TEA right.
            apply_batch(UnitOfWork(engine), "S001", [
                delivery(1, stock), at(sale(2, "COLA", 5), when - 60_000),
                *posted(3, "cs-1", [("COLA", 95, 93, 200), ("TEA", 50, 50, 100)], when),
            ])  # fmt: skip
            # S002 sells 20 COLA (4,000), counts COLA 80 -> 79 (-200).
            apply_batch(UnitOfWork(engine), "S002", [
                delivery(1, stock), at(sale(2, "COLA", 20), when - 60_000),
                *posted(3, "cs-2", [("COLA", 80, 79, 200)], when),
            ])  # fmt: skip
        finally:
            engine.dispose()

        report = ho.hoctl_json("report", "accuracy")
        chain = report["chain"]
        assert (chain["sku_count"], chain["within"], chain["accuracy_bp"]) == (3, 1, 3_333)
        assert (chain["loss_minor"], chain["shrink_minor"], chain["sales_minor"]) == (
            -600, 600, 5_000,
        )  # fmt: skip
        assert chain["shrink_sales_bp"] == 1_200 and report["currency"] == "CNY"
        assert chain["top_skus"] == [{"sku": "COLA", "loss_minor": -600, "counts": 2}]
        assert [(s["store"], s["accuracy_bp"], s["shrink_sales_bp"]) for s in report["store_figures"]] == [
            ("S001", 5_000, 4_000), ("S002", 0, 500),
        ]  # fmt: skip
        assert report["by"] == "week" and report["since_at"].endswith("Z")

        mine = ho.hoctl_as(mia, "report", "accuracy", "--format", "json")
        assert '"S002"' not in mine.stdout and '"S001"' in mine.stdout
        refused = ho.hoctl_as(mia, "report", "accuracy", "--store", "S002", check=False)
        assert refused.returncode == 1 and "Traceback" not in refused.stderr

        tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()
        assert ho.hoctl_json("report", "accuracy", "--since", tomorrow)["store_figures"] == []
        bad = ho.hoctl("report", "accuracy", "--since", "yesterday", check=False)
        assert bad.returncode == 1 and "YYYY-MM-DD" in bad.stderr

        rows = list(csv.DictReader(io.StringIO(
            ho.hoctl("report", "accuracy", "--format", "csv").stdout
        )))  # fmt: skip
        assert [(r["store"], r["accuracy_bp"]) for r in rows] == [("S001", "5000"), ("S002", "0")]
        table = ho.hoctl("report", "accuracy", "--by", "day").stdout
        assert "S002" in table and "33.33%" in table

        png, page = tmp_path / "acc.png", tmp_path / "acc.html"
        ho.hoctl("report", "accuracy", "--png", str(png), "--html", str(page))
        assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
        text = page.read_text(encoding="utf-8")
        assert text.startswith("<!DOCTYPE html>") and "data:image/png;base64," in text
        assert "S002" in text and "COLA" in text
        again = ho.hoctl("report", "accuracy", "--png", str(png), check=False)
        assert again.returncode == 1 and "already exists" in again.stderr
    finally:
        ho.stop()
