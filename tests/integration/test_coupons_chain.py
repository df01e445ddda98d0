"""A single-use coupon end to end: real head office and two edge agents, hoctl and pos.

`hoctl coupon issue` makes the codes; `pos sell --coupon` at S001 checks the code, prices
with it, has head office redeem it and prints it masked; head office applies the sale
(the store redeemed the coupon under the sale's key) and `hoctl verify` matches; the same
coupon at S002's till is refused with where and when it was used, and nothing is written.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from scripts.chain import EdgeAgent, HeadOffice, wait_caught_up, wait_for

pytestmark = pytest.mark.timeout(240)
SAMPLE = Path(__file__).resolve().parents[2] / "deploy" / "sample"
COLA = "6920000000012"  # COLA-330 at 3.50


def has_promotion(edge: EdgeAgent, promo_id: str) -> bool:
    uri = f"file:{edge.data_dir / 'ledger.db'}?mode=ro"
    with sqlite3.connect(uri, uri=True) as conn:
        found = conn.execute("SELECT 1 FROM promotions WHERE promo_id = ?", (promo_id,))
        return found.fetchone() is not None


def test_a_coupon_issued_by_hoctl_is_used_once_at_one_till_and_refused_at_another(
    tmp_path: Path, ho_db: str | None
) -> None:
    ho = HeadOffice(tmp_path / "ho", db_url=ho_db)
    ho.init()
    ho.start()
    s1 = EdgeAgent(tmp_path / "edge-S001", "S001")
    s2 = EdgeAgent(tmp_path / "edge-S002", "S002")
    try:
        ho.hoctl("catalogue", "import", str(SAMPLE / "products.csv"))
        bundles = {code: ho.add_store(code, code, tmp_path) for code in ("S001", "S002")}
        ho.hoctl("promo", "create", "--id", "WELCOME", "--kind", "amount_off",
                 "--skus", "COLA-330", "--amount", "50", "--coupon", "WELCOME")  # fmt: skip
        issued = json.loads(
            ho.hoctl("coupon", "issue", "--promo", "WELCOME", "--count", "3",
                     "--format", "json").stdout
        )  # fmt: skip
        code = issued[0]["coupon"]
        assert code.startswith("WELCOME-") and issued[0]["state"] == "issued"
        for edge in (s1, s2):
            edge.init(bundles[edge.store_code])
            edge.start()
            edge.sign_in()
            wait_for(
                f"WELCOME at {edge.store_code}", lambda e=edge: has_promotion(e, "WELCOME"), 30
            )

        typo = code[:-1] + ("2" if code[-1] != "2" else "3")
        refused = s1.pos("sell", f"{COLA}=2", "--pay", "cash:1000", "--coupon", typo, check=False)
        assert refused.returncode == 1 and "mistyped" in refused.stderr

        sale = json.loads(
            s1.pos("sell", f"{COLA}=2", "--pay", "cash:1000", "--coupon", code.lower(),
                   "--key", "S1-K1", "--format", "json").stdout
        )  # fmt: skip
        assert sale["total_minor"] == 600  # 2 x 3.50, less 0.50 a piece
        assert sale["coupons"] == [f"WELCOME-****-****-{code[-4:]}"]
        text = s1.pos(
            "sell", f"{COLA}=2", "--pay", "cash:1000", "--coupon", code, "--key", "S1-K1"
        ).stdout  # a retry: the same sale, the same coupon
        assert f"WELCOME-****-****-{code[-4:]}" in text and code not in text

        wait_caught_up(ho, [s1])
        assert ho.hoctl("verify", "--store", "S001").returncode == 0
        shown = json.loads(ho.hoctl("coupon", "show", code, "--format", "json").stdout)
        assert (shown["state"], shown["redeemed_store"], shown["used_seq"]) == (
            "used", "S001", sale["seq"],
        )  # fmt: skip

        elsewhere = s2.pos("sell", f"{COLA}=2", "--pay", "cash:1000", "--coupon", code,
                           check=False)  # fmt: skip
        assert elsewhere.returncode == 1
        assert "already used at S001 on" in elsewhere.stderr, elsewhere.stderr
        assert json.loads(s2.pos("status", "--format", "json").stdout)["newest_seq"] == 0
        # Another coupon of the batch still works at S002.
        other = json.loads(
            s2.pos("sell", f"{COLA}=1", "--pay", "cash:1000", "--coupon", issued[1]["coupon"],
                   "--format", "json").stdout
        )  # fmt: skip
        assert other["total_minor"] == 300
        wait_caught_up(ho, [s2])
        assert ho.hoctl("verify", "--store", "S002").returncode == 0
        used = json.loads(ho.hoctl("coupon", "list", "--state", "used", "--format", "json").stdout)
        assert sorted(c["redeemed_store"] for c in used) == ["S001", "S002"]
    finally:
        s1.stop()
        s2.stop()
        ho.stop()
