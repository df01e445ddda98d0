"""Issue 12, failure 7, at the store: ledger.db was 0644 in a 0755 directory after init
(everything 0666 under umask 000), so any local user could copy the journal and the
managers' PIN hashes. E is now 0700 and everything in it 0600, whatever the umask."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from common.errors import ConfigError
from common.files import loose_modes
from edge_agent.datadir import init_data_dir
from edge_agent.services.context import StoreContext
from tests.edge.conftest import Pki, make_bundle

REPO = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(REPO), "STORELEDGER_LANGUAGE": "en"}


def _agent(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "edge_agent.cli.agent", *args],
        input=stdin, capture_output=True, text=True, env=ENV, timeout=60, umask=0,
    )  # fmt: skip


def test_init_under_umask_000_leaves_nothing_group_or_other_readable(
    tmp_path: Path, pki: Pki
) -> None:
    data = tmp_path / "E"
    bundle = tmp_path / "S001.bundle"
    bundle.write_bytes(make_bundle(pki, "127.0.0.1:9").to_bytes())
    done = _agent("init", "--data-dir", str(data), "--bundle", str(bundle))
    assert done.returncode == 0, done.stderr
    added = _agent(
        "manager", "add", "meg", "--pin-stdin", "--data-dir", str(data), stdin="470913\n"
    )
    assert added.returncode == 0, added.stderr
    assert loose_modes(data) == []
    names = {p.relative_to(data).as_posix() for p in data.rglob("*")}
    assert {"edge.toml", "ledger.db", "tls/store.key", "tls/ca.pem", "run"} <= names
    # While the ledger is open SQLite keeps -wal and -shm files beside it: they take the
    # ledger's mode, whatever the umask of the process that opens it.
    old = os.umask(0)
    try:
        ctx = StoreContext.open(data / "ledger.db", "S001", "Corner Shop")
        try:
            with ctx.db.write() as uow:
                uow.managers.disable("meg")
            companions = sorted(p.name for p in data.glob("ledger.db-*"))
            assert companions == ["ledger.db-shm", "ledger.db-wal"]
            assert loose_modes(data) == []
        finally:
            ctx.close()
    finally:
        os.umask(old)


def test_init_refuses_a_directory_others_may_read_unless_asked_to_fix_it(
    tmp_path: Path, pki: Pki
) -> None:
    data = tmp_path / "E"
    data.mkdir()
    os.chmod(data, 0o755)
    bundle = make_bundle(pki, "127.0.0.1:9").to_bytes()
    with pytest.raises(ConfigError) as refused:
        init_data_dir(data, bundle, "S001.bundle")
    assert str(refused.value) == (
        f"{data} has mode 0755, so other users of this machine may read it; a data directory "
        f"must be 0700 and its files 0600: run 'edge-agent init --data-dir {data} "
        f"--fix-permissions' or 'chmod -R go-rwx {data}' first"
    )
    assert list(data.iterdir()) == []
    init_data_dir(data, bundle, "S001.bundle", fix_permissions=True)
    assert loose_modes(data) == [] and (data / "edge.toml").exists()
