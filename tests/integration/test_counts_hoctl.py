"""hoctl count ... against a real `headoffice serve` (the CountAdmin service), on SQLite and
PostgreSQL. The store's side is its journal: the test applies the entries a store would send
(count session, lines between sales, the posting) straight to head office's database, as
the sync service would, and reads everything back through hoctl."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from headoffice.services.sync import apply_batch
from headoffice.store.engine import create_engine
from headoffice.store.unit_of_work import UnitOfWork
from scripts.chain import HeadOffice
from tests.journal_entries import count_line, count_posting, count_session_event, delivery, sale

pytestmark = pytest.mark.timeout(300)
CATALOGUE = "sku,name,barcodes,unit,price_minor,cost_minor,category\n" + "\n".join(
    f"{sku},{sku.title()},,piece,500,150,{cat}"
    for sku, cat in (("COLA", "drinks/soft"), ("TEA", "drinks/hot"), ("SOAP", "home"))
)


def test_hoctl_count_through_the_admin_server(tmp_path: Path, ho_db: str | None) -> None:
    ho = HeadOffice(tmp_path / "ho", db_url=ho_db)
    ho.init()
    ho.start()
    try:
        (tmp_path / "products.csv").write_text(CATALOGUE)
        ho.hoctl("catalogue", "import", str(tmp_path / "products.csv"))
        ho.add_store("S001", "Main Street", tmp_path)
        mia = ho.add_user("mia", "store_manager", tmp_path, ("S001",))
        leo = ho.add_user("leo", "store_manager", tmp_path, ("S001",))
        bea = ho.add_user("bea", "buyer", tmp_path)
        engine = create_engine(ho_db or f"sqlite:///{ho.data_dir / 'headoffice.db'}")
        try:
            apply_batch(UnitOfWork(engine), "S001", [
                delivery(1, [("COLA", 100, 200), ("TEA", 50, 100)]),
                count_session_event(2, "cs-1", "opened", skus=["COLA"]),
                sale(3, "COLA", 5),
                count_line(4, "cs-1", "COLA", 60, book=95, location="A-1", counter="mia"),
                sale(5, "COLA", 1),
                count_line(6, "cs-1", "COLA", 33, book=94, location="B-1", counter="mia"),
                count_session_event(7, "cs-1", "submitted"),
            ])  # fmt: skip

            # Read: the variance at the last line's position (93 counted, 94 book), moved -1.
            shown = ho.hoctl_json("count", "show", "cs-1")
            assert shown["session"]["state"] == "submitted"
            [cola] = shown["results"]
            assert (cola["book_qty_base"], cola["counted_qty_base"], cola["variance_qty_base"],
                    cola["value_minor"], cola["moved_qty_base"]) == (94, 93, -1, -200, -1)  # fmt: skip
            assert shown["totals"]["loss_minor"] == -200 and shown["book_mismatches"] == 0
            table = ho.hoctl("count", "show", "cs-1").stdout
            assert "COLA" in table and "-2.00" in table
            by_category = ho.hoctl("count", "variance", "cs-1", "--by", "category",
                                   "--format", "csv").stdout  # fmt: skip
            [row] = list(csv.DictReader(io.StringIO(by_category)))
            assert (row["key"], row["loss_qty_base"], row["net_minor"]) == (
                "drinks/soft", "-1", "-200",
            )  # fmt: skip
            assert [s["session_id"] for s in ho.hoctl_json("count", "list")] == ["cs-1"]

            # Bad input: a sentence, exit 1, nothing written.
            def refused(identity: Path | None, *args: str) -> str:
                done = (ho.hoctl_as(identity, *args, check=False) if identity
                        else ho.hoctl(*args, check=False))  # fmt: skip
                assert done.returncode == 1, done
                assert "Traceback" not in done.stderr
                return done.stderr

            assert "mia counted COLA" in refused(mia, "count", "approve", "cs-1")
            assert "lacks permission count.approve" in refused(bea, "count", "approve", "cs-1")
            assert "S009" in refused(None, "count", "create", "--store", "S009", "--scope", "full")
            assert "cs-1" in refused(None, "count", "create", "--store", "S001", "--scope",
                                     "category", "--category", "drinks")  # fmt: skip
            assert "at the store" in refused(None, "count", "create", "--store", "S001",
                                             "--scope", "location", "--location", "A-")  # fmt: skip
            assert [s["session_id"] for s in ho.hoctl_json("count", "list")] == ["cs-1"]

            # A head-office session: category subtree resolved here, sent to the store.
            tea = ho.hoctl_json("count", "create", "--store", "S001", "--scope", "category",
                                "--category", "drinks/hot", "--title", "Hot drinks")  # fmt: skip
            assert (tea["state"], tea["scope"]["skus"], tea["origin"]) == (
                "ordered", ["TEA"], "head_office",
            )  # fmt: skip
            cancelled = ho.hoctl_json("count", "cancel", tea["session_id"])
            assert cancelled["state"] == "cancelled"

            approved = ho.hoctl_as(leo, "count", "approve", "cs-1", "--format", "json")
            assert '"approved_by": "leo"' in approved.stdout
            # The store posts it in its own ledger; the journal brings it back.
            apply_batch(UnitOfWork(engine), "S001", [
                count_posting(8, "cs-1", [("COLA", 94, 93, 200)], moved=[-1]),
            ])  # fmt: skip
            assert ho.hoctl_json("count", "show", "cs-1")["session"]["state"] == "posted"
            levels = {r["sku"]: r["qty_base"] for r in ho.hoctl_json("stock", "--store", "S001")}
            assert levels["COLA"] == 93
            plan = ho.hoctl_json("count", "plan", "--store", "S001")
            # The test's journal is dated 1970: COLA's count is long due again, TEA never counted.
            assert sorted(s for p in plan for s in p["skus"]) == ["COLA", "TEA"]
            assert all(p["store"] == "S001" and p["session_id"] == "" for p in plan)
        finally:
            engine.dispose()
    finally:
        ho.stop()
