"""docs/stocktake.md, run as a new user would run it, on a fresh demo chain.

The guide's ```sh blocks run in order in a scratch directory (tests/integration/
doc_guides.py says how, and what the markers mean); afterwards the test reads the two
counts back as JSON and checks the figures the guide states: no false variance for the
cola sold between its shelf and backroom lines, the tea's recount and its value, two
approvers, head office agreeing with the store.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration.doc_guides import ROOT, failure, guide_script, run_guide

GUIDE = ROOT / "docs" / "stocktake.md"
# Run after the guide, with its variables: what the checks below read.
EPILOGUE = """
hoctl count show "$SID" --format json > drinks-ho.json
pos count show "$SID" --format json > drinks-store.json
hoctl count show "$HID" --format json > snacks-ho.json
pos stock --format json > stock.json
hoctl report accuracy --store S001 --format json > accuracy.json
"""


def test_guide_blocks_are_recognised() -> None:
    script, refused = guide_script(GUIDE.read_text())
    for command in ("pos count start", "pos count scan", "pos sell", "pos count zero",
                    "pos count import", "hoctl count create", "hoctl count variance"):  # fmt: skip
        assert command in script
    assert refused >= 4


@pytest.mark.timeout(240)
def test_stocktake_guide_runs_on_a_fresh_demo_chain(tmp_path: Path) -> None:
    script, _ = guide_script(GUIDE.read_text())
    work = tmp_path / "work"
    work.mkdir()
    run = run_guide(script + EPILOGUE, tmp_path, cwd=work, timeout_s=180)
    assert run.returncode == 0, failure(run)

    ho = json.loads((work / "drinks-ho.json").read_text())
    store = json.loads((work / "drinks-store.json").read_text())
    assert ho["session"]["state"] == store["state"] == "posted"
    assert ho["session"]["selling_locations"] == ["A-"]
    assert (ho["session"]["approved_by"], ho["session"]["second_approved_by"]) == ("demo", "sam")
    assert ho["book_mismatches"] == 0
    for figures in (ho["results"], store["results"]):
        by_sku = {r["sku"]: r for r in figures}
        cola, water, tea = by_sku["COLA-330"], by_sku["WATER-550"], by_sku["TEA-500"]
        # The cola sold between its shelf and backroom lines: moved, but no variance.
        assert (cola["counted_qty_base"], cola["book_qty_base"]) == (48, 48)
        assert (cola["variance_qty_base"], cola["moved_qty_base"]) == (0, -2)
        assert (water["variance_qty_base"], water["value_minor"], water["moved_qty_base"]) == (
            -1, -95, -1,
        )  # fmt: skip
        assert water["within_tolerance"]
        assert (tea["counted_qty_base"], tea["variance_qty_base"], tea["round"]) == (528, 480, 1)
        assert tea["value_minor"] == 480 * 230
        assert by_sku["JUICE-1L"]["counted_qty_base"] == 0
    assert [u["scanned_code"] for u in store["unknown_barcodes"]] == ["6920099999990"]

    snacks = json.loads((work / "snacks-ho.json").read_text())
    assert snacks["session"]["state"] == "posted"
    assert snacks["session"]["approved_by"] == "admin"
    chips = {r["sku"]: r for r in snacks["results"]}["CHIPS-70"]
    assert (chips["variance_qty_base"], chips["counters"]) == (-1, ["cy"])

    levels = {row["sku"]: row["qty_base"] for row in json.loads((work / "stock.json").read_text())}
    assert (levels["COLA-330"], levels["WATER-550"], levels["TEA-500"]) == (46, 46, 528)
    assert levels["CHIPS-70"] == 47
    # The accuracy the guide states: 5 of 6 within tolerance, the water and the chips lost.
    chain = json.loads((work / "accuracy.json").read_text())["chain"]
    assert (chain["sku_count"], chain["within"], chain["accuracy_bp"]) == (6, 5, 8333)
    assert (chain["shrink_minor"], chain["sales_minor"]) == (450 + 95, 2 * 180 + 95)
    assert [s["sku"] for s in chain["top_skus"]] == ["CHIPS-70", "WATER-550"]
    # The guide cleans up after itself.
    assert (
        sorted(p.name for p in work.iterdir() if p.suffix in (".csv", ".pdf", ".png", ".html"))
        == []
    )
