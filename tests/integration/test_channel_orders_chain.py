"""An online order picked and handed over at the store, end to end (issue 16, items 2 and 5):
a real head office and edge agent, pos and hoctl as processes, on both databases.

Head office queues a confirmed order for S001 (a reservation with its lines reserved and
the ChannelOrder on the store's feed, as the channel services leave it); the edge agent
receives it; `pos orders pick` prints the pick list and journals channel_pick, `pos orders
handover` journals the goods leaving (channel_fulfilment); a second hand-over is a sentence
with nothing written; head office shows the reservation fulfilled, its stock states back to
zero, on hand down by the order, and hoctl verify agrees.
"""

from __future__ import annotations

import pytest

from scripts.chain import wait_caught_up, wait_for
from tests.chain_fixtures import start_chain
from tests.channel_seed import (
    headoffice_url,
    queue_confirmed_order,
    reservation_row,
    stock_state_rows,
)

pytestmark = pytest.mark.timeout(300)


def _ho_stock(ho, sku: str) -> int:
    rows = ho.hoctl_json("stock", "--store", "S001")
    return next(int(r["qty_base"]) for r in rows if r["sku"] == sku)


def test_an_order_received_picked_handed_over_and_fulfilled_at_head_office(tmp_path, ho_db) -> None:
    chain = start_chain(tmp_path, ho_db, ["S001"], products=2)
    try:
        ho, edge = chain.headoffice, chain.edges["S001"]
        url = headoffice_url(ho.data_dir, ho_db)
        edge.pos("receive", "--supplier-ref", "DN-1", "SKU0000=10@100", "SKU0001=5@50")
        wait_caught_up(ho, [edge])
        lines = [("SKU0000", 3), ("SKU0001", 1)]
        code = queue_confirmed_order(url, "S001", lines, order_ref="MALL-88")
        assert stock_state_rows(url, "S001") == {"SKU0000": (3, 0), "SKU0001": (1, 0)}

        def listed() -> list:
            return [o for o in edge.pos_json("orders", "list") if o["reservation_id"] == code]

        [order] = wait_for(f"{code} at S001", listed, 30, 0.2)
        assert (order["state"], order["order_ref"], order["channel"]) == (
            "confirmed", "MALL-88", "mall",
        )  # fmt: skip
        assert [(x["sku"], x["qty_base"]) for x in order["lines"]] == lines

        # Hand over before picking: refused, nothing written.
        newest = edge.status()["newest_seq"]
        early = edge.pos("orders", "handover", code, check=False)
        assert early.returncode == 1 and "not picked yet" in early.stderr
        assert edge.status()["newest_seq"] == newest

        picked = edge.pos("orders", "pick", code).stdout
        assert "MALL-88" in picked and "x3" in picked and f"{code} picked" in picked
        done = edge.pos_json("orders", "handover", code)
        assert done["state"] == "handed_over" and done["handed_over_seq"] == done["seq"]
        assert sorted((m["sku"], m["qty_base"]) for m in done["movements"]) == [
            ("SKU0000", -3), ("SKU0001", -1),
        ]  # fmt: skip
        twice = edge.pos("orders", "handover", code, check=False)
        assert twice.returncode == 1 and "handed over already" in twice.stderr
        assert "Traceback" not in early.stderr + twice.stderr
        [shown] = edge.pos_json("orders", "list", "--state", "handed_over")
        assert shown["picked_seq"] == done["seq"] - 1

        wait_caught_up(ho, [edge])
        row = reservation_row(url, code)
        assert (row.state, row.picked_seq, row.fulfilled_seq) == (
            "fulfilled", done["seq"] - 1, done["seq"],
        )  # fmt: skip
        assert stock_state_rows(url, "S001") == {"SKU0000": (0, 0), "SKU0001": (0, 0)}
        assert (_ho_stock(ho, "SKU0000"), _ho_stock(ho, "SKU0001")) == (7, 4)
        assert ho.hoctl("verify", "--store", "S001").returncode == 0
    finally:
        chain.stop()
