"""hoctl end to end against a hand-written Admin servicer on a real mTLS gRPC server.

The fake speaks the same proto as head office, so these tests prove hoctl's
requests, files, output and exit codes without waiting for the real server.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent import futures
from contextlib import nullcontext
from pathlib import Path

import grpc
import pytest

from common.bundle import EnrolmentBundle
from common.certs import ROLE_SERVER, ROLE_STAFF, create_ca, issue_certificate
from common.cli.cells import display_width
from common.i18n import default_language, set_default_language
from common.i18n.languages import USER_LANGUAGE_ENV
from common.pb.storeledger.v1 import (
    admin_pb2,
    admin_pb2_grpc,
    catalogue_admin_pb2,
    catalogue_admin_pb2_grpc,
    channels_pb2,
    channels_pb2_grpc,
    stock_views_pb2,
    stock_views_pb2_grpc,
)
from common.tls import SERVER_NAME, server_credentials
from headoffice.cli.hoctl import main


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """hoctl speaks English here whatever the developer's locale (main() sets the process's
    language from STORELEDGER_LANGUAGE); the language is put back after each test."""
    before = default_language()
    monkeypatch.setenv(USER_LANGUAGE_ENV, "en")
    yield
    set_default_language(before)


class FakeAdmin(admin_pb2_grpc.AdminServicer):
    def __init__(self) -> None:
        self.requests: list[object] = []

    def AddStore(self, request, context):
        self.requests.append(request)
        if request.store_code == "S009":
            context.abort(grpc.StatusCode.ALREADY_EXISTS, "store S009 already exists")
        bundle = EnrolmentBundle(request.store_code, request.name, "127.0.0.1:1", "ca", "c", "k")
        return admin_pb2.AddStoreReply(
            store=admin_pb2.StoreInfo(store_code=request.store_code, name=request.name),
            bundle=bundle.to_bytes(),
        )

    def Verify(self, request, context):
        self.requests.append(request)
        return admin_pb2.VerifyReply(
            store_code=request.store_code,
            match=False,
            differences=[
                admin_pb2.SkuDifference(sku="A", head_office_qty_base=3, store_qty_base=2)
            ],
        )


class FakeCatalogueAdmin(catalogue_admin_pb2_grpc.CatalogueAdminServicer):
    """Shares the request list of FakeAdmin; an import records its first chunk.

    The Ctrl-C cases press Ctrl-C in a hoctl process of their own (`client`): a SIGINT
    sent to the test's own process would, when it lands a moment late, stop pytest."""

    def __init__(self, requests: list[object]) -> None:
        self.requests = requests
        self.client: subprocess.Popen[str] | None = None
        self.client_known = threading.Event()

    def _ctrl_c(self) -> None:
        assert self.client_known.wait(WAIT_S), "the test never named its hoctl process"
        assert self.client is not None
        self.client.send_signal(signal.SIGINT)  # nothing, if it has finished already

    def ImportCatalogue(self, request_iterator, context):
        self.gone = threading.Event()
        chunks = list(request_iterator)
        self.requests.append(chunks[0])
        cells = [list(row.cells) for chunk in chunks for row in chunk.rows]
        yield catalogue_admin_pb2.CatalogueImportProgress(stage="checking", rows=len(cells))
        if ["bad"] in cells:
            yield catalogue_admin_pb2.CatalogueImportProgress(
                stage="refused",
                result=catalogue_admin_pb2.CatalogueImportResult(
                    errors=[
                        catalogue_admin_pb2.CatalogueLineError(
                            line_no=3, reason="price_minor must be whole"
                        ),
                        catalogue_admin_pb2.CatalogueLineError(
                            line_no=5, reason="barcode 123 has 3 digits"
                        ),
                    ]
                ),
            )
            return
        if ["ctrl-c while checking"] in cells:  # Ctrl-C before the answer, and again
            context.add_callback(self.gone.set)
            self._ctrl_c()
            time.sleep(0.5)
            self._ctrl_c()
            self.gone.wait(WAIT_S)
            return
        yield catalogue_admin_pb2.CatalogueImportProgress(
            stage="checked",
            result=catalogue_admin_pb2.CatalogueImportResult(
                applied=not chunks[0].dry_run, products_created=2, products_updated=1
            ),
        )
        if ["ctrl-c after commit"] in cells:  # ... after the answer, before the stream ends
            self._ctrl_c()
            time.sleep(0.3)


class FakeStockViews(stock_views_pb2_grpc.StockViewsServicer):
    """Serves S001's levels two lines a page, so hoctl must follow the page token."""

    LINES = [
        stock_views_pb2.StockLine(
            store_code="S001", sku="A", name="Apple, red", category="fruit", unit="piece",
            qty_base=3, unit_cost_minor=100, value_minor=300,
        ),
        stock_views_pb2.StockLine(
            store_code="S001", sku="B", name="Banana", category="fruit", unit="g",
            qty_base=-250, unit_cost_minor=2, value_minor=-500,
        ),
        stock_views_pb2.StockLine(
            store_code="S001", sku="C", name="Cherry", category="fruit", unit="g",
            qty_base=0, unit_cost_minor=7, value_minor=0,
        ),
    ]  # fmt: skip

    def __init__(self, requests: list[object]) -> None:
        self.requests = requests
        self.languages: list[str] = []  # the accept-language of each ListStock call

    def ListStock(self, request, context):
        self.requests.append(request)
        self.languages.append(dict(context.invocation_metadata()).get("accept-language", ""))
        if request.selection.category == "db-down":
            context.abort(grpc.StatusCode.UNAVAILABLE, "the head-office database is not reachable")
        start = int(request.page_token or 0)
        reply = stock_views_pb2.ListStockReply(
            lines=self.LINES[start : start + 2],
            next_page_token="2" if start == 0 else "",
            currency="CNY",
        )
        if start == 0:
            reply.totals.CopyFrom(
                stock_views_pb2.StockTotals(
                    lines=3, qty_base=-247, value_minor=-200, negative_lines=1, zero_lines=1
                )
            )
        return reply

    def ChainTotals(self, request, context):
        self.requests.append(request)
        return stock_views_pb2.ChainTotalsReply(
            lines=[
                stock_views_pb2.SkuTotal(
                    sku="A",
                    name="Apple, red",
                    category="fruit",
                    unit="piece",
                    stores=2,
                    qty_base=5,
                    value_minor=520,
                )
            ],  # fmt: skip
            totals=stock_views_pb2.StockTotals(lines=2, qty_base=5, value_minor=520),
            currency="CNY",
        )

    def StockCard(self, request, context):
        self.requests.append(request)
        if request.sku == "NOPE":
            context.abort(grpc.StatusCode.NOT_FOUND, "SKU NOPE is not in head office's catalogue")
        first = request.after_seq == 0
        movement = stock_views_pb2.CardMovement(
            seq=7 if first else 9,
            occurred_at_ms=1_700_000_000_000,
            document_type="receipt" if first else "sale",
            document_id="r-1" if first else "s-1",
            actor="bo" if first else "anna",
            reason="receipt" if first else "sale",
            qty_base=10 if first else -4,
            unit_cost_minor=95,
            balance_qty_base=12 if first else 8,
        )
        return stock_views_pb2.StockCardReply(
            store_code=request.store_code, sku=request.sku, name="Apple, red", unit="piece",
            opening_qty_base=2 if first else 12, movements=[movement],
            next_after_seq=7 if first else 0, level_qty_base=8, unit_cost_minor=95,
            currency="CNY",
        )  # fmt: skip


class FakeChannelAdmin(channels_pb2_grpc.ChannelAdminServicer):
    def __init__(self, requests: list[object]) -> None:
        self.requests = requests

    def SetStockState(self, request, context):
        self.requests.append(request)
        if not request.reason.strip():
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "say why (--reason)")
        return channels_pb2.StockState(
            store_code=request.store_code, sku=request.sku, on_hand_qty_base=10,
            available_qty_base=10 - request.qty_base, damaged_qty_base=request.qty_base,
        )  # fmt: skip


@pytest.fixture
def fake_head_office(tmp_path: Path) -> Iterator[tuple[Path, FakeAdmin]]:
    ca = create_ca()
    server = issue_certificate(ca, SERVER_NAME, ROLE_SERVER, hosts=[SERVER_NAME, "127.0.0.1"])
    admin = issue_certificate(ca, "admin", ROLE_STAFF)
    data_dir = tmp_path / "ho"
    (data_dir / "tls").mkdir(parents=True)
    (data_dir / "run").mkdir()
    (data_dir / "tls" / "ca.pem").write_bytes(ca.cert_pem)
    (data_dir / "tls" / "admin.pem").write_bytes(admin.cert_pem)
    (data_dir / "tls" / "admin.key").write_bytes(admin.key_pem)
    fake = FakeAdmin()
    fake.ca = ca
    grpc_server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    admin_pb2_grpc.add_AdminServicer_to_server(fake, grpc_server)
    fake.catalogue = FakeCatalogueAdmin(fake.requests)
    catalogue_admin_pb2_grpc.add_CatalogueAdminServicer_to_server(fake.catalogue, grpc_server)
    fake.stock_views = FakeStockViews(fake.requests)
    stock_views_pb2_grpc.add_StockViewsServicer_to_server(fake.stock_views, grpc_server)
    channels_pb2_grpc.add_ChannelAdminServicer_to_server(
        FakeChannelAdmin(fake.requests), grpc_server
    )
    port = grpc_server.add_secure_port(
        "127.0.0.1:0", server_credentials(ca.cert_pem, server.cert_pem, server.key_pem)
    )
    grpc_server.start()
    (data_dir / "run" / "serve.json").write_text(
        json.dumps({"pid": 1, "grpc_address": f"127.0.0.1:{port}"})
    )
    try:
        yield data_dir, fake
    finally:
        grpc_server.stop(grace=None)


def test_store_add_writes_bundle_0600_and_never_overwrites(fake_head_office, tmp_path, capsys):
    data_dir, fake = fake_head_office
    out = tmp_path / "S001.bundle"
    assert (
        main(
            [
                "--data-dir",
                str(data_dir),
                "store",
                "add",
                "S001",
                "--name",
                "Central St",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert EnrolmentBundle.from_bytes(out.read_bytes()).store_name == "Central St"
    assert "added store S001 (Central St)" in capsys.readouterr().out

    before = out.read_bytes()
    assert (
        main(
            ["--data-dir", str(data_dir), "store", "add", "S002", "--name", "x", "--out", str(out)]
        )
        == 1
    )
    assert "already exists" in capsys.readouterr().err
    assert out.read_bytes() == before
    assert len(fake.requests) == 1  # refused before asking head office


def test_failure_5_hoctl_po_create_out_of_range_exits_with_a_sentence_before_any_call(
    fake_head_office, capsys
):
    data_dir, _ = fake_head_office
    for argv, sentence in (
        (["po", "create", "--store", "S001", "--supplier", "BEV", "COLA=1000000000@10000000000000"],
         "quantity 1000000000 pieces is too large; at most 100000000 in one line"),
        (["po", "create", "--store", "S001", "--supplier", "BEV", "COLA=10@100000001"],
         "unit cost of COLA is 100000001 minor units, more than the limit of 100000000"),
        (["po", "add-line", "PO-1", "COLA=10@10000000000000"],
         "unit cost of COLA 10000000000000 is too large"),
        (["catalogue", "price", "set", "--store", "S001", "--sku", "COLA", "--price",
          "100000000000000"],
         "the store price is 100000000000000 minor units, more than the limit of 100000000"),
    ):  # fmt: skip
        with pytest.raises(SystemExit) if argv[0] == "catalogue" else nullcontext():
            code = main(["--data-dir", str(data_dir), *argv])
            assert code == 1
        err = capsys.readouterr().err
        assert sentence in err and "Traceback" not in err and "Unexpected" not in err


def test_server_refusal_prints_details_with_context(fake_head_office, tmp_path, capsys):
    data_dir, _ = fake_head_office
    out = tmp_path / "S009.bundle"
    assert (
        main(
            ["--data-dir", str(data_dir), "store", "add", "S009", "--name", "x", "--out", str(out)]
        )
        == 1
    )
    assert capsys.readouterr().err.strip() == "hoctl store add: store S009 already exists"
    assert not out.exists()


def test_catalogue_import_reports_every_bad_line(fake_head_office, tmp_path, capsys):
    data_dir, fake = fake_head_office
    bad = tmp_path / "bad.csv"
    bad.write_text("sku,name\nbad\n")
    assert main(["--data-dir", str(data_dir), "catalogue", "import", str(bad)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[:2] == ["line 3: price_minor must be whole", "line 5: barcode 123 has 3 digits"]
    assert "2 lines refused" in err[2]

    good = tmp_path / "good.csv"
    good.write_bytes("\ufeffsku,name\n".encode())
    assert main(["--data-dir", str(data_dir), "catalogue", "import", str(good), "--dry-run"]) == 0
    assert "would have created 2, updated 1, unchanged 0" in capsys.readouterr().out
    assert fake.requests[-1].dry_run is True
    assert [list(r.cells) for r in fake.requests[-1].rows] == [["sku", "name"]]  # BOM dropped


WAIT_S = 10


def hoctl_pressing_ctrl_c(fake, *args: str) -> tuple[int, str, str]:
    """Run hoctl as a process of its own, which the fake head office sends Ctrl-C (SIGINT)."""
    code = "import sys; from headoffice.cli.entry import hoctl; sys.exit(hoctl())"
    client = subprocess.Popen(
        [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    fake.catalogue.client = client
    fake.catalogue.client_known.set()
    out, err = client.communicate(timeout=60)
    return client.returncode, out, err


def test_failure_12_ctrl_c_after_head_office_committed_the_import_says_it_committed(
    fake_head_office, tmp_path
):
    data_dir, fake = fake_head_office
    path = tmp_path / "after.csv"
    path.write_text("sku,name\nctrl-c after commit\n")
    code, out, err = hoctl_pressing_ctrl_c(
        fake, "--data-dir", str(data_dir), "catalogue", "import", str(path)
    )
    assert code == 0, err
    assert "imported" in out and "created 2, updated 1" in out
    assert "interrupted" not in err


def test_ctrl_c_while_head_office_checks_says_the_import_may_still_commit(
    fake_head_office, tmp_path
):
    data_dir, fake = fake_head_office
    path = tmp_path / "during.csv"
    path.write_text("sku,name\nctrl-c while checking\n")
    code, _out, err = hoctl_pressing_ctrl_c(
        fake, "--data-dir", str(data_dir), "catalogue", "import", str(path)
    )
    assert code == 1, err
    assert "waiting for its answer (Ctrl-C again to stop waiting)" in err
    assert "interrupted after head office received all of" in err
    assert "if every line is good, imports it" in err


def test_stock_json_follows_pages_and_passes_filters(fake_head_office, capsys):
    data_dir, fake = fake_head_office
    argv = ["--data-dir", str(data_dir), "stock", "--store", "S001", "--sku", "A", "--negative"]
    assert main([*argv, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["sku"] for r in rows] == ["A", "B", "C"]
    assert rows[1] == {
        "store": "S001",
        "sku": "B",
        "name": "Banana",
        "category": "fruit",
        "unit": "g",
        "qty_base": -250,
        "unit_cost_minor": 2,
        "value_minor": -500,
        "currency": "CNY",
    }
    first, second = fake.requests[-2:]
    assert (first.page_token, second.page_token) == ("", "2")
    sel = second.selection
    assert (sel.store_code, sel.sku, sel.category, sel.filter) == (
        "S001",
        "A",
        "",
        stock_views_pb2.STOCK_LEVEL_FILTER_NEGATIVE,
    )


def test_stock_table_and_csv(fake_head_office, capsys):
    data_dir, _ = fake_head_office
    assert main(["--data-dir", str(data_dir), "stock", "--store", "S001"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        "STORE", "SKU", "NAME", "CATEGORY", "UNIT", "QUANTITY", "UNIT", "COST", "VALUE",
    ]  # fmt: skip
    assert len({len(line) for line in lines[:2]}) == 1  # header and rule are the same width
    assert lines[2].split()[-3:] == ["3", "1.00", "3.00"]
    assert lines[3].split()[-3:] == ["-250", "0.02", "-5.00"]
    assert lines[3].index("-250") + 4 == lines[2].index(" 3 ") + 2  # numbers right-aligned
    assert lines[-1] == "3 lines, quantity -247, value -2.00 CNY; 1 below zero, 1 at zero"
    assert main(["--data-dir", str(data_dir), "stock", "--store", "S001", "--format", "csv"]) == 0
    csv_lines = capsys.readouterr().out.splitlines()
    assert csv_lines[0] == (
        "store,sku,name,category,unit,qty_base,unit_cost_minor,value_minor,currency"
    )
    assert csv_lines[1] == 'S001,A,"Apple, red",fruit,piece,3,100,300,CNY'
    assert len(csv_lines) == 4


def test_stock_in_chinese_sends_the_language_and_keeps_json_and_csv(
    fake_head_office, monkeypatch, capsys
):
    """A Chinese user reads Chinese headings and totals, lined up by display width; head
    office is asked in Chinese; what scripts read does not change with the language."""
    data_dir, fake = fake_head_office
    argv = ["--data-dir", str(data_dir), "stock", "--store", "S001"]
    documents = {}
    for language in ("en", "zh_CN"):
        monkeypatch.setenv(USER_LANGUAGE_ENV, language)
        for fmt in ("json", "csv"):
            assert main([*argv, "--format", fmt]) == 0
            documents[language, fmt] = capsys.readouterr().out
    assert documents["en", "json"] == documents["zh_CN", "json"]
    assert documents["en", "csv"] == documents["zh_CN", "csv"]

    assert main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["门店", "货号", "名称", "分类", "单位", "数量", "单位成本", "金额"]
    assert display_width(lines[0]) == display_width(lines[1])  # the rule under the headings
    assert lines[-1] == "3 行，数量 -247，金额 -2.00 CNY；1 个为负，1 个为零"
    assert fake.stock_views.languages[-2:] == ["zh-CN", "zh-CN"]  # both pages asked in Chinese
    assert fake.stock_views.languages[0] == "en"


def test_a_language_hoctl_has_no_catalogue_for_is_refused(fake_head_office, monkeypatch, capsys):
    data_dir, fake = fake_head_office
    monkeypatch.setenv(USER_LANGUAGE_ENV, "fr")
    assert main(["--data-dir", str(data_dir), "stock", "--store", "S001"]) == 1
    assert capsys.readouterr().err.startswith(
        "hoctl: STORELEDGER_LANGUAGE must be one of en, zh_CN"
    )
    assert not fake.requests


def test_stock_without_store_shows_chain_totals(fake_head_office, capsys):
    data_dir, fake = fake_head_office
    assert main(["--data-dir", str(data_dir), "stock", "--category", "fruit"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["SKU", "NAME", "CATEGORY", "UNIT", "STORES", "QUANTITY", "VALUE"]
    assert out[2].split()[-3:] == ["2", "5", "5.20"]
    assert out[-1] == "chain totals: 2 store levels, quantity 5, value 5.20 CNY"
    assert isinstance(fake.requests[-1], stock_views_pb2.ChainTotalsRequest)
    assert fake.requests[-1].selection.category == "fruit"
    assert main(["--data-dir", str(data_dir), "stock", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {
            "sku": "A",
            "name": "Apple, red",
            "category": "fruit",
            "unit": "piece",
            "store_count": 2,
            "qty_base": 5,
            "value_minor": 520,
            "currency": "CNY",
        }
    ]


def test_stock_card_formats(fake_head_office, capsys):
    data_dir, fake = fake_head_office
    argv = ["--data-dir", str(data_dir), "stock", "card", "--store", "S001", "--sku", "A"]
    assert main([*argv, "--since", "2023-11-01", "--format", "json"]) == 0
    card = json.loads(capsys.readouterr().out)
    assert card["opening_qty_base"] == 2 and card["closing_qty_base"] == 8
    assert [(m["seq"], m["qty_base"], m["balance_qty_base"]) for m in card["movements"]] == [
        (7, 10, 12),
        (9, -4, 8),
    ]
    assert card["movements"][0]["occurred_at"] == "2023-11-14T22:13:20.000Z"
    assert fake.requests[-1].after_seq == 7 and fake.requests[-2].since_ms == 1_698_796_800_000
    assert main([*argv, "--format", "csv"]) == 0
    csv_lines = capsys.readouterr().out.splitlines()
    assert csv_lines[0] == (
        "seq,occurred_at,document_type,document_id,actor,reason,qty_base,unit_cost_minor,"
        "balance_qty_base,currency"
    )
    assert csv_lines[2] == "9,2023-11-14T22:13:20.000Z,sale,s-1,anna,sale,-4,95,8,CNY"
    assert main(argv) == 0
    text = capsys.readouterr().out.splitlines()
    assert text[0] == "stock card of A (Apple, red) in S001"
    assert text[1] == "opening balance 2 piece"
    assert text[-1] == (
        "closing balance 8 after 2 movements; head office's level now 8 at 0.95 CNY each"
    )
    assert main([*argv[:-1], "NOPE"]) == 1
    assert capsys.readouterr().err.strip() == (
        "hoctl stock card: SKU NOPE is not in head office's catalogue"
    )


def test_stock_state_set_sends_the_figure_and_reason_and_says_what_is_left(
    fake_head_office, capsys
):
    data_dir, fake = fake_head_office
    argv = ["--data-dir", str(data_dir), "stock", "state", "set", "--store", "S001",
            "--sku", "A", "--state", "damaged", "--qty", "3", "--reason", "dented"]  # fmt: skip
    assert main(argv) == 0
    sent = fake.requests[-1]
    assert (sent.store_code, sent.sku, sent.state, sent.qty_base, sent.reason) == (
        "S001", "A", "damaged", 3, "dented",
    )  # fmt: skip
    assert capsys.readouterr().out.strip() == (
        "damaged stock of A at S001 is 3; 7 available of 10 on hand"
    )
    assert main([*argv, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["damaged_qty_base"], doc["available_qty_base"]) == (3, 7)
    assert main([*argv[:-2], "--reason", " "]) == 1
    assert "say why" in capsys.readouterr().err
    with pytest.raises(SystemExit):  # only damaged or safety: refused before any call
        main([*argv[:9], "reserved", *argv[10:]])


def test_verify_mismatch_exits_1(fake_head_office, capsys):
    data_dir, fake = fake_head_office
    assert main(["--data-dir", str(data_dir), "verify", "--store", "S001", "--timeout", "3"]) == 1
    rows = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert any(row and row[0] == "A" for row in rows)
    assert fake.requests[-1].timeout_ms == 3000


def test_unimplemented_call_is_a_sentence_not_a_traceback(fake_head_office, capsys):
    data_dir, _ = fake_head_office
    assert main(["--data-dir", str(data_dir), "sync", "status"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("hoctl sync status: ") and "Traceback" not in err


def test_unreachable_head_office(fake_head_office, capsys):
    data_dir, _ = fake_head_office
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        address = f"127.0.0.1:{sock.getsockname()[1]}"
    assert main(["--data-dir", str(data_dir), "--address", address, "store", "list"]) == 1
    assert capsys.readouterr().err.startswith(
        f"hoctl store list: head office at {address} is not reachable: "
    )


def test_head_office_unavailable_sentence_is_not_called_unreachable(fake_head_office, capsys):
    data_dir, _ = fake_head_office
    argv = ["--data-dir", str(data_dir), "stock", "--store", "S001", "--category", "db-down"]
    assert main(argv) == 1
    assert (
        capsys.readouterr().err.strip() == "hoctl stock: the head-office database is not reachable"
    )


def test_certificate_problems_are_not_reported_as_not_reachable(fake_head_office, capsys):
    """Issue 12, failure 11: a certificate problem said as "not reachable". hoctl checks its
    own certificate and then head office's once the handshake has failed (not before every
    call: that cost each command ~50 ms)."""
    data_dir, _ = fake_head_office
    tls = data_dir / "tls"
    ours = tls / "ca.pem"
    # The CA beside the certificate is another chain's: the handshake fails, hoctl says why.
    ours.write_bytes(create_ca("Another chain").cert_pem)
    assert main(["--data-dir", str(data_dir), "store", "list"]) == 1
    err = capsys.readouterr().err
    assert "not reachable" not in err
    assert f"administrator certificate {tls / 'admin.pem'}" in err
    assert (
        "was issued by StoreLedger chain CA, not by the CA it came with (Another chain CA)" in err
    )
    # A whole credential of another chain (its CA and certificate): head office's own
    # certificate is then not from the client's CA, which the client says after the handshake.
    other = create_ca("Another chain")
    admin = issue_certificate(other, "admin", ROLE_STAFF)
    ours.write_bytes(other.cert_pem)
    (tls / "admin.pem").write_bytes(admin.cert_pem)
    (tls / "admin.key").write_bytes(admin.key_pem)
    assert main(["--data-dir", str(data_dir), "store", "list"]) == 1
    err = capsys.readouterr().err
    assert "not reachable" not in err
    assert "presents a certificate issued by StoreLedger chain CA, not by this client's CA" in err


def test_an_expired_or_mismatched_own_certificate_is_said_after_the_handshake(
    fake_head_office, capsys
):
    """hoctl no longer checks its certificate before each call; a bad one still fails the
    handshake, and hoctl then says which certificate is wrong and why."""
    data_dir, fake = fake_head_office
    tls = data_dir / "tls"
    now = dt.datetime.now(dt.UTC)
    old = issue_certificate(
        fake.ca, "admin", ROLE_STAFF, not_before=now - dt.timedelta(days=30),
        not_after=now - dt.timedelta(days=1),
    )  # fmt: skip
    (tls / "admin.pem").write_bytes(old.cert_pem)
    (tls / "admin.key").write_bytes(old.key_pem)
    assert main(["--data-dir", str(data_dir), "stock", "--store", "S001"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        f"hoctl stock: head office's administrator certificate {tls / 'admin.pem'}"
    )
    assert "expired on" in err and "not reachable" not in err
    (tls / "admin.pem").write_bytes(issue_certificate(fake.ca, "admin", ROLE_STAFF).cert_pem)
    assert main(["--data-dir", str(data_dir), "stock", "--store", "S001"]) == 1
    err = capsys.readouterr().err
    assert "and its private key do not belong together" in err and "not reachable" not in err
    assert fake.requests == []  # neither call reached head office


def test_no_room_for_the_bundle_enrols_nothing(tmp_path):
    """The file and its space are claimed before head office is asked (QA: a full disk
    left the store enrolled with a 0-byte bundle and its code used up)."""
    from headoffice.cli.clients import HoctlError, reserve_file

    out = tmp_path / "S006.bundle"
    with pytest.raises(HoctlError, match="nothing was enrolled at head office"):
        reserve_file(out, 2**62)  # more than any disk holds: ENOSPC/EFBIG like a full one
    assert not out.exists()


def test_bundles_and_identity_files_are_0600_under_umask_000(tmp_path):
    """Issue 12, failure 7: what `hoctl store add --out` and `hoctl user add --out` write holds
    a private key; both claim their file through reserve_file."""
    from headoffice.cli.clients import reserve_file

    old = os.umask(0)
    try:
        fd = reserve_file(tmp_path / "S007.bundle", 1024)
    finally:
        os.umask(old)
    os.close(fd)
    assert stat.S_IMODE((tmp_path / "S007.bundle").stat().st_mode) == 0o600
