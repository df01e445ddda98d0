"""Handover spot counts through the real till server, with `pos` as the CLI (issue 13
item 7): a manager sets the store's key items; a handover then demands the incoming
cashier's count of each (--spot, or --ask item by item with a confirmation), refuses a
bad one with a sentence and no change, records a count within tolerance, flags one
beyond it on the handover and in its session (origin handover); a store without key
items hands over as before."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from common.bundle import EnrolmentBundle
from common.certs import ROLE_STORE, create_ca, issue_certificate
from edge_agent.datadir import DataDir, init_data_dir
from edge_agent.domain.receiving import DeliveryItem
from edge_agent.services.context import StoreContext
from edge_agent.services.receiving import receive
from tests.edge.conftest import entry_at, seed_catalogue
from tests.edge.test_counting_till import Shop, running_agent
from tests.integration.test_output_contract import contract_problems, glossary
from tests.till_staff import sign_in_store

HAND = ("shift", "handover", "--to", "dan", "--count", "10000x1")


@pytest.fixture
def shop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[Shop]:
    ca = create_ca("Test chain")
    pair = issue_certificate(ca, "S001", ROLE_STORE)
    bundle = EnrolmentBundle(
        "S001", "Corner Shop", "127.0.0.1:1", ca.cert_pem.decode(), pair.cert_pem.decode(),
        pair.key_pem.decode(),
    )  # fmt: skip
    root = tmp_path / "s1"
    init_data_dir(root, bundle.to_bytes(), "S001.bundle")
    ctx = StoreContext.open(DataDir(root).ledger, "S001", "Corner Shop")
    seed_catalogue(ctx)
    receive(ctx, "DN-1", [DeliveryItem("COLA", 50, 180), DeliveryItem("CHIPS", 20, 500)], "bo")
    sign_in_store(ctx, "T3", "max", "store_manager")
    sign_in_store(ctx, "T5", "cas", "cashier")
    with running_agent(ctx, root):
        shop = Shop(root, ctx, capsys)
        assert shop.json("T5", "shift", "open", "--float", "10000")["cashier"] == "cas"
        yield shop
    ctx.close()


def test_a_manager_sets_the_key_items_and_a_cashier_may_only_read_them(shop: Shop) -> None:
    assert shop.json("T5", "count", "key-items", "show") == {"key_items": []}
    assert "may not approve" in shop.refused("T5", "count", "key-items", "set", "COLA")
    assert "no product with SKU GIN" in shop.refused("T3", "count", "key-items", "set", "GIN")
    done = shop.json("T3", "count", "key-items", "set", "COLA", "CHIPS")
    assert done == {"key_items": [{"sku": "COLA"}, {"sku": "CHIPS"}]}
    assert contract_problems(done, glossary()) == []
    code, text, _err = shop.pos("T5", "count", "key-items", "show")
    assert code == 0 and "key items counted at each handover: COLA, CHIPS" in text


def test_a_handover_with_key_items_demands_a_right_spot_count_and_flags_a_difference(
    shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    shop.json("T3", "count", "key-items", "set", "COLA", "CHIPS")
    assert shop.refused("T5", *HAND) == (
        "pos: the handover at till T5 needs dan's spot count of the key items first: count"
        " each of COLA, CHIPS (--spot SKU=QTY)"
    )
    for spot, sentence in (
        (("COLA=50", "CHIPS=20", "RICE=1"), "RICE is not one of the store's key items"),
        (("COLA=-1", "CHIPS=20"), "the spot count of COLA cannot be negative, got -1"),
        (("COLA=50",), "the spot count has no count of key item(s) CHIPS"),
        (("COLA=lots", "CHIPS=20"), "a spot count 'COLA=lots' must be SKU=QTY"),
    ):
        args = [a for s in spot for a in ("--spot", s)]
        assert sentence in shop.refused("T5", *HAND, *args)
    assert shop.json("T5", "shift", "show")["cashier"] == "cas"
    assert shop.json("T3", "count", "sessions") == []

    # Within tolerance (1 of 50 COLA is 2 %, a C item's tolerance is 5 %): the drawer passes.
    passed = shop.json("T5", *HAND, "--spot", "COLA=49", "--spot", "CHIPS=20")
    first = passed["spot_count_session_id"]
    assert first and passed["spot_count_outside"] == []
    assert passed["next_cashier"] == "dan"
    assert contract_problems(passed, glossary()) == []
    assert entry_at(shop.ctx, passed["seq"]).shift_event.spot_count_session_id == first
    seen = shop.json("T3", "count", "show", first)
    assert (seen["origin"], seen["scope_kind"], seen["state"], seen["created_by"]) == (
        "handover", "handover", "submitted", "dan",
    )  # fmt: skip
    assert [(r["sku"], r["counted_qty_base"], r["variance_qty_base"]) for r in seen["results"]] == [
        ("CHIPS", 20, 0), ("COLA", 49, -1),
    ]  # fmt: skip

    # dan hands over to cas, counting item by item at the terminal: he corrects CHIPS
    # before confirming it. Both are beyond tolerance: flagged on the handover's report.
    sign_in_store(shop.ctx, "T5", "dan", "cashier")
    monkeypatch.setattr("sys.stdin", io.StringIO("40\ny\n20\nn\n12\ny\n"))
    code, text, err = shop.pos("T5", "shift", "handover", "--to", "cas", "--count", "10000x1",
                               "--ask")  # fmt: skip
    assert code == 0, err
    assert "cas, count COLA (key item 1 of 2): " in err and "CHIPS: 20. Is that right?" in err
    second = next(s["session_id"] for s in shop.json("T3", "count", "sessions")
                  if s["session_id"] != first)  # fmt: skip
    assert f"spot count {second}: 2 item(s) outside tolerance: CHIPS, COLA" in text
    flagged = shop.json("T3", "count", "show", second)
    assert (flagged["origin"], flagged["state"], flagged["recount_skus"]) == (
        "handover", "recount", ["CHIPS", "COLA"],
    )  # fmt: skip
    assert [(r["sku"], r["counted_qty_base"], r["within_tolerance"]) for r in flagged["results"]] == [
        ("CHIPS", 12, False), ("COLA", 40, False),
    ]  # fmt: skip
    assert "waiting for a recount" in shop.refused("T3", "count", "approve", second)

    # The first, within tolerance, posts as any count does: by a manager.
    assert shop.json("T3", "count", "approve", first)["state"] == "posted"


def test_a_store_without_key_items_hands_over_as_before(shop: Shop) -> None:
    assert "this store has no key items" in shop.refused("T5", *HAND, "--spot", "COLA=50")
    assert "this store has no key items" in shop.refused("T5", *HAND, "--ask")
    done = shop.json("T5", *HAND)
    assert (done["next_cashier"], done["spot_count_session_id"]) == ("dan", "")
    assert done["spot_count_outside"] == []
    assert shop.json("T3", "count", "sessions") == []
