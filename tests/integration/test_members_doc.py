"""docs/members.md, run as a new user would run it, on a fresh demo chain
(tests/integration/doc_guides.py); afterwards the test reads the member back as JSON and
checks what the guide states."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration.doc_guides import ROOT, failure, guide_script, run_guide

GUIDE = ROOT / "docs" / "members.md"
EPILOGUE = """
hoctl member ledger M000001 --format json > ledger.json
hoctl member list --format json > members.json
hoctl report liability --format json > liability.json
hoctl report points --format json > points.json
hoctl report uplift --promo TEA-WEEK --format json > uplift.json
hoctl member points CARD0002 --format json > till_points.json
hoctl member ledger CARD0002 --format json > till_ledger.json
pos stock SHAMPOO --format json > consumables.json
"""


def test_guide_blocks_are_recognised() -> None:
    script, refused = guide_script(GUIDE.read_text())
    for command in ("hoctl member add", "hoctl member topup", "hoctl report liability",
                    "hoctl member merge", "hoctl member erase", "hoctl member card-sell",
                    "hoctl member cards", "hoctl member points", "hoctl report points",
                    "hoctl report uplift", "pos member add", "pos topup", "pos card sell",
                    "pos redeem", "pos sell", "pos return", "hoctl promo create"):  # fmt: skip
        assert command in script
    assert refused == 10


@pytest.mark.timeout(300)
def test_members_guide_runs_on_a_fresh_demo_chain(tmp_path: Path) -> None:
    script, _ = guide_script(GUIDE.read_text())
    work = tmp_path / "work"
    work.mkdir()
    run = run_guide(script + EPILOGUE, tmp_path, cwd=work, timeout_s=240)
    assert run.returncode == 0, failure(run)
    exported = json.loads((work / "export.json").read_text())
    assert (exported["phone"], exported["name"], exported["birth_date"]) == (
        "13812345678", "张三丰", "1990-05-17",
    )  # fmt: skip
    ledger = json.loads((work / "ledger.json").read_text())
    assert [e["kind"] for e in ledger["entries"]] == ["topup"]
    assert (ledger["principal_minor"], ledger["bonus_minor"], ledger["erased"]) == (
        50_000,
        8_000,
        True,
    )
    assert ledger["name"].startswith("erased-") and ledger["phone"] == ""
    members = json.loads((work / "members.json").read_text())
    assert [m["merged_into"] for m in members] == ["", "M000001", ""]
    assert members[2]["registered_store"] == "S001" and members[2]["phone"] == "139****5678"
    liability = json.loads((work / "liability.json").read_text())
    # 张三丰's 500 + 80 at head office and 李四's 500 + 80 at the till (5.00 spent, refunded)
    assert (liability["closing_principal_minor"], liability["closing_bonus_minor"]) == (
        100_000,
        16_000,
    )
    assert liability["balanced"] is True
    assert (liability["expired_principal_minor"], liability["expired_bonus_minor"]) == (0, 0)
    points = json.loads((work / "points.json").read_text())
    assert points["report"] == "points" and points["totals"]["balanced"] is True
    uplift = json.loads((work / "uplift.json").read_text())
    assert (uplift["promotion"], uplift["days"]) == ("TEA-WEEK", 1)
    assert [r["sku"] for r in uplift["rows"]] == ["TEA-500"]

    # the till's day: the top-up once, the stored value spent and given back on the return
    till_ledger = json.loads((work / "till_ledger.json").read_text())
    assert [e["kind"] for e in till_ledger["entries"]] == ["topup", "debit", "refund"]
    assert (till_ledger["principal_minor"], till_ledger["bonus_minor"]) == (50_000, 8_000)
    # 6 points earned on the 6.20 paid in cash, 3 taken back with two of the four colas
    till_points = json.loads((work / "till_points.json").read_text())
    assert [(e["kind"], e["points"]) for e in till_points["entries"]] == [
        ("earn", 6), ("reverse", -3),
    ]  # fmt: skip
    assert till_points["points_balance"] == 3
    # the car wash took 300 ml of shampoo from S001's 5000
    consumables = json.loads((work / "consumables.json").read_text())
    assert {r["sku"]: r["qty_base"] for r in consumables}["SHAMPOO"] == 4_700
