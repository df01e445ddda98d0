"""Stocktake through the real till server on its Unix socket, with `pos count ...` as the CLI
(issue 13): blind counting while the shop sells, recount by someone else, approval rules,
posting into the store's ledger (edge-agent check stays clean), and bad input that
changes nothing."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from common.bundle import EnrolmentBundle
from common.certs import ROLE_STORE, create_ca, issue_certificate
from edge_agent.api.server import till_server
from edge_agent.api.till_servicer import TillServicer
from edge_agent.cli import agent as agent_cli
from edge_agent.cli import pos as pos_cli
from edge_agent.datadir import DataDir, init_data_dir
from edge_agent.domain.receiving import DeliveryItem
from edge_agent.metrics import EdgeMetrics
from edge_agent.services.context import StoreContext
from edge_agent.services.receiving import receive
from edge_agent.sync.link import HeadOfficeLink
from tests.edge.conftest import COLA_BARCODE, entry_at, levels, newest_seq, seed_catalogue
from tests.till_staff import sign_in_store

UNKNOWN = "6920000000043"  # a valid EAN-13 the catalogue does not have


@dataclass
class Shop:
    root: Path
    ctx: StoreContext
    capsys: pytest.CaptureFixture[str]

    def pos(self, till: str, *args: str) -> tuple[int, str, str]:
        """Run `pos ARGS --till TILL` in this process against the running agent."""
        self.capsys.readouterr()
        code = pos_cli.main(["--data-dir", str(self.root), *args, "--till", till])
        out, err = self.capsys.readouterr()
        return code, out, err

    def json(self, till: str, *args: str) -> Any:
        code, out, err = self.pos(till, *args, "--format", "json")
        assert code == 0, err
        return json.loads(out)

    def refused(self, till: str, *args: str) -> str:
        """The command fails with one sentence and writes nothing to the journal."""
        before = (newest_seq(self.ctx), levels(self.ctx))
        code, out, err = self.pos(till, *args)
        assert code == 1, out
        assert (newest_seq(self.ctx), levels(self.ctx)) == before
        return err.strip()


@contextmanager
def running_agent(ctx: StoreContext, root: Path) -> Iterator[None]:
    """The agent's till server (Till and the store services) on root/run/till.sock, in a thread."""
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    stop = asyncio.Event()

    async def serve() -> None:
        metrics = EdgeMetrics(ctx)
        servicer = TillServicer(ctx, HeadOfficeLink(metrics=metrics), metrics)
        async with till_server(servicer, DataDir(root).till_socket, ctx=ctx):
            ready.set()
            await stop.wait()

    thread = threading.Thread(target=loop.run_until_complete, args=(serve(),), daemon=True)
    thread.start()
    assert ready.wait(10), "the till server did not start"
    try:
        yield
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(10)
        loop.close()


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
    # Who is signed in at which till: two stock clerks, a supervisor, a manager, a cashier.
    for till, code, role in (
        ("T1", "ann", "stock_clerk"), ("T2", "bob", "stock_clerk"), ("T3", "max", "store_manager"),
        ("T4", "sue", "supervisor"), ("T5", "cas", "cashier"),
    ):  # fmt: skip
        sign_in_store(ctx, till, code, role)
    with running_agent(ctx, root):
        yield Shop(root, ctx, capsys)
    ctx.close()


def _check_clean(shop: Shop) -> None:
    shop.capsys.readouterr()
    code = agent_cli.main(["check", "--data-dir", str(shop.root), "--format", "json"])
    report = json.loads(shop.capsys.readouterr().out)
    assert (code, report["agrees"]) == (0, True), report


def test_a_blind_count_during_sales_recount_by_another_and_posting(shop: Shop) -> None:
    started = shop.json("T3", "count", "start", "--scope", "skus", "--sku", "COLA",
                        "--sku", "CHIPS", "--title", "Drinks and snacks")  # fmt: skip
    session = started["session_id"]
    assert (started["state"], started["blind"], started["scope"]["skus"]) == (
        "open",
        True,
        ["CHIPS", "COLA"],
    )
    assert started["not_counted"] == ["CHIPS", "COLA"]

    # COLA: 30 on shelf A-01 (scanned once as a pack of 1, then typed), 20 in the backroom.
    line = shop.json("T1", "count", "scan", session, COLA_BARCODE, "--location", "A-01")
    assert (line["sku"], line["qty_base"], line["book_shown"]) == ("COLA", 1, False)
    assert "book_qty_base" not in line
    shop.json("T1", "count", "add", session, "COLA", "29", "--location", "A-01")
    # A customer buys 2 from the backroom before anyone counts it.
    code, _out, err = shop.pos("T5", "sell", "COLA", "COLA", "--pay", "cash:1000")
    assert code == 0, err
    assert levels(shop.ctx)["COLA"] == 48
    shop.json("T4", "count", "add", session, "COLA", "18", "--location", "B-01")
    # CHIPS: 15 found of 20 on the book, outside the 5 % tolerance of a C item.
    shop.json("T1", "count", "add", session, "CHIPS", "15", "--location", "A-02")
    code, _out, _err = shop.pos("T1", "count", "scan", session, UNKNOWN, "--location", "A-02")
    assert code == 0

    # The counter's own lines never carry the book; a supervisor's do.
    mine = shop.json("T1", "count", "list", session)
    assert [(ln["sku"], ln["qty_base"]) for ln in mine] == [
        ("COLA", 1), ("COLA", 29), ("CHIPS", 15), ("", 1),
    ]  # fmt: skip
    assert all("book_qty_base" not in ln and ln["book_shown"] is False for ln in mine)
    code, text, _err = shop.pos("T1", "count", "list", session)
    assert code == 0 and "BOOK" not in text
    blind = shop.json("T1", "count", "show", session)
    assert blind["book_shown"] is False and "totals" not in blind
    assert all("variance_qty_base" not in r for r in blind["results"])
    [theirs] = shop.json("T4", "count", "list", session)
    assert (theirs["book_shown"], theirs["book_qty_base"]) == (True, 48)

    # Submitted: CHIPS goes to a recount; the unknown barcode is kept for follow-up.
    submitted = shop.json("T1", "count", "submit", session)
    assert (submitted["state"], submitted["recount_skus"], submitted["round"]) == (
        "recount", ["CHIPS"], 1,
    )  # fmt: skip
    assert [u["scanned_code"] for u in submitted["unknown_barcodes"]] == [UNKNOWN]
    seen = shop.json("T3", "count", "show", session)
    cola = next(r for r in seen["results"] if r["sku"] == "COLA")
    # The sale between the two locations' lines is no variance: 48 counted, 48 on the book
    # at the last line's position; what moved while counting is shown beside it.
    assert (cola["counted_qty_base"], cola["book_qty_base"], cola["variance_qty_base"],
            cola["moved_qty_base"]) == (48, 48, 0, -2)  # fmt: skip
    assert [(x["location"], x["qty_base"]) for x in cola["locations"]] == [
        ("A-01", 30), ("B-01", 18),
    ]  # fmt: skip

    code, text, _err = shop.pos("T3", "count", "show", session)
    assert code == 0 and "moved while counting: COLA (-2)" in text and "VARIANCE" in text
    assert f"unknown barcodes to follow up: {UNKNOWN}@A-02" in text
    code, text, _err = shop.pos("T1", "count", "show", session)
    assert code == 0 and "blind count: book quantities are not shown" in text
    assert "VARIANCE" not in text and "moved while" not in text

    # The recount is by someone else; approval waits for it.
    assert "ann counted CHIPS before: a recount is by someone else" in shop.refused(
        "T1", "count", "add", session, "CHIPS", "20"
    )
    assert "waiting for a recount" in shop.refused("T3", "count", "approve", session)
    shop.json("T4", "count", "add", session, "CHIPS", "19", "--location", "A-02")
    assert shop.json("T4", "count", "submit", session)["state"] == "submitted"

    # sue counted CHIPS, which has a variance: she may not approve it; a stock clerk may
    # not approve at all; the manager may.
    assert "sue counted CHIPS, which have a variance" in shop.refused(
        "T4", "count", "approve", session
    )
    assert "a stock clerk may not approve" in shop.refused("T2", "count", "approve", session)
    posted = shop.json("T3", "count", "approve", session)
    assert (posted["state"], posted["approved_by"], posted["second_approved_by"]) == (
        "posted", "max", "",
    )  # fmt: skip
    assert levels(shop.ctx)["CHIPS"] == 19 and levels(shop.ctx)["COLA"] == 48
    entry = entry_at(shop.ctx, posted["posted_seq"])
    assert entry.document_type == "count_posting"
    assert [(m.sku, m.qty_base, m.unit_cost_minor) for m in entry.movements] == [("CHIPS", -1, 500)]
    assert sorted((ln.sku, ln.variance_qty_base) for ln in entry.count_posting.lines) == [
        ("CHIPS", -1), ("COLA", 0),
    ]  # fmt: skip
    # Posted is final.
    assert "takes no more count lines" in shop.refused("T2", "count", "add", session, "COLA", "1")
    assert "cannot be cancelled now" in shop.refused("T3", "count", "cancel", session)
    _check_clean(shop)


def test_a_large_variance_needs_a_second_approver(shop: Shop) -> None:
    receive(shop.ctx, "DN-2", [DeliveryItem("COLA", 950, 180)], "bo")  # 1000 on the book
    session = shop.json("T3", "count", "start", "--scope", "skus", "--sku", "COLA")["session_id"]
    shop.json("T1", "count", "add", session, "COLA", "400")
    assert shop.json("T1", "count", "submit", session)["state"] == "recount"
    shop.json("T2", "count", "add", session, "COLA", "400")
    assert shop.json("T2", "count", "submit", session)["state"] == "submitted"
    # 600 x 180 = 108,000 above the 100,000 limit: two approvers, two different people.
    first = shop.json("T3", "count", "approve", session)
    assert (first["state"], first["first_approver"], first["needs_second_approval"]) == (
        "approving", "max", True,
    )  # fmt: skip
    assert levels(shop.ctx)["COLA"] == 1000
    assert "max approved count session" in shop.refused("T3", "count", "approve", session)
    done = shop.json("T4", "count", "approve", session)
    assert (done["state"], done["approved_by"], done["second_approved_by"]) == (
        "posted", "max", "sue",
    )  # fmt: skip
    assert levels(shop.ctx)["COLA"] == 400
    _check_clean(shop)


def test_bad_input_gets_a_sentence_and_changes_nothing(shop: Shop) -> None:
    session = shop.json("T3", "count", "start", "--scope", "skus", "--sku", "COLA")["session_id"]
    assert "outside count session" in shop.refused("T1", "count", "add", session, "CHIPS", "3")
    assert "needs a reason" in shop.refused("T1", "count", "add", session, "COLA", "-2")
    assert "would make the count of COLA negative (-2)" in shop.refused(
        "T1", "count", "add", session, "COLA", "-2", "--reason", "double scan"
    )
    assert "whole number of base units, got '1.5'" in shop.refused(
        "T1", "count", "add", session, "COLA", "1.5"
    )
    assert "store S001 has no count session 'S002-COUNT-1'" in shop.refused(
        "T1", "count", "scan", "S002-COUNT-1", COLA_BARCODE
    )
    assert "is still open and covers COLA too" in shop.refused(
        "T3", "count", "start", "--scope", "skus", "--sku", "CHIPS", "--sku", "COLA"
    )
    assert "is still open and covers every SKU too" in shop.refused(
        "T3", "count", "start", "--scope", "full"
    )
    assert "a cashier may not count stock" in shop.refused("T5", "count", "scan", session, "COLA")
    # The same line twice with its key: one entry, the same answer.
    first = shop.json("T1", "count", "add", session, "COLA", "7", "--key", "shelf-1")
    seq = newest_seq(shop.ctx)
    again = shop.json("T1", "count", "add", session, "COLA", "7", "--key", "shelf-1")
    assert (again["seq"], again["replayed"], newest_seq(shop.ctx)) == (first["seq"], True, seq)
    assert "already used" in shop.refused(
        "T1", "count", "add", session, "COLA", "8", "--key", "shelf-1"
    )
    # Submitted twice: the same result, one entry.
    once = shop.json("T1", "count", "submit", session)
    seq = newest_seq(shop.ctx)
    twice = shop.json("T1", "count", "submit", session)
    assert (twice, newest_seq(shop.ctx)) == (once, seq)
    # Cancelled: it takes nothing more.
    assert shop.json("T3", "count", "cancel", session, "--note", "wrong aisle")["state"] == (
        "cancelled"
    )
    assert "is cancelled: it takes no more count lines" in shop.refused(
        "T1", "count", "scan", session, COLA_BARCODE
    )


def test_the_count_sheet_a_filled_count_file_and_the_variance_report(
    shop: Shop, tmp_path: Path
) -> None:
    session = shop.json("T3", "count", "start", "--scope", "skus", "--sku", "COLA",
                        "--sku", "CHIPS")["session_id"]  # fmt: skip
    sheet = tmp_path / "sheet.csv"
    written = shop.json("T1", "count", "sheet", session, "--out", str(sheet))
    assert (written["sku_count"], written["path"]) == (2, str(sheet))
    rows = sheet.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "location,sku,barcode,name,unit,counted"
    assert sorted(r.split(",")[1] for r in rows[1:]) == ["CHIPS", "COLA"]
    assert "already exists" in shop.refused("T1", "count", "sheet", session, "--out", str(sheet))

    # A file with a bad line is refused whole: nothing is counted.
    bad = tmp_path / "bad.csv"
    bad.write_text("sku,qty,location\nCOLA,50,A-01\nCHIPS,1.5,A-02\nGHOST,1,A-03\n")
    refusal = shop.refused("T1", "count", "import", session, str(bad))
    assert "line 3" in refusal and "line 4" in refusal
    good = tmp_path / "good.csv"
    good.write_text(f"barcode,qty,location\n{COLA_BARCODE},50,A-01\n,20,A-02\n")
    assert "line 3" in shop.refused("T1", "count", "import", session, str(good))
    good.write_text("sku,qty,location\nCOLA,50,A-01\nCHIPS,20,A-02\n")
    imported = shop.json("T1", "count", "import", session, str(good))
    assert (imported["line_count"], imported["replayed"]) == (2, False)
    assert [(ln["sku"], ln["qty_base"], ln["counter"]) for ln in imported["lines"]] == [
        ("COLA", 50, "ann"), ("CHIPS", 20, "ann"),
    ]  # fmt: skip
    seq = newest_seq(shop.ctx)
    again = shop.json("T1", "count", "import", session, str(good))
    assert (again["replayed"], again["line_count"], newest_seq(shop.ctx)) == (True, 2, seq)

    # The variance report shows the book: a stock clerk may not print it, a manager may.
    report = tmp_path / "variance.pdf"
    assert "may not see book quantities" in shop.refused(
        "T1", "count", "report", session, "--out", str(report)
    )
    assert not report.exists()
    shop.json("T3", "count", "report", session, "--out", str(report))
    assert report.read_bytes().startswith(b"%PDF")
