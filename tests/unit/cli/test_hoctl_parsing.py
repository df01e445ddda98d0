"""hoctl's argument parsing, data-directory discovery and rendering, without a server."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from common.cli.output import Output
from common.cli.values import seconds_text
from common.i18n import default_language, set_default_language, use_language
from common.i18n.languages import USER_LANGUAGE_ENV
from common.pb.storeledger.v1 import admin_pb2
from headoffice.cli import hoctl_stores
from headoffice.cli.hoctl import HoctlError, build_parser, find_target, main


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """hoctl speaks English here whatever the developer's locale; put back after each test."""
    before = default_language()
    monkeypatch.setenv(USER_LANGUAGE_ENV, "en")
    yield
    set_default_language(before)


def parse(*argv: str):
    return build_parser().parse_args(list(argv))


def test_store_add_arguments() -> None:
    args = parse("store", "add", "S001", "--name", "Central St", "--out", "x.bundle")
    assert (args.code, args.name, args.out, args.context) == (
        "S001",
        "Central St",
        "x.bundle",
        "store add",
    )


def test_stock_filters_and_format() -> None:
    args = parse(
        "stock", "--store", "S002", "--category", "drinks", "--negative", "--format", "json"
    )
    assert (args.store, args.sku, args.category, args.negative, args.format) == (
        "S002",
        None,
        "drinks",
        True,
        "json",
    )
    assert args.context == "stock"
    card = parse("stock", "card", "--store", "S001", "--sku", "COLA", "--since", "2026-11-24")
    assert (card.context, card.store, card.sku, card.since) == (
        "stock card",
        "S001",
        "COLA",
        1_795_478_400_000,  # 2026-11-24T00:00Z
    )


def test_catalogue_import_dry_run_flag() -> None:
    assert parse("catalogue", "import", "p.csv", "--dry-run").dry_run is True
    assert parse("catalogue", "import", "p.csv").dry_run is False


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["store", "add", "s 1", "--name", "x"], "store code 's 1'"),
        (["store", "add", "S001"], "--name"),
        (["stock", "--negative", "--zero"], "not allowed with"),
        (["stock", "card", "--store", "S001"], "--sku"),
        (["stock", "card", "--store", "S001", "--sku", "A", "--since", "soon"], "must be a date"),
        (["stock", "--format", "xml"], "invalid choice"),
        (["verify", "--store", "S001", "--timeout", "1.5"], "positive whole number of seconds"),
        (["verify"], "--store"),
        (["sync"], "required"),
    ],
)
def test_usage_errors_exit_2_with_a_sentence(argv, fragment, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert fragment in capsys.readouterr().err


def test_missing_data_dir_names_the_option_and_env(monkeypatch, capsys) -> None:
    monkeypatch.delenv("STORELEDGER_HO_DATA_DIR", raising=False)
    assert main(["store", "list"]) == 1
    err = capsys.readouterr().err
    assert "--data-dir" in err and "STORELEDGER_HO_DATA_DIR" in err
    assert "Traceback" not in err


def test_data_dir_without_tls_says_run_init(tmp_path: Path) -> None:
    with pytest.raises(HoctlError, match="headoffice init --data-dir"):
        find_target(str(tmp_path), None)


def test_data_dir_without_serve_json_says_run_serve(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "tls").mkdir()
    for name in ("ca.pem", "admin.pem", "admin.key"):
        (tmp_path / "tls" / name).write_bytes(b"x")
    monkeypatch.setenv("STORELEDGER_HO_DATA_DIR", str(tmp_path))
    with pytest.raises(HoctlError, match=r"headoffice serve --data-dir"):
        find_target(None, None)
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "serve.json").write_text(json.dumps({"grpc_address": "127.0.0.1:7"}))
    assert find_target(None, None).address == "127.0.0.1:7"
    assert find_target(None, "10.0.0.1:9").address == "10.0.0.1:9"


def _shown(fmt: str, show) -> str:
    buffer = io.StringIO()
    show(Output(fmt, buffer))
    return buffer.getvalue()


def test_sync_rendering() -> None:
    reply = admin_pb2.SyncStatusReply(
        stores=[
            admin_pb2.StoreSyncStatus(
                store_code="S001",
                name="Central St",
                connected=True,
                committed_seq=120,
                store_newest_seq=125,
                backlog_count=5,
                lag_ms=1234,
                last_contact_ms=1_700_000_000_123,
            ),
            admin_pb2.StoreSyncStatus(store_code="S002", name="Harbour Rd"),
        ]
    )
    rows = hoctl_stores.sync_rows(reply)
    assert rows[0]["lag_ms"] == 1234 and rows[0]["committed_seq"] == 120
    assert rows[0]["last_contact_at"] == "2023-11-14T22:13:20.123Z"
    assert rows[0]["backlog_count"] == 5 and rows[1]["last_contact_at"] is None
    table = _shown(
        "table", lambda out: out.listing(rows, hoctl_stores.SYNC_COLUMNS[:8])
    ).splitlines()
    assert "1.234" in table[2] and "connected" in table[2]
    assert "offline" in table[3] and table[3].endswith("never")


def test_lag_seconds_text_uses_integer_arithmetic() -> None:
    assert seconds_text(0) == "0.000"
    assert seconds_text(61_005) == "61.005"


def test_verify_text_lists_each_difference() -> None:
    reply = admin_pb2.VerifyReply(
        store_code="S001",
        match=False,
        store_seq=40,
        differences=[
            admin_pb2.SkuDifference(sku="WATER-550", head_office_qty_base=10, store_qty_base=9)
        ],
    )
    text = hoctl_stores.verify_text(hoctl_stores.verify_document(reply))
    assert "does NOT match" in text
    assert ["WATER-550", "10", "9"] in [line.split() for line in text.splitlines()]


def test_store_list_json_and_empty_table() -> None:
    reply = admin_pb2.ListStoresReply(
        stores=[admin_pb2.StoreInfo(store_code="S001", name="Central St", disabled=True)]
    )
    assert hoctl_stores.store_rows(reply) == [
        {"store": "S001", "name": "Central St", "disabled": True, "created_at": None}
    ]
    empty = _shown(
        "table",
        lambda out: out.listing([], hoctl_stores.STORE_COLUMNS, empty=hoctl_stores.NO_STORES),
    )
    assert "hoctl store add" in empty


def test_help_is_in_the_users_language() -> None:
    with use_language("zh_CN"):
        top = build_parser().format_help()
        stock = build_parser()._subparsers._group_actions[0].choices["stock"].format_help()
    assert "管理 StoreLedger 总部（门店、商品目录、库存）。" in top
    assert "在门店之间调拨库存" in top  # transfer's help
    assert "只看库存为负的" in stock
    assert "Administer StoreLedger head office" in build_parser().format_help()


class _Admin:
    def __init__(self, reply: admin_pb2.SyncStatusReply) -> None:
        self.reply = reply

    def GetSyncStatus(self, request, timeout=None):  # noqa: N802
        return self.reply


class _Clients:
    def __init__(self, reply: admin_pb2.SyncStatusReply) -> None:
        self.admin = _Admin(reply)


def test_a_refused_store_is_shown_refused_since_with_its_entry_and_reason() -> None:
    """Failure 1: `hoctl sync status` showed a refused store 'connected', lag 0. It now
    says 'refused since ..., entry N: reason' under the table, with backlog and lag,
    and JSON carries refused_at, refused_seq, refused_reason and refused_message."""
    sentence = "store S001 entry 7 movement 1 (SKU COLA): reason sale ... got 5"
    reply = admin_pb2.SyncStatusReply(
        stores=[
            admin_pb2.StoreSyncStatus(
                store_code="S001", name="Central St", connected=True, committed_seq=6,
                store_newest_seq=9, backlog_count=3, lag_ms=95_000,
                last_contact_ms=1_700_000_090_000, refused_since_ms=1_700_000_000_000,
                refused_seq=7, refused_reason="wrong_sign", refused_message=sentence,
            ),
            admin_pb2.StoreSyncStatus(store_code="S002", name="Harbour Rd", connected=True),
        ]
    )  # fmt: skip
    args = parse("sync", "status")
    table = _shown("table", lambda out: hoctl_stores.cmd_sync_status(args, _Clients(reply), out))
    lines = table.splitlines()
    assert lines[2].split()[:7] == ["S001", "Central", "St", "refused", "6", "9", "3"]
    assert "95.000" in lines[2] and "connected" in lines[3]
    assert lines[-1] == f"S001: refused since 2023-11-14T22:13:20.000Z, entry 7: {sentence}"
    document = json.loads(
        _shown("json", lambda out: hoctl_stores.cmd_sync_status(args, _Clients(reply), out))
    )
    refused, fine = document
    assert (refused["state"], refused["connected"], refused["lag_ms"]) == ("refused", True, 95_000)
    assert (refused["refused_at"], refused["refused_seq"], refused["refused_reason"]) == (
        "2023-11-14T22:13:20.000Z", 7, "wrong_sign",
    )  # fmt: skip
    assert refused["refused_message"] == sentence and refused["backlog_count"] == 3
    assert (fine["state"], fine["refused_at"], fine["refused_seq"], fine["refused_reason"]) == (
        "connected", None, None, "",
    )  # fmt: skip
    csv_text = _shown("csv", lambda out: hoctl_stores.cmd_sync_status(args, _Clients(reply), out))
    assert csv_text.splitlines()[0].endswith(
        "refused_at,refused_seq,refused_reason,refused_message"
    )


def test_the_command_table_names_each_modules_commands_in_help_order() -> None:
    """hoctl imports only the module of the command it runs (COMMANDS): every command a
    module registers is in the table under that module, and nothing else is."""
    import argparse
    import importlib

    from headoffice.cli.hoctl import COMMANDS

    registered: dict[str, str] = {}
    for name in dict.fromkeys(COMMANDS.values()):
        commands = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(f"headoffice.cli.{name}").register(commands)
        registered.update(dict.fromkeys(commands.choices, name))
    assert registered == COMMANDS
    assert list(build_parser()._subparsers._group_actions[0].choices) == list(COMMANDS)


def test_a_command_imports_its_own_module_only() -> None:
    import subprocess
    import sys

    probe = (
        "import sys; from headoffice.cli.hoctl import build_parser; "
        "build_parser(['--data-dir', 'report', 'stock', '--store', 'S001']); "
        "print(' '.join(m for m in sys.modules if m.startswith('headoffice.')))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded = out.stdout.split()
    assert "headoffice.cli.hoctl_stock" in loaded
    # not the other commands' modules, nor the report services behind `hoctl report`
    assert not {"headoffice.cli.hoctl_reports", "headoffice.cli.hoctl_members"} & set(loaded)
    assert not [m for m in loaded if m.startswith("headoffice.services")]
    parsed = build_parser(["--address", "h:1", "stock", "--store", "S001"]).parse_args(
        ["--address", "h:1", "stock", "--store", "S001"]
    )
    assert (parsed.command, parsed.address) == ("stock", "h:1")
