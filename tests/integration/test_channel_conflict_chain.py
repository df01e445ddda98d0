"""An offline store oversells an online reservation: real head office and edge processes, both
databases (issue 16, "Offline tills always sell").

S001 holds the last 3 units of a SKU; while its edge agent cannot reach head office, an
online order reserves those 3 at head office and the till sells 2 of them offline. When the
agent reconnects head office flags the conflict within seconds (hoctl channel conflicts, the
metric), proposes a transfer from S002, and `hoctl channel resolve` makes that transfer,
which S002 ships and S001 receives. `hoctl verify` matches for both stores throughout.
"""

from __future__ import annotations

import json
import time
import urllib.request
from pathlib import Path

import pytest

from headoffice.store.engine import create_engine
from scripts.chain import EdgeAgent, HeadOffice, wait_caught_up, wait_for
from tests.chain_fixtures import start_chain
from tests.channel_rows import insert_reservation
from tests.integration.test_output_contract import contract_problems, glossary
from tests.integration.test_transfers_chain import wait_at_edge

pytestmark = pytest.mark.timeout(300)
UNREACHABLE = "127.0.0.1:1"


def verified(ho: HeadOffice, *edges: EdgeAgent) -> None:
    wait_caught_up(ho, list(edges))
    for edge in edges:
        report = json.loads(
            ho.hoctl("verify", "--store", edge.store_code, "--format", "json").stdout
        )
        assert report["match"], report


def open_conflicts_metric(ho: HeadOffice) -> dict[str, float]:
    with urllib.request.urlopen(f"http://{ho.metrics_address}/metrics", timeout=10) as reply:
        text = reply.read().decode()
    prefix = 'storeledger_channel_conflicts_open{store="'
    return {
        line[len(prefix) :].split('"', 1)[0]: float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith(prefix)
    }


def test_an_offline_oversell_is_flagged_after_reconnect_and_resolved_by_a_transfer(
    tmp_path: Path, ho_db: str | None
) -> None:
    chain = start_chain(tmp_path, ho_db, ["S001", "S002"], products=4)
    ho = chain.headoffice
    s1, s2 = chain.edges["S001"], chain.edges["S002"]
    product = chain.products[0]
    sku, barcode, price = product["sku"], product["barcodes"], int(product["price_minor"])
    engine = create_engine(ho_db or f"sqlite:///{ho.data_dir / 'headoffice.db'}")
    try:
        s1.pos("receive", "--supplier-ref", "DN-1", f"{sku}=3@100")
        s2.pos("receive", "--supplier-ref", "DN-2", f"{sku}=10@100")
        verified(ho, s1, s2)
        assert open_conflicts_metric(ho) == {"S001": 0, "S002": 0}

        # S001's link goes down: its agent restarts with head office unreachable.
        s1.stop()
        s1.start(headoffice=UNREACHABLE)
        # Meanwhile a channel reserves S001's last 3 units at head office.
        with engine.begin() as conn:
            order = insert_reservation(conn, "S001", sku, 3, at_ms=int(time.time() * 1000))
        # The till sells 2 of them offline: a till never refuses a sale.
        s1.sign_in()
        sale = s1.pos_json("sell", f"{barcode}=2", "--pay", f"cash:{2 * price}")
        assert s1.status()["committed_seq"] < sale["seq"]
        assert ho.hoctl_json("channel", "conflicts") == []

        # The link returns: head office applies the sale and flags the conflict in seconds.
        s1.stop()
        started = time.monotonic()
        s1.start()
        [conflict] = wait_for(
            "head office to flag the oversell",
            lambda: ho.hoctl_json("channel", "conflicts") or None,
            30,
            interval_s=0.2,
        )
        flagged_s = time.monotonic() - started
        assert flagged_s < 30
        assert contract_problems(conflict, glossary()) == []
        assert (conflict["conflict_id"], conflict["store"], conflict["sku"]) == (
            "CC000001", "S001", sku,
        )  # fmt: skip
        assert (conflict["short_qty_base"], conflict["detected_seq"]) == (2, sale["seq"])
        assert conflict["reservation_ids"] == [f"CR{order:06d}"]
        assert (conflict["proposal"], conflict["from_store"]) == ("transfer", "S002")
        assert open_conflicts_metric(ho) == {"S001": 1, "S002": 0}
        verified(ho, s1, s2)

        # Resolved as proposed: a real transfer of the 2 units from S002.
        done = ho.hoctl_json("channel", "resolve", "CC000001")
        assert (done["state"], done["resolution"], done["resolved_by"]) == (
            "resolved", "transfer", "admin",
        )  # fmt: skip
        tid = done["transfer_id"]
        transfer = ho.hoctl_json("transfer", "show", tid)
        assert (transfer["from_store"], transfer["to_store"]) == ("S002", "S001")
        assert [(ln["sku"], ln["ordered_qty_base"]) for ln in transfer["lines"]] == [(sku, 2)]
        assert ho.hoctl_json("channel", "conflicts") == []
        assert open_conflicts_metric(ho) == {"S001": 0, "S002": 0}
        refused = ho.hoctl("channel", "resolve", "CC000001", check=False)
        assert refused.returncode == 1 and "already resolved" in refused.stderr

        wait_at_edge(s2, tid, "open")
        s2.pos_json("transfer", "ship", tid)
        wait_at_edge(s1, tid, "shipped")
        s1.pos_json("transfer", "receive", tid)
        verified(ho, s1, s2)
        stock = [
            row["qty_base"]
            for store in ("S001", "S002")
            for row in ho.hoctl_json("stock", "--store", store, "--sku", sku)
        ]
        assert stock == [3, 8]  # S001 can fill the order again
        assert ho.hoctl_json("channel", "conflicts") == []
        [kept] = ho.hoctl_json("channel", "conflicts", "--state", "all")
        assert (kept["resolution"], kept["transfer_id"]) == ("transfer", tid)
        print(f"conflict flagged {flagged_s:.1f} s after the agent restarted")
    finally:
        engine.dispose()
        chain.stop()
