"""Transfers end to end: a real head office and two real edge agents (scripts/chain.py).

create -> ship (short) -> receive (short) -> resolve as correction, then a second
transfer resolved as transit loss and a third cancelled; after each step both
edges' stock, head office's stock and stock in transit are checked, and
`hoctl verify` passes for both stores at the end.
"""

from __future__ import annotations

import json
from typing import Any

import grpc
import pytest

from common.pb.storeledger.v1 import transfers_pb2, transfers_pb2_grpc
from scripts.chain import EdgeAgent, HeadOffice, wait_caught_up, wait_for
from tests.chain_fixtures import start_chain


def edge_levels(edge: EdgeAgent) -> dict[str, int]:
    """The store's own non-zero stock levels (pos stock)."""
    return {r["sku"]: r["qty_base"] for r in edge.pos_json("stock") if r["qty_base"]}


def ho_levels(ho: HeadOffice, store: str) -> dict[str, int]:
    """Head office's non-zero stock levels for a store (hoctl stock)."""
    rows = ho.hoctl_json("stock", "--store", store)
    return {r["sku"]: r["qty_base"] for r in rows if r["qty_base"]}


def show(ho: HeadOffice, transfer_id: str) -> dict[str, Any]:
    return ho.hoctl_json("transfer", "show", transfer_id)


def wait_state(ho: HeadOffice, transfer_id: str, state: str) -> dict[str, Any]:
    return wait_for(
        f"transfer {transfer_id} to be {state} at head office",
        lambda: (t := show(ho, transfer_id))["state"] == state and t,
        30,
        interval_s=0.2,
    )


def wait_at_edge(edge: EdgeAgent, transfer_id: str, state: str) -> None:
    """Poll the agent's StoreTransfers service directly: a pos process per poll is slow."""
    request = transfers_pb2.ListStoreTransfersRequest(all=True)
    with grpc.insecure_channel(edge.till_target) as channel:
        stub = transfers_pb2_grpc.StoreTransfersStub(channel)

        def seen() -> bool:
            reply = stub.ListStoreTransfers(request, timeout=10)
            return any(
                t.order.transfer_id == transfer_id and t.order.state == state
                for t in reply.transfers
            )

        wait_for(f"{edge.store_code} to hear transfer {transfer_id} is {state}", seen, 30, 0.1)


def in_transit(ho: HeadOffice) -> dict[str, Any]:
    return ho.hoctl_json("transfer", "in-transit")


def refused(result, sentence: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert sentence in result.stderr, result.stderr


@pytest.fixture
def chain(tmp_path, ho_db):
    chain = start_chain(tmp_path, ho_db, ["S001", "S002"], products=4)
    try:
        yield chain
    finally:
        chain.stop()


def test_transfer_shipped_short_received_short_and_resolved(chain) -> None:
    ho = chain.headoffice
    s1, s2 = chain.edges["S001"], chain.edges["S002"]
    s1.pos("receive", "--supplier-ref", "DN-1", "SKU0000=30@100", "SKU0001=10@50")
    wait_caught_up(ho, [s1, s2])

    # Bad input: one sentence each, nothing created.
    refused(
        ho.hoctl("transfer", "create", "--from", "S001", "--to", "S001", "SKU0000=5", check=False),
        "S001 cannot send to itself",
    )
    refused(
        ho.hoctl("transfer", "create", "--from", "S001", "--to", "S002", "SKU0000=31", check=False),
        "SKU0000: 31 asked, 30 on hand",
    )
    assert ho.hoctl_json("transfer", "list") == []

    created = ho.hoctl_json(
        "transfer", "create", "--from", "S001", "--to", "S002", "SKU0000=10", "SKU0001=4"
    )
    tid = created["transfer_id"]
    assert tid == "TR000001" and created["state"] == "open" and created["warnings"] == []
    wait_at_edge(s1, tid, "open")
    wait_at_edge(s2, tid, "open")
    to_ship = s1.pos_json("transfer", "list")
    assert [t["transfer_id"] for t in to_ship] == [tid] and to_ship[0]["direction"] == "out"
    assert s2.pos_json("transfer", "list") == []  # nothing to receive yet
    refused(s2.pos("transfer", "receive", tid, check=False), "has not been shipped by S001 yet")

    # The sender ships short: 8 of 10.
    shipped = s1.pos_json("transfer", "ship", tid, "SKU0000=8")
    assert {b["sku"]: b["booked_qty_base"] for b in shipped["booked"]} == {
        "SKU0000": 8,
        "SKU0001": 4,
    }
    refused(s1.pos("transfer", "ship", tid, check=False), "already shipped")
    assert edge_levels(s1) == {"SKU0000": 22, "SKU0001": 6}
    t = wait_state(ho, tid, "shipped")
    assert {line["sku"]: line["unit_cost_minor"] for line in t["lines"]} == {
        "SKU0000": 100,
        "SKU0001": 50,
    }
    transit = in_transit(ho)
    assert transit["total_qty_base"] == 12 and transit["total_value_minor"] == 8 * 100 + 4 * 50
    assert ho_levels(ho, "S001") == {"SKU0000": 22, "SKU0001": 6}
    refused(s1.pos("transfer", "receive", tid, check=False), "only S002 can receive it")

    # The receiver gets 7 of the 8.
    wait_at_edge(s2, tid, "shipped")
    received = s2.pos_json("transfer", "receive", tid, "SKU0000=7")
    assert received["differences"] == [
        {"sku": "SKU0000", "expected_qty_base": 8, "booked_qty_base": 7}
    ]
    assert edge_levels(s2) == {"SKU0000": 7, "SKU0001": 4}
    t = wait_state(ho, tid, "discrepancy")
    transit = in_transit(ho)
    assert [(r["sku"], r["qty_base"], r["value_minor"]) for r in transit["lines"]] == [
        ("SKU0000", 1, 100)
    ]
    stock2 = ho.hoctl_json("stock", "--store", "S002")
    assert {r["sku"]: (r["qty_base"], r["unit_cost_minor"]) for r in stock2} == {
        "SKU0000": (7, 100),
        "SKU0001": (4, 50),
    }

    # Correction: the sender really shipped 7; the missing one goes back into its ledger.
    ho.hoctl("transfer", "resolve", tid, "--as", "correction")
    wait_state(ho, tid, "resolved")
    wait_caught_up(ho, [s1, s2])
    assert edge_levels(s1) == ho_levels(ho, "S001") == {"SKU0000": 23, "SKU0001": 6}
    assert ho_levels(ho, "S002") == {"SKU0000": 7, "SKU0001": 4}
    assert in_transit(ho)["lines"] == []

    # A second transfer: 2 shipped, 1 arrives, written off as a transit loss.
    second = ho.hoctl_json("transfer", "create", "--from", "S001", "--to", "S002", "SKU0001=2")
    tid2 = second["transfer_id"]
    wait_at_edge(s1, tid2, "open")
    s1.pos("transfer", "ship", tid2)
    wait_state(ho, tid2, "shipped")
    wait_at_edge(s2, tid2, "shipped")
    s2.pos("transfer", "receive", tid2, "SKU0001=1")
    wait_state(ho, tid2, "discrepancy")
    resolved = ho.hoctl_json("transfer", "resolve", tid2, "--as", "transit-loss")
    assert resolved["state"] == "resolved" and resolved["loss_value_minor"] == 50

    # A third, cancelled before shipping: the sender can no longer ship it.
    third = ho.hoctl_json("transfer", "create", "--from", "S002", "--to", "S001", "SKU0000=1")
    tid3 = third["transfer_id"]
    ho.hoctl("transfer", "cancel", tid3)
    wait_at_edge(s2, tid3, "cancelled")
    refused(s2.pos("transfer", "ship", tid3, check=False), "is cancelled and cannot be shipped")

    wait_caught_up(ho, [s1, s2])
    assert edge_levels(s1) == ho_levels(ho, "S001") == {"SKU0000": 23, "SKU0001": 4}
    assert edge_levels(s2) == ho_levels(ho, "S002") == {"SKU0000": 7, "SKU0001": 5}
    assert in_transit(ho)["total_value_minor"] == 0
    for store in ("S001", "S002"):
        verified = json.loads(ho.hoctl("verify", "--store", store, "--format", "json").stdout)
        assert verified["match"], verified
    states = {t["transfer_id"]: t["state"] for t in ho.hoctl_json("transfer", "list")}
    assert states == {tid: "resolved", tid2: "resolved", tid3: "cancelled"}
    actions = [r["action"] for r in ho.hoctl_json("audit", "list")]
    for action in (
        "transfer.create",
        "transfer.ship",
        "transfer.receive",
        "transfer.resolve.correction",
        "transfer.correct",
        "transfer.resolve.transit_loss",
        "transfer.cancel",
    ):
        assert action in actions
    assert "transfer.anomaly" not in actions
    assert ho.hoctl("audit", "verify").returncode == 0
