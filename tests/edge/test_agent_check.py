"""`edge-agent check`: a clean ledger agrees with itself; a corrupted row is named precisely."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from common.bundle import EnrolmentBundle
from common.certs import ROLE_STORE, create_ca, issue_certificate
from common.domain.pricing import ScannedItem
from edge_agent.cli.agent import main
from edge_agent.datadir import DataDir, init_data_dir
from edge_agent.domain.receiving import DeliveryItem
from edge_agent.domain.tender import TenderOffer
from edge_agent.services.context import StoreContext
from edge_agent.services.receiving import receive
from edge_agent.services.selling import sell
from tests.edge.conftest import COLA_BARCODE, seed_catalogue


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An enrolled store S001 with a delivery and two sales in its ledger."""
    ca = create_ca("Test chain")
    pair = issue_certificate(ca, "S001", ROLE_STORE)
    bundle = EnrolmentBundle(
        "S001", "Corner Shop", "127.0.0.1:1", ca.cert_pem.decode(), pair.cert_pem.decode(),
        pair.key_pem.decode(),
    )  # fmt: skip
    root = tmp_path / "s1"
    init_data_dir(root, bundle.to_bytes(), "S001.bundle")
    ctx = StoreContext.open(DataDir(root).ledger, "S001", "Corner Shop")
    try:
        seed_catalogue(ctx)
        receive(ctx, "DN-1", [DeliveryItem("COLA", 24, 180)], actor="bob")
        sell(ctx, "T1", "ann", [ScannedItem(COLA_BARCODE, 2)], [TenderOffer("cash", 1000)])
        sell(ctx, "T1", "ann", [ScannedItem("COLA", 1), ScannedItem("CHIPS", 1)],
             [TenderOffer("card", 500, "ref"), TenderOffer("cash", 1000)])  # fmt: skip
    finally:
        ctx.close()
    return root


def check(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["check", "--data-dir", str(root), *extra])
    return code, capsys.readouterr().out


def corrupt(root: Path, *statements: str) -> None:
    conn = sqlite3.connect(DataDir(root).ledger)
    with conn:
        for sql in statements:
            conn.execute(sql)
    conn.close()


def test_a_clean_ledger_agrees(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = check(data_dir, capsys)
    assert code == 0
    assert out == "store S001: the ledger agrees with itself (2 sales and 2 stock levels checked)\n"
    code, out = check(data_dir, capsys, "--format", "json")
    assert code == 0
    assert json.loads(out) == {
        "store": "S001",
        "agrees": True,
        "sales_checked": 2,
        "stock_levels_checked": 2,
        "mismatches": [],
    }


def test_each_corrupted_row_is_named(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corrupt(
        data_dir,
        "UPDATE sale_lines SET amount_minor = amount_minor + 1 WHERE line_no = 1"
        " AND sale_id = (SELECT sale_id FROM sales WHERE sale_no = 1)",
        "DELETE FROM tenders WHERE tender_no = 2"
        " AND sale_id = (SELECT sale_id FROM sales WHERE sale_no = 2)",
        "UPDATE sales SET total_minor = 1 WHERE sale_no = 2",
        "UPDATE stock_levels SET qty_base = qty_base + 5 WHERE sku = 'COLA'",
    )
    code, out = check(data_dir, capsys, "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert report["agrees"] is False
    found = {(m["seq"], m["sale_no"], m["field"], m["sku"]): m for m in report["mismatches"]}
    assert set(found) == {
        (2, 1, "line 1.amount_minor", ""),
        (3, 2, "total_minor", ""),
        (3, 2, "tender 2", ""),
        (None, None, "stock_level", "COLA"),
    }
    line = found[(2, 1, "line 1.amount_minor", "")]
    assert (line["store"], line["journal_value"], line["table_value"]) == ("S001", "700", "701")
    total = found[(3, 2, "total_minor", "")]
    assert (total["journal_value"], total["table_value"]) == ("1150", "1")
    assert found[(3, 2, "tender 2", "")]["table_value"] == "(missing)"
    level = found[(None, None, "stock_level", "COLA")]
    assert (level["journal_value"], level["table_value"]) == ("21", "26")

    code, out = check(data_dir, capsys)
    assert code == 1
    lines = out.splitlines()
    assert (
        "store S001 journal entry 2 (sale 1): line 1.amount_minor is 700 in the journal "
        "but 701 in the sales tables"
    ) in lines
    assert "store S001: the stock level of COLA is 26, but its movements sum to 21" in lines
    assert lines[-1] == "store S001: 4 mismatches (2 sales and 2 stock levels checked)"


def test_a_sale_missing_from_either_side_is_named(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corrupt(
        data_dir,
        "DELETE FROM sale_lines WHERE sale_id = (SELECT sale_id FROM sales WHERE sale_no = 1)",
        "DELETE FROM tenders WHERE sale_id = (SELECT sale_id FROM sales WHERE sale_no = 1)",
        "DELETE FROM sales WHERE sale_no = 1",
    )
    code, out = check(data_dir, capsys, "--format", "json")
    assert code == 1
    [missing] = json.loads(out)["mismatches"]
    assert (missing["seq"], missing["sale_no"], missing["field"]) == (2, 1, "sale")
    assert missing["table_value"] == "(missing)"


def test_check_needs_an_enrolled_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--data-dir", str(tmp_path / "nowhere")]) == 1
    assert "edge-agent:" in capsys.readouterr().err


def test_a_journal_entry_changed_after_it_was_written_breaks_its_hash_chain(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Entry hashes (DESIGN invariant 7): an edited payload no longer follows from its hash."""
    conn = sqlite3.connect(DataDir(data_dir).ledger)
    with conn:
        (payload,) = conn.execute("SELECT payload FROM journal WHERE seq = 1").fetchone()
        conn.execute("UPDATE journal SET payload = ? WHERE seq = 1", (payload + b"\x00",))
    conn.close()
    code, out = check(data_dir, capsys)
    assert code == 1
    assert (
        "store S001 journal entry 1: its entry hash" in out
        and "was changed after it was written" in out
    )
