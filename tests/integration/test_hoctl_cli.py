"""hoctl against a real `headoffice serve` process, both as console scripts of this venv.

Both speak English (STORELEDGER_LANGUAGE=en) unless a test asks hoctl for another
language: the server answers each call in its caller's language.

Skipped only while headoffice.cli.server does not exist yet.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import grpc
import pytest

from common.bundle import EnrolmentBundle
from common.pb.storeledger.v1 import catalogue_admin_pb2, catalogue_admin_pb2_grpc
from common.rpc.language import language_metadata
from common.tls import channel_credentials, channel_options

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SAMPLE = ROOT / "deploy" / "sample"
SAMPLE_PRODUCTS = 12


def _server_exists() -> bool:
    try:
        return importlib.util.find_spec("headoffice.cli.server") is not None
    except ModuleNotFoundError:
        return False


pytestmark = pytest.mark.skipif(
    not _server_exists(),
    reason="headoffice.cli.server (the `headoffice` command) is not written yet",
)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    # The editable install only maps packages that existed when it ran; the
    # repository root on the path makes headoffice importable regardless.
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env.pop("STORELEDGER_HO_DATA_DIR", None)
    env["STORELEDGER_LANGUAGE"] = "en"  # the sentences below are English whatever the locale
    return env


def _wait_for(what: str, condition, timeout_s: float = 30.0):
    deadline = time.monotonic() + timeout_s
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout_s:.0f}s waiting for {what}")
        time.sleep(0.05)


def _serve_info(path: Path, proc: subprocess.Popen[bytes]) -> dict | None:
    if proc.poll() is not None:
        pytest.fail(f"headoffice serve exited with {proc.returncode} before writing {path}")
    try:
        return json.loads(path.read_text())
    except (FileNotFoundError, ValueError):
        return None


@pytest.fixture(scope="module")
def head_office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    data_dir = tmp_path_factory.mktemp("hoctl") / "ho"
    init = subprocess.run(
        [str(BIN / "headoffice"), "init", "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
    )
    assert init.returncode == 0, init.stderr
    log_path = data_dir.parent / "serve.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [
                str(BIN / "headoffice"),
                "serve",
                "--data-dir",
                str(data_dir),
                "--listen",
                "127.0.0.1:0",
                "--metrics-listen",
                "127.0.0.1:0",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=_env(),
        )
    try:
        serve_json = data_dir / "run" / "serve.json"
        info = _wait_for("run/serve.json", lambda: _serve_info(serve_json, proc))
        assert info["grpc_address"].startswith("127.0.0.1:")
        yield data_dir
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


def hoctl(data_dir: Path, *args: str, language: str = "en") -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [str(BIN / "hoctl"), "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env={**_env(), "STORELEDGER_LANGUAGE": language},
        timeout=60,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def test_store_add_list_disable(head_office: Path, tmp_path: Path) -> None:
    bundle_path = tmp_path / "S001.bundle"
    added = hoctl(
        head_office, "store", "add", "S001", "--name", "Central St", "--out", str(bundle_path)
    )
    assert added.returncode == 0, added.stderr
    assert stat.S_IMODE(bundle_path.stat().st_mode) == 0o600
    bundle = EnrolmentBundle.from_bytes(bundle_path.read_bytes())
    assert (bundle.store_code, bundle.store_name) == ("S001", "Central St")

    again = hoctl(
        head_office, "store", "add", "S001", "--name", "Central St", "--out", str(bundle_path)
    )
    assert again.returncode == 1 and "already exists" in again.stderr
    duplicate = hoctl(
        head_office, "store", "add", "S001", "--name", "Copy", "--out", str(tmp_path / "b")
    )
    assert duplicate.returncode == 1 and "S001" in duplicate.stderr
    assert not (tmp_path / "b").exists()

    stores = {
        s["store"]: s
        for s in json.loads(hoctl(head_office, "store", "list", "--format", "json").stdout)
    }
    assert stores["S001"]["name"] == "Central St" and stores["S001"]["disabled"] is False

    disabled = hoctl(head_office, "store", "disable", "S001")
    assert disabled.returncode == 0, disabled.stderr
    stores = {
        s["store"]: s
        for s in json.loads(hoctl(head_office, "store", "list", "--format", "json").stdout)
    }
    assert stores["S001"]["disabled"] is True
    table = hoctl(head_office, "store", "list")
    assert table.returncode == 0 and "S001" in table.stdout and "disabled" in table.stdout

    unknown = hoctl(head_office, "store", "disable", "S404")
    assert unknown.returncode == 1 and "S404" in unknown.stderr


def test_catalogue_import_bad_dry_run_then_good(head_office: Path) -> None:
    bad = hoctl(head_office, "catalogue", "import", str(SAMPLE / "products-bad.csv"))
    assert bad.returncode == 1
    refused = [line for line in bad.stderr.splitlines() if line.startswith("line ")]
    assert [line.split(":")[0] for line in refused] == [f"line {n}" for n in range(3, 9)]
    assert "6920000000013" in bad.stderr and "'bottle'" in bad.stderr

    dry = hoctl(head_office, "catalogue", "import", str(SAMPLE / "products.csv"), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert f"would have created {SAMPLE_PRODUCTS}, updated 0, unchanged 0" in dry.stdout

    real = hoctl(head_office, "catalogue", "import", str(SAMPLE / "products.csv"))
    assert real.returncode == 0, real.stderr
    # the bad file and the dry run changed nothing: every product is still new here
    assert f"created {SAMPLE_PRODUCTS}, updated 0, unchanged 0" in real.stdout

    repeat = hoctl(head_office, "catalogue", "import", str(SAMPLE / "products.csv"))
    assert f"created 0, updated 0, unchanged {SAMPLE_PRODUCTS}" in repeat.stdout


def test_stock_and_sync_status_json(head_office: Path, tmp_path: Path) -> None:
    added = hoctl(
        head_office,
        "store",
        "add",
        "S002",
        "--name",
        "Harbour Rd",
        "--out",
        str(tmp_path / "S002.bundle"),
    )
    assert added.returncode == 0, added.stderr

    stock = hoctl(head_office, "stock", "--store", "S002", "--format", "json")
    assert stock.returncode == 0, stock.stderr
    rows = json.loads(stock.stdout)
    assert isinstance(rows, list)
    keys = {
        "store",
        "sku",
        "name",
        "category",
        "unit",
        "qty_base",
        "unit_cost_minor",
        "value_minor",
        "currency",
    }
    for row in rows:
        assert set(row) == keys and row["store"] == "S002"
        assert all(type(row[k]) is int for k in ("qty_base", "unit_cost_minor", "value_minor"))
        assert row["qty_base"] == 0  # nothing has been sold or received yet
    assert hoctl(head_office, "stock", "--store", "S002").returncode == 0

    status = hoctl(head_office, "sync", "status", "--store", "S002", "--format", "json")
    assert status.returncode == 0, status.stderr
    (row,) = json.loads(status.stdout)
    assert row["store"] == "S002" and row["name"] == "Harbour Rd"
    assert row["connected"] is False and row["last_contact_at"] is None
    assert (row["committed_seq"], row["backlog_count"], row["lag_ms"]) == (0, 0, 0)
    table = hoctl(head_office, "sync", "status")
    assert table.returncode == 0 and "S002" in table.stdout and "never" in table.stdout


def test_unreachable_address_is_one_sentence(head_office: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        address = f"127.0.0.1:{sock.getsockname()[1]}"
    proc = hoctl(head_office, "--address", address, "store", "list")
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"hoctl store list: head office at {address} is not reachable: ")


def _closed_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{sock.getsockname()[1]}"


def test_a_list_of_addresses_reaches_the_process_that_answers(head_office: Path) -> None:
    """Several head-office processes: hoctl names them all and gRPC's round_robin uses the
    ones that answer; when none does, one sentence names the list."""
    serving = json.loads((head_office / "run" / "serve.json").read_text())["grpc_address"]
    dead = _closed_port()
    proc = hoctl(head_office, "--address", f"{dead},{serving}", "store", "list")
    assert proc.returncode == 0, proc.stderr
    both = f"{dead},{_closed_port()}"
    proc = hoctl(head_office, "--address", both, "store", "list")
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"hoctl store list: head office at {both} is not reachable: ")
    proc = hoctl(head_office, "--address", f"{serving},[::1]:1", "store", "list")
    assert proc.returncode != 0 and "mix IPv4 and IPv6" in proc.stderr, proc.stderr


def test_refusals_reach_hoctl_in_the_callers_language(head_office: Path) -> None:
    """The server runs in English; each hoctl call is refused in its user's language."""
    refusals = {
        ("catalogue", "show", "NOPE"): {
            "en": "hoctl catalogue show: SKU NOPE is not in head office's catalogue",
            "zh_CN": "hoctl catalogue show: 货号 NOPE 不在总部的商品目录中",
        },
        ("transfer", "create", "--from", "S001", "--to", "S001", "COLA-330=1"): {
            "en": "hoctl transfer create: a transfer goes from one store to another; "
            "S001 cannot send to itself",
            "zh_CN": "hoctl transfer create: 调拨是从一个门店到另一个门店；S001 不能调给自己",
        },
    }
    for args, said in refusals.items():
        for language, sentence in said.items():
            proc = hoctl(head_office, *args, language=language)
            assert (proc.returncode, proc.stderr.strip()) == (1, sentence)

    bad = hoctl(
        head_office, "catalogue", "import", str(SAMPLE / "products-bad.csv"), language="zh_CN"
    )
    assert bad.returncode == 1
    assert "第 4 行：单位 'bottle' 不是基本单位；请使用 g, ml, piece 之一" in bad.stderr
    assert "第 6 行：货号 WATER-550 已在第 2 行列出" in bad.stderr
    assert "products-bad.csv 没有导入：6 行被拒绝；没有做任何修改" in bad.stderr

    missing = hoctl(head_office, "store", "disable", "S404", language="zh_CN")
    assert missing.stderr.strip() == "hoctl store disable: 门店 S404 没有在总部注册"
    listing = hoctl(head_office, "transfer", "list", "--state", "open", language="zh_CN")
    assert listing.returncode == 0, listing.stderr
    assert listing.stdout.split()[:4] == ["调拨单", "调出", "调入", "状态"]


def _show_product_refusal(channel: grpc.Channel, language: str, sku: str) -> str:
    stub = catalogue_admin_pb2_grpc.CatalogueAdminStub(channel)
    try:
        stub.ShowProduct(
            catalogue_admin_pb2.ShowProductRequest(sku=sku),
            metadata=language_metadata(language),
            timeout=30,
        )
    except grpc.RpcError as exc:
        assert exc.code() == grpc.StatusCode.NOT_FOUND
        return exc.details()
    raise AssertionError(f"head office showed {sku}")


def test_concurrent_calls_in_two_languages_each_get_their_own(head_office: Path) -> None:
    """Calls in English and Chinese interleaved on one server: each refusal is said in the
    language of its own call (the language is the call's, through the services' threads)."""
    tls = head_office / "tls"
    creds = channel_credentials(
        (tls / "ca.pem").read_bytes(),
        (tls / "admin.pem").read_bytes(),
        (tls / "admin.key").read_bytes(),
    )
    address = json.loads((head_office / "run" / "serve.json").read_text())["grpc_address"]
    calls = [("zh_CN" if i % 2 else "en", f"NOPE-{i}") for i in range(40)]
    start = threading.Barrier(8)

    def ask(call: tuple[str, str]) -> str:
        if int(call[1].rsplit("-", 1)[1]) < 8:
            start.wait(timeout=30)  # the first eight calls leave together
        return _show_product_refusal(channel, *call)

    with (
        grpc.secure_channel(address, creds, options=channel_options()) as channel,
        ThreadPoolExecutor(max_workers=8) as pool,
    ):
        answers = list(pool.map(ask, calls))
    for (language, sku), answer in zip(calls, answers, strict=True):
        if language == "en":
            assert answer == f"SKU {sku} is not in head office's catalogue"
        else:
            assert answer == f"货号 {sku} 不在总部的商品目录中"


def test_replenish_run_tells_its_progress_on_stderr_and_keeps_json_clean(
    head_office: Path,
) -> None:
    imported = hoctl(head_office, "catalogue", "import", str(SAMPLE / "products.csv"))
    assert imported.returncode == 0, imported.stderr  # a repeat changes nothing
    run = hoctl(head_office, "replenish", "run", "--dry-run", "--format", "json")
    assert run.returncode == 0, run.stderr
    document = json.loads(run.stdout)  # stdout is the document alone
    assert document["replenishment_run_id"] == "" and isinstance(document["lines"], list)
    heard = re.findall(r"replenishment: (\d+) of (\d+) SKUs computed", run.stderr)
    assert heard[0][0] == "0" and heard[-1][0] == heard[-1][1] != "0", run.stderr
    refused = hoctl(head_office, "replenish", "run", "--dry-run", "--category", "toys")
    assert refused.returncode == 1 and "there is no category 'toys'" in refused.stderr
