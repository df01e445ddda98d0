"""The SKU roll-ups' days and the configured time zone, real processes: sales counted by SKU
at UTC, head office restarted with [counts] utc_offset_minutes = 480 keeps counting them at
UTC and warns at start; `headoffice rebuild-report-rollups` counts them again at +8 h and the
next start says nothing (services/report_days.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.chain import BIN, run, wait_caught_up
from tests.chain_fixtures import start_chain

pytestmark = pytest.mark.timeout(300)

WARNING = "SKU report days follow another UTC offset than [counts]"


def test_a_new_time_zone_waits_for_a_rebuild_of_the_sku_days(
    tmp_path: Path, ho_db: str | None
) -> None:
    chain = start_chain(tmp_path, ho_db, ["S001"], products=3)
    ho, s1 = chain.headoffice, chain.edges["S001"]
    log = ho.data_dir / "headoffice.log"
    try:
        s1.pos("sell", "SKU0000=2", "--pay", "cash:100000")
        wait_caught_up(ho, [s1])
        assert WARNING not in log.read_text()
        ho.stop()
        ho.env["STORELEDGER_HO_COUNTS_UTC_OFFSET_MINUTES"] = "480"
        ho.start()
        assert log.read_text().count(WARNING) == 1
        ho.stop()
        rebuild = [
            str(BIN / "headoffice"),
            "rebuild-report-rollups",
            "--data-dir",
            str(ho.data_dir),
        ]
        done = run(rebuild, env=ho.env)
        assert done.stdout.rstrip().endswith("from 1 journal entries")  # the one sale
        ho.start()
        assert log.read_text().count(WARNING) == 1  # the rows count the configured days now
        sold = ho.hoctl_json("report", "sales", "--by", "sku", "--days", "2")
        assert [(r["sku"], r["qty_base"]) for r in sold["rows"]] == [("SKU0000", 2)]
        assert sold["utc_offset_minutes"] == 480
    finally:
        chain.stop()
