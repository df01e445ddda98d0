"""docs/channels.md, run as a new user would run it, on a fresh demo chain
(tests/integration/doc_guides.py): an online order reserved, picked and handed over, a
voucher redeemed at the till, an offline oversell flagged and resolved by a transfer;
afterwards the test reads the results back as JSON and checks what the guide states."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration.doc_guides import ROOT, failure, guide_script, run_guide

GUIDE = ROOT / "docs" / "channels.md"
EPILOGUE = """
hoctl channel reservations --format json > reservations.json
hoctl voucher redemptions --format json > redemptions.json
hoctl channel conflicts --state all --format json > conflicts.json
hoctl transfer show TR000001 --format json > transfer.json
"""


def test_guide_blocks_are_recognised() -> None:
    script, refused = guide_script(GUIDE.read_text())
    for command in ("hoctl channel add", "chanctl --bundle mall.channel atp",
                    "chanctl --bundle mall.channel reserve", "chanctl --bundle mall.channel confirm",
                    "pos orders list", "pos orders pick", "pos orders handover",
                    "hoctl channel reservations", "hoctl stock --states",
                    "hoctl voucher package set", "pos voucher scan", "pos voucher redeem",
                    "demo_chain offline S001", "demo_chain online S001", "pos sell",
                    "hoctl channel conflicts", "hoctl channel resolve CC000001 --transfer",
                    "hoctl verify"):  # fmt: skip
        assert command in script
    assert "make chain" not in script
    assert refused == 3


@pytest.mark.timeout(400)
def test_channels_guide_runs_on_a_fresh_demo_chain(tmp_path: Path) -> None:
    script, _ = guide_script(GUIDE.read_text())
    work = tmp_path / "work"
    work.mkdir()
    run = run_guide(script + EPILOGUE, tmp_path, cwd=work, timeout_s=300)
    assert run.returncode == 0, failure(run)
    reservations = {r["reservation_id"]: r for r in json.loads((work / "reservations.json").read_text())}  # fmt: skip
    order = reservations["CR000001"]
    assert (order["channel"], order["store"], order["state"], order["order_ref"]) == (
        "mall", "S001", "fulfilled", "M-8812",
    )  # fmt: skip
    assert [(ln["sku"], ln["qty_base"]) for ln in order["lines"]] == [
        ("COLA-330", 2), ("TEA-500", 1),
    ]  # fmt: skip
    assert set(reservations) == {"CR000001", "CR000002"}  # the refused ones reserved nothing
    [redemption] = json.loads((work / "redemptions.json").read_text())
    assert (redemption["redemption_id"], redemption["state"], redemption["store_code"]) == (
        "VR000001", "verified", "S001",
    )  # fmt: skip
    [conflict] = json.loads((work / "conflicts.json").read_text())
    assert (conflict["conflict_id"], conflict["sku"], conflict["short_qty_base"]) == (
        "CC000001", "CHOC-45", 2,
    )  # fmt: skip
    assert conflict["reservation_ids"] == ["CR000002"]
    assert (conflict["state"], conflict["resolution"], conflict["transfer_id"]) == (
        "resolved", "transfer", "TR000001",
    )  # fmt: skip
    transfer = json.loads((work / "transfer.json").read_text())
    assert (transfer["from_store"], transfer["to_store"]) == ("S002", "S001")
