"""Purchasing end to end: real head office, real edge agent, hoctl and pos as processes.

create -> send -> the store sees it -> partial receipt -> the rest -> closed at
head office; receiving against a closed or cancelled order is refused and
changes nothing; a supplier return is valued at head office's moving average.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from scripts.chain import wait_caught_up, wait_for
from tests.chain_fixtures import Chain, start_chain

pytestmark = pytest.mark.timeout(300)


@pytest.fixture
def chain(tmp_path: Path, ho_db: str | None):
    chain = start_chain(tmp_path, ho_db, ["S001"], products=4)
    try:
        yield chain
    finally:
        chain.stop()


def expected_orders(chain: Chain, *flags: str) -> dict[str, dict]:
    orders = chain.edges["S001"].pos_json("po", *flags)
    return {o["po_id"]: o for o in orders}


def test_purchase_order_from_head_office_to_the_shelf_and_back(
    chain: Chain, tmp_path: Path
) -> None:
    ho, edge = chain.headoffice, chain.edges["S001"]
    buyer = ho.add_user("bea", "buyer", tmp_path)
    ho.hoctl_as(buyer, "supplier", "add", "BEV", "--name", "Beverage Co", "--contact", "021-555")
    created = json.loads(
        ho.hoctl_as(
            buyer, "po", "create", "--store", "S001", "--supplier", "BEV",
            "SKU0000=24@180", "SKU0001=10@500", "--format", "json",
        ).stdout
    )  # fmt: skip
    po = created["po_id"]
    assert created["state"] == "draft" and created["total_minor"] == 24 * 180 + 10 * 500
    assert expected_orders(chain) == {}
    sent = ho.hoctl_as(buyer, "po", "send", po)
    assert f"purchase order {po} is sent" in sent.stdout

    order = wait_for("the store to expect the order", lambda: expected_orders(chain).get(po), 30)
    assert order["state"] == "sent" and [ln["ordered_qty_base"] for ln in order["lines"]] == [
        24,
        10,
    ]

    soon = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    before = edge.status()["newest_seq"]
    stray = edge.pos("receive", "--po", po, "SKU0000=20", "--expiry", f"SKU0003={soon}",
                     check=False)  # fmt: skip
    assert stray.returncode == 1 and "--expiry names SKU0003" in stray.stderr
    assert edge.status()["newest_seq"] == before  # nothing received
    partial = edge.pos_json("receive", "--po", po, "SKU0000=20", "--expiry", f"SKU0000={soon}")
    assert partial["order"]["state"] == "partly_received"
    assert [(ln["sku"], ln["expiry_date"]) for ln in partial["lines"]] == [("SKU0000", soon)]
    wait_caught_up(ho, [edge])
    lots = ho.hoctl_json("report", "near-expiry", "--within-days", "7")["rows"]
    assert [(r["sku"], r["expiry_date"], r["left_qty_base"]) for r in lots] == [
        ("SKU0000", soon, 20)
    ]
    shown = ho.hoctl_json("po", "show", po)
    assert shown["state"] == "partly_received"
    assert [ln["received_qty_base"] for ln in shown["lines"]] == [20, 0]
    refused_cancel = ho.hoctl_as(buyer, "po", "cancel", po, check=False)
    assert refused_cancel.returncode == 1 and "close it instead" in refused_cancel.stderr

    # The rest, the cola at a new cost: average (20*180 + 4*190) / 24 = 181.67 -> 182.
    rest = edge.pos_json("receive", "--po", po, "SKU0000=4@190", "SKU0001=10")
    assert rest["order"]["state"] == "closed"
    wait_caught_up(ho, [edge])
    assert ho.hoctl_json("po", "show", po)["state"] == "closed"
    stock = {r["sku"]: r for r in ho.hoctl_json("stock", "--store", "S001")}
    assert (stock["SKU0000"]["qty_base"], stock["SKU0000"]["unit_cost_minor"]) == (24, 182)
    assert (stock["SKU0001"]["qty_base"], stock["SKU0001"]["unit_cost_minor"]) == (10, 500)

    before = (edge.status()["newest_seq"], edge.pos_json("stock", "SKU0000"))
    closed = edge.pos("receive", "--po", po, "SKU0000=1", check=False)
    assert closed.returncode == 1
    assert closed.stderr.strip() == (
        f"pos: purchase order {po} is closed; nothing more can be received against it "
        "(book the delivery without --po if it really arrived)"
    )
    unknown = edge.pos("receive", "--po", "PO-999", check=False)
    assert unknown.returncode == 1 and "has no purchase order PO-999" in unknown.stderr
    assert (edge.status()["newest_seq"], edge.pos_json("stock", "SKU0000")) == before

    returned = edge.pos_json(
        "supplier-return", "--supplier", "BEV", "SKU0000=4", "--reason", "dented cans"
    )
    assert returned["lines"] == [{"sku": "SKU0000", "qty_base": 4}]
    wait_caught_up(ho, [edge])
    [row] = ho.hoctl_json("supplier", "returns", "--store", "S001")
    assert (row["supplier"], row["reason"], row["qty_base"]) == ("BEV", "dented cans", 4)
    assert row["value_minor"] == 4 * 182
    assert ho.hoctl_json("stock", "--store", "S001", "--sku", "SKU0000")[0]["qty_base"] == 20

    csv_path, pdf_path = tmp_path / "po.csv", tmp_path / "po.pdf"
    ho.hoctl("po", "export", po, "--csv", str(csv_path), "--pdf", str(pdf_path))
    assert csv_path.read_text().splitlines()[1].startswith(f"{po},S001,BEV,closed,1,SKU0000,")
    text = "".join(page.extract_text() for page in PdfReader(pdf_path).pages)
    assert f"Purchase order {po}" in text and "Beverage Co" in text and "SKU0001" in text
    assert "Total: 93.20 CNY" in text
    again = ho.hoctl("po", "export", po, "--csv", str(csv_path), check=False)
    assert again.returncode == 1 and "already exists" in again.stderr


def test_a_cancelled_order_is_refused_at_the_store(chain: Chain) -> None:
    ho, edge = chain.headoffice, chain.edges["S001"]
    ho.hoctl("supplier", "add", "SNK", "--name", "Snacks Ltd")
    ho.hoctl("po", "create", "--store", "S001", "--supplier", "SNK", "SKU0002=6@300")
    po = ho.hoctl_json("po", "list", "--store", "S001")[0]["po_id"]
    ho.hoctl("po", "send", po)
    wait_for("the order at the store", lambda: po in expected_orders(chain), 30)
    ho.hoctl("po", "cancel", po)
    wait_for(
        "the cancellation at the store",
        lambda: expected_orders(chain, "--all")[po]["state"] == "cancelled",
        30,
    )
    assert po not in expected_orders(chain)
    refused = edge.pos("receive", "--po", po, check=False)
    assert refused.returncode == 1 and "was cancelled" in refused.stderr
    bad = ho.hoctl(
        "po", "create", "--store", "S001", "--supplier", "NOPE", "SKU0002=1@1", check=False
    )
    assert bad.returncode == 1 and bad.stderr.strip() == (
        "hoctl po create: there is no supplier NOPE; see `hoctl supplier list`"
    )
    assert len(ho.hoctl_json("po", "list")) == 1
