"""A member's sale end to end: real head office and edge processes, hoctl and pos, both
databases. `pos sell --member ... --pay stored_value:...` debits the member once at head
office; the same command again (the same --key) debits nothing more; with head office
stopped a sale within the store's offline allowance goes through, marked offline on the
receipt and in --format json, and one beyond it is refused with nothing written.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scripts.chain import EdgeAgent, HeadOffice
from tests.integration.test_output_contract import contract_problems, glossary

pytestmark = pytest.mark.timeout(240)
SAMPLE = Path(__file__).resolve().parents[2] / "deploy" / "sample"
COLA = "6920000000012"  # COLA-330 at 3.50


def test_pos_sell_for_a_member_debits_once_and_offline_within_the_allowance(
    tmp_path: Path, ho_db: str | None
) -> None:
    ho = HeadOffice(tmp_path / "ho", db_url=ho_db)
    ho.init()
    ho.start()
    edge = EdgeAgent(tmp_path / "edge-S001", "S001")
    try:
        ho.hoctl("catalogue", "import", str(SAMPLE / "products.csv"))
        bundle = ho.add_store("S001", "Central", tmp_path)
        ho.hoctl("member", "add", "--phone", "13812345678", "--name", "张三", "--card", "CARD0001")
        ho.hoctl("member", "topup", "CARD0001", "--paid", "50000", "--key", "T1")  # + bonus
        edge.init(bundle)
        edge.start()
        edge.sign_in()

        sell = ("sell", f"{COLA}=2", "--member", "13812345678", "--pay", "stored_value:500",
                "--pay", "cash:500", "--key", "s1", "--format", "json")  # fmt: skip
        sale = json.loads(edge.pos(*sell).stdout)
        assert contract_problems(sale, glossary()) == []  # docs/output.md
        stored, cash = sale["tenders"]
        assert (stored["method"], stored["authorisation_key"], stored["offline"]) == (
            "stored_value", "s1:sv", False,
        )  # fmt: skip
        assert (cash["amount_minor"], sale["change_minor"]) == (200, 300)
        member = sale["member"]
        assert (member["member_id"], member["phone"], member["offline"]) == (
            "M000001", "138****5678", False,
        )  # fmt: skip
        before = ho.hoctl_json("member", "ledger", "CARD0001")
        debits = [e for e in before["entries"] if e["kind"] == "debit"]
        assert [(e["key"], e["amount_minor"], e["store"]) for e in debits] == [
            ("s1:sv", 500, "S001")
        ]

        again = json.loads(edge.pos(*sell).stdout)
        assert again["sale_no"] == sale["sale_no"]
        after = ho.hoctl_json("member", "ledger", "CARD0001")
        assert after["entries"] == before["entries"]
        balance = after["principal_minor"] + after["bonus_minor"]

        ho.stop()
        offline = json.loads(
            edge.pos("sell", f"{COLA}=1", "--member", "CARD0001", "--pay", "stored_value:350",
                     "--key", "s2", "--format", "json").stdout
        )  # fmt: skip
        assert contract_problems(offline, glossary()) == []
        [tender] = offline["tenders"]
        assert (tender["offline"], tender["authorisation_key"]) == (True, "s2:sv")
        assert offline["member"]["offline"] and offline["member"]["balance_minor"] == balance - 350
        # The same sale asked again (its key): the recorded receipt says it was offline.
        text = edge.pos("sell", f"{COLA}=1", "--member", "CARD0001", "--pay",
                        "stored_value:350", "--key", "s2").stdout  # fmt: skip
        assert "OFFLINE" in text and "Member M000001" in text

        # Beyond the allowance (100.00 by default, 3.50 taken): refused, nothing written.
        refused = edge.pos("sell", f"{COLA}=30", "--member", "CARD0001", "--pay",
                           "stored_value:10500", "--key", "s3", check=False)  # fmt: skip
        assert refused.returncode != 0 and "may take at most ¥96.50" in refused.stderr
        assert edge.pos_json("status")["newest_seq"] == offline["seq"]
    finally:
        edge.stop()
        ho.stop()
