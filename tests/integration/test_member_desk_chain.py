"""The member desk through real processes (issue 15, At the till): `headoffice serve` on
SQLite or PostgreSQL, a store's `edge-agent serve` with a receipt printer writing to a file,
and `pos`: a member signs up at the till, tops up with cash (the chain's bonus), the retry
with the same key books nothing twice, a card is sold, `pos member show` shows it all masked,
the receipt decodes from the printer's bytes, head office applies the member_desk entries,
and the day's Z report counts the top-up's cash in expected cash, not in sales."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.chain import wait_caught_up
from tests.chain_fixtures import start_chain
from tests.devices.escpos_decode import decode

pytestmark = pytest.mark.timeout(600)


def test_member_add_topup_show_and_the_z_report(tmp_path: Path, ho_db: str | None) -> None:
    chain = start_chain(tmp_path, ho_db, ["S001"], products=4)
    ho, s1 = chain.headoffice, chain.edges["S001"]
    try:
        # A printer for T1: the agent reads tills.toml when it starts.
        paper = tmp_path / "receipts.bin"
        (s1.data_dir / "tills.toml").write_text(f'[T1]\nprinter = "file:{paper}"\n')
        s1.stop()
        s1.start()
        s1.pos("shift", "open", "--float", "10000")

        added = s1.pos_json("member", "add", "--phone", "13812345678", "--name", "张三丰",
                            "--card", "CARD0001", "--consent")  # fmt: skip
        assert (added["member_id"], added["phone"], added["name"]) == (
            "M000001", "138****5678", "张**",
        )  # fmt: skip
        dup = s1.pos("member", "add", "--phone", "13812345678", "--name", "李四", check=False)
        assert dup.returncode == 1 and "already belongs to member M000001" in dup.stderr
        bad = s1.pos("member", "show", "hello!", check=False)
        assert bad.returncode == 1 and "is neither" in bad.stderr

        topup = ["topup", "13812345678", "--paid", "50000", "--pay", "cash",
                 "--tendered", "60000", "--key", "TOP-1"]  # fmt: skip
        first = s1.pos_json(*topup)
        assert (first["paid_minor"], first["bonus_minor"], first["change_minor"]) == (
            50_000, 8_000, 10_000,
        )  # fmt: skip
        assert first["balance"]["balance_minor"] == 58_000 and not first["replayed"]
        again = s1.pos_json(*topup)
        assert again["replayed"] and again["seq"] == first["seq"]
        zero = s1.pos("topup", "M000001", "--paid", "0", "--pay", "cash", check=False)
        assert zero.returncode == 1 and "positive amount" in zero.stderr
        capped = s1.pos("topup", "M000001", "--paid", "460000", "--pay", "card:A1", check=False)
        assert capped.returncode == 1 and "may hold at most 500000 fen" in capped.stderr
        sold = s1.pos_json("card", "sell", "M000001", "--kind", "punch_card", "--covers",
                           "SKU0000", "--uses", "10", "--paid", "30000", "--pay", "qr:WX123",
                           "--valid-days", "365", "--key", "CARD-1")  # fmt: skip
        assert sold["card"]["uses_left"] == 10 and sold["tenders"][0]["method"] == "qr"

        shown = s1.pos_json("member", "show", "CARD0001")
        assert (shown["phone"], shown["balance_minor"], shown["bonus_minor"]) == (
            "138****5678", 58_000, 8_000,
        )  # fmt: skip
        assert [c["uses_left"] for c in shown["cards"]] == [10]
        ledger = ho.hoctl_json("member", "ledger", "M000001")
        assert [e["kind"] for e in ledger["entries"]] == ["topup"]  # once, not twice
        assert ho.hoctl_json("member", "show", "M000001")["registered_store"] == "S001"

        # The receipt as the printer got it: masked phone, paid, bonus, the balance.
        printed = "\n".join(decode(paper.read_bytes()).lines)
        assert "138****5678" in printed and "13812345678" not in printed
        for amount in ("¥500.00", "¥80.00", "¥580.00"):
            assert amount in printed
        assert "13812345678" not in (s1.data_dir / "agent.log").read_text()

        # Head office applies the member_desk entries (each checked against its booking).
        wait_caught_up(ho, [s1])
        assert s1.status()["refused_at"] is None

        s1.pos("shift", "close", "--count", "10000x6")
        z = s1.pos_json("z-report")
        assert z["member_desk_tenders"] == [
            {"method": "cash", "count": 1, "amount_minor": 50_000},
            {"method": "qr", "count": 1, "amount_minor": 30_000},
        ]
        assert (z["expected_cash_minor"], z["sales_minor"]) == (60_000, 0)
    finally:
        chain.stop()
