"""Stocktake across the chain (issue 13), real processes: a count the store opens, counts,
recounts and approves itself reaches head office, which agrees with the store's stock; a
count head office creates reaches the store over the downstream stream, is counted there
and, approved at head office, posts in the store's ledger."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.chain import wait_caught_up, wait_for
from tests.chain_fixtures import start_chain

pytestmark = pytest.mark.timeout(300)


def test_a_count_at_the_store_and_one_from_head_office_post_on_both_sides(tmp_path: Path) -> None:
    chain = start_chain(tmp_path, None, ["S001"], products=3)
    ho, s1 = chain.headoffice, chain.edges["S001"]
    try:
        s1.sign_in("kim", till="T2")  # a second person, at another till
        s1.pos("receive", "--supplier-ref", "DN-1", "SKU0000=30@100", "SKU0001=10@50")

        # The store's own count: 28 of 30 is outside the 5 % tolerance, kim recounts 29.
        session = s1.pos_json("count", "start", "--scope", "skus", "--sku", "SKU0000")
        sid = session["session_id"]
        s1.pos_json("count", "add", sid, "SKU0000", "28", "--location", "A-01")
        assert s1.pos_json("count", "submit", sid)["state"] == "recount"
        s1.pos_json("count", "add", sid, "SKU0000", "29", "--location", "A-01", "--till", "T2")
        assert s1.pos_json("count", "submit", sid, "--till", "T2")["state"] == "submitted"
        posted = s1.pos_json("count", "approve", sid)
        assert posted["state"] == "posted"
        wait_caught_up(ho, [s1])
        shown = ho.hoctl_json("count", "show", sid)
        assert shown["session"]["state"] == "posted"
        [result] = shown["results"]
        assert (result["book_qty_base"], result["counted_qty_base"], result["variance_qty_base"],
                result["round"]) == (30, 29, -1, 1)  # fmt: skip
        assert shown["book_mismatches"] == 0
        ho.hoctl("verify", "--store", "S001")  # exits 1 when head office's stock differs

        # Head office's count: it opens at the store, kim counts, head office approves.
        created = ho.hoctl_json(
            "count", "create", "--store", "S001", "--scope", "skus", "--sku", "SKU0001"
        )
        hid = created["session_id"]
        wait_for(
            "the count order at S001",
            lambda: any(s["session_id"] == hid for s in s1.pos_json("count", "sessions")),
            30,
            0.2,
        )
        s1.pos_json("count", "add", hid, "SKU0001", "10", "--till", "T2")
        s1.pos_json("count", "submit", hid, "--till", "T2")
        wait_caught_up(ho, [s1])
        ho.hoctl("count", "approve", hid)
        wait_for(
            "the approval posted at S001",
            lambda: s1.pos_json("count", "show", hid)["state"] == "posted",
            30,
            0.2,
        )
        wait_caught_up(ho, [s1])
        assert ho.hoctl_json("count", "show", hid)["session"]["state"] == "posted"
        levels = {r["sku"]: r["qty_base"] for r in s1.pos_json("stock")}
        assert (levels["SKU0000"], levels["SKU0001"]) == (29, 10)
        ho.hoctl("verify", "--store", "S001")
    finally:
        chain.stop()
