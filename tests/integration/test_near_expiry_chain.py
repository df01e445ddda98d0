"""Expiry at receiving, real processes: `pos receive --expiry` records each lot's best-before
day in the store's journal; head office keeps the lots and `hoctl report near-expiry` lists
the ones due soon with what is left of them (first in, first out)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from scripts.chain import wait_caught_up
from tests.chain_fixtures import start_chain

pytestmark = pytest.mark.timeout(300)


def test_a_lot_received_with_its_expiry_shows_in_the_near_expiry_report(tmp_path: Path) -> None:
    chain = start_chain(tmp_path, None, ["S001"], products=3)
    ho, s1 = chain.headoffice, chain.edges["S001"]
    try:
        soon = (dt.date.today() + dt.timedelta(days=3)).isoformat()
        later = (dt.date.today() + dt.timedelta(days=90)).isoformat()
        booked = s1.pos_json(
            "receive", "--supplier-ref", "DN-1", "SKU0000=30@100", "SKU0001=10@50",
            "--expiry", f"SKU0000={soon}", "--expiry", f"SKU0001={later}",
        )  # fmt: skip
        assert [(x["sku"], x["expiry_date"]) for x in booked["lines"]] == [
            ("SKU0000", soon), ("SKU0001", later),
        ]  # fmt: skip
        s1.pos("sell", "SKU0000=4", "--pay", "cash:100000")
        wait_caught_up(ho, [s1])
        report = ho.hoctl_json("report", "near-expiry", "--within-days", "7")
        assert [(r["store"], r["sku"], r["expiry_date"], r["days_left"], r["left_qty_base"],
                 r["value_minor"]) for r in report["rows"]] == [
            ("S001", "SKU0000", soon, 3, 26, 2_600),
        ]  # fmt: skip
        bad = s1.pos("receive", "--supplier-ref", "DN-2", "SKU0000=1@100",
                      "--expiry", "SKU0000=31/12/2026", check=False)  # fmt: skip
        assert bad.returncode == 1 and "YYYY-MM-DD" in bad.stderr
        assert s1.pos_json("stock", "SKU0000")[0]["qty_base"] == 26  # nothing booked
    finally:
        chain.stop()
