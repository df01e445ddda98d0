"""Every till entry kind reaches head office: a real head office and edge agent (scripts/chain.py),
pos subcommands as processes, `hoctl verify` agreeing afterwards."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

from scripts.chain import BIN, wait_caught_up
from tests.chain_fixtures import start_chain


def test_till_entries_reach_head_office(tmp_path: Path) -> None:
    db = tmp_path / "ho.db"
    chain = start_chain(tmp_path, f"sqlite:///{db}", ["S001"], products=5)
    try:
        edge = chain.edges["S001"]
        code = chain.products[0]["barcodes"]
        price = int(chain.products[0]["price_minor"])
        subprocess.run(
            [
                str(BIN / "edge-agent"),
                "manager",
                "add",
                "meg",
                "--pin-stdin",
                "--data-dir",
                str(edge.data_dir),
            ],
            input="246813\n",
            text=True,
            check=True,
            capture_output=True,
            env=edge.env,
        )
        edge.env["STORELEDGER_MANAGER_PIN"] = "246813"
        edge.pos("shift", "open", "--float", "10000")
        edge.pos("sell", f"{code}=2", "--pay", f"cash:{2 * price + 100}")
        edge.pos("return", "--sale", "1", f"{code}=1:write_off")
        edge.pos("no-sale", "--manager", "meg", "--reason", "change")
        edge.pos("void", "--lines", f"{code}=1", "--manager", "meg")
        edge.pos("x-report")
        edge.pos("shift", "close", "--count", "10000x1")
        edge.pos("z-report")
        wait_caught_up(chain.headoffice, [edge])
        verify = chain.headoffice.hoctl("verify", "--store", "S001", check=False)
        assert verify.returncode == 0, verify.stdout + verify.stderr
        with sqlite3.connect(db) as conn:
            kinds = {
                row[0]
                for row in conn.execute(
                    "SELECT document_type FROM journal_entries WHERE store_code = 'S001'"
                )
            }
        assert kinds == {
            "approval",
            "sale",
            "sale_return",
            "no_sale",
            "cart_void",
            "shift_event",
            "till_report",
        }
    finally:
        chain.stop()
