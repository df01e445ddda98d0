"""hoctl end to end against a hand-written Admin servicer on a real mTLS gRPC server.

The fake speaks the same proto as head office, so these tests prove hoctl's
requests, files, output and exit codes without waiting for the real server.
"""

from __future__ import annotations

import json
import socket
import stat
from collections.abc import Iterator
from concurrent import futures
from pathlib import Path

import grpc
import pytest

from common.bundle import EnrolmentBundle
from common.certs import ROLE_SERVER, ROLE_STAFF, create_ca, issue_certificate
from common.pb.storeledger.v1 import (
    admin_pb2,
    admin_pb2_grpc,
    catalogue_admin_pb2,
    catalogue_admin_pb2_grpc,
)
from common.tls import SERVER_NAME, server_credentials
from headoffice.cli.hoctl import main


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

    def GetStock(self, request, context):
        self.requests.append(request)
        if request.category == "db-down":
            context.abort(grpc.StatusCode.UNAVAILABLE, "the head-office database is not reachable")
        return admin_pb2.StockReply(
            currency="CNY",
            rows=[
                admin_pb2.StockRow(
                    store_code="S001", sku="A", unit="piece", qty_base=3, value_minor=300
                )
            ],
        )

    def Verify(self, request, context):
        self.requests.append(request)
        return admin_pb2.VerifyReply(
            store_code=request.store_code,
            match=False,
            differences=[admin_pb2.SkuDifference(sku="A", head_office_qty=3, store_qty=2)],
        )


class FakeCatalogueAdmin(catalogue_admin_pb2_grpc.CatalogueAdminServicer):
    """Shares the request list of FakeAdmin; an import records its first chunk."""

    def __init__(self, requests: list[object]) -> None:
        self.requests = requests

    def ImportCatalogue(self, request_iterator, context):
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
        yield catalogue_admin_pb2.CatalogueImportProgress(
            stage="checked",
            result=catalogue_admin_pb2.CatalogueImportResult(
                applied=not chunks[0].dry_run, products_created=2, products_updated=1
            ),
        )


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
    grpc_server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    admin_pb2_grpc.add_AdminServicer_to_server(fake, grpc_server)
    catalogue_admin_pb2_grpc.add_CatalogueAdminServicer_to_server(
        FakeCatalogueAdmin(fake.requests), grpc_server
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


def test_stock_json_passes_filters(fake_head_office, capsys):
    data_dir, fake = fake_head_office
    argv = ["--data-dir", str(data_dir), "stock", "--store", "S001", "--sku", "A", "--negative"]
    assert main([*argv, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["quantity"] == 3
    query = fake.requests[-1]
    assert (query.store_code, query.sku, query.category, query.negative_only) == (
        "S001",
        "A",
        "",
        True,
    )


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
    assert f"head office at {address} is not reachable: " in capsys.readouterr().err


def test_head_office_unavailable_sentence_is_not_called_unreachable(fake_head_office, capsys):
    data_dir, _ = fake_head_office
    assert main(["--data-dir", str(data_dir), "stock", "--category", "db-down"]) == 1
    assert (
        capsys.readouterr().err.strip() == "hoctl stock: the head-office database is not reachable"
    )


def test_wrong_ca_is_reported_as_unreachable(fake_head_office, capsys):
    data_dir, _ = fake_head_office
    (data_dir / "tls" / "ca.pem").write_bytes(create_ca("Another chain").cert_pem)
    assert main(["--data-dir", str(data_dir), "store", "list"]) == 1
    assert "is not reachable: " in capsys.readouterr().err


def test_no_room_for_the_bundle_enrols_nothing(tmp_path):
    """The file and its space are claimed before head office is asked (QA: a full disk
    left the store enrolled with a 0-byte bundle and its code used up)."""
    from headoffice.cli.hoctl import HoctlError, reserve_file

    out = tmp_path / "S006.bundle"
    with pytest.raises(HoctlError, match="nothing was enrolled at head office"):
        reserve_file(out, 2**62)  # more than any disk holds: ENOSPC/EFBIG like a full one
    assert not out.exists()
