"""docs/replenishment.md, run as a new user would run it, on a fresh demo chain.

The guide's ```sh blocks run in order in a scratch directory (tests/integration/
doc_guides.py); afterwards the test reads the runs back as JSON and checks what the
guide states: a transfer of 18 proposed before a purchase of one pack of 24, the
approval refused once the stock moved, the second run approved into a real transfer
and a draft purchase order, and nothing more to do after.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration.doc_guides import ROOT, failure, guide_script, run_guide

GUIDE = ROOT / "docs" / "replenishment.md"
EPILOGUE = """
hoctl replenish show R-1 --format json > r1.json
hoctl replenish show R-2 --format json > r2.json
hoctl replenish run --dry-run --format json > r3.json
hoctl transfer list --format json > transfers.json
hoctl po list --format json > orders.json
hoctl audit list --format json > audit.json
hoctl jobs history --limit 20 --format json > jobs.json
"""


def test_guide_blocks_are_recognised() -> None:
    script, refused = guide_script(GUIDE.read_text())
    for command in ("hoctl replenish run", "hoctl replenish approve R-2",
                    "hoctl replenish minmax set", "hoctl replenish show R-1"):  # fmt: skip
        assert command in script
    assert refused >= 7


@pytest.mark.timeout(300)
def test_replenishment_guide_runs_on_a_fresh_demo_chain(tmp_path: Path) -> None:
    script, _ = guide_script(GUIDE.read_text())
    work = tmp_path / "work"
    work.mkdir()
    run = run_guide(script + EPILOGUE, tmp_path, cwd=work, timeout_s=240)
    assert run.returncode == 0, failure(run)

    r1 = json.loads((work / "r1.json").read_text())
    assert r1["state"] == "proposed"  # its approval was refused: nothing changed
    lines = [(ln["kind"], ln["from_store"] or ln["supplier"], ln["store"], ln["raw_qty_base"],
              ln["qty_base"])
             for ln in r1["lines"]]  # fmt: skip
    assert lines == [("transfer", "S002", "S001", 18, 18), ("purchase", "BEV", "S001", 14, 24)]
    first = r1["lines"][0]
    assert (first["source"], first["on_hand_qty_base"], first["order_up_to_qty_base"],
            first["need_qty_base"], first["z_milli"]) == ("min_max", 48, 80, 32, 1645)  # fmt: skip

    r2 = json.loads((work / "r2.json").read_text())
    assert r2["state"] == "approved"
    assert [(ln["kind"], ln["qty_base"], ln["on_hand_qty_base"], ln["state"])
            for ln in r2["lines"]] == [("transfer", 18, 47, "approved"),
                                       ("purchase", 24, 47, "approved")]  # fmt: skip
    transfer_id, po_id = (ln["document_id"] for ln in r2["lines"])

    transfers = json.loads((work / "transfers.json").read_text())
    assert [(t["transfer_id"], t["from_store"], t["to_store"], t["state"]) for t in transfers] == [
        (transfer_id, "S002", "S001", "open")]  # fmt: skip
    orders = json.loads((work / "orders.json").read_text())
    assert [(o["po_id"], o["store"], o["supplier"], o["state"]) for o in orders] == [
        (po_id, "S001", "BEV", "draft")]  # fmt: skip
    assert json.loads((work / "r3.json").read_text())["lines"] == []
    actions = [r["action"] for r in json.loads((work / "audit.json").read_text())]
    assert actions.count("replenish.run") == 3  # two by hand, one by the job; a dry run is not kept
    assert actions.count("replenish.approve") == 2
    assert actions.count("replenish.minmax.set") == 2

    # 5-7: the jobs ran once each by hand, the alerts were written, the chart was drawn
    runs = json.loads((work / "jobs.json").read_text())
    done = {(r["job"], r["result"]) for r in runs}
    assert ("replenishment", "ok") in done and ("evaluate_alerts", "ok") in done, runs
    assert isinstance(json.loads((work / "alerts.json").read_text()), list)
    assert (work / "sales.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = (work / "sales.html").read_text()
    assert "data:image/png;base64," in page
