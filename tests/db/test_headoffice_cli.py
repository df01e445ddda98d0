"""`headoffice init/migrate/serve` as real processes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import grpc
import pytest
from alembic.script import ScriptDirectory
from grpc_health.v1 import health_pb2, health_pb2_grpc

from common.files import loose_modes
from common.tls import channel_credentials, channel_options
from headoffice.store.migrations import alembic_config

pytestmark = pytest.mark.timeout(120)
HEADOFFICE = [sys.executable, "-m", "headoffice.cli.server"]
# The command speaks its user's language; these tests read its English sentences.
ENV = {**os.environ, "STORELEDGER_LANGUAGE": "en"}


def headoffice(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HEADOFFICE, *args], capture_output=True, text=True, timeout=60, env=ENV)


def wait_for(condition, what: str, timeout_s: float = 20) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def test_init_then_refuse_reinit_and_unreachable_database(db_url: str, tmp_path: Path) -> None:
    data = tmp_path / "ho"
    done = headoffice(
        "init", "--data-dir", str(data), "--db", db_url, "--advertise", "ho.example:50061"
    )
    assert done.returncode == 0, done.stderr
    assert "initialised head office" in done.stdout
    assert oct((data / "tls" / "ca.key").stat().st_mode & 0o777) == "0o600"
    assert 'advertise = "ho.example:50061"' in (data / "headoffice.toml").read_text()
    again = headoffice("init", "--data-dir", str(data))
    assert again.returncode == 1
    assert "already a head-office data directory" in again.stderr
    assert "Traceback" not in again.stderr
    migrated = headoffice("migrate", "--data-dir", str(data))
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert migrated.returncode == 0
    assert all(head in migrated.stdout for head in heads), (heads, migrated.stdout)

    nowhere = tmp_path / "nowhere"
    refused = headoffice(
        "init", "--data-dir", str(nowhere), "--db", "postgresql://u:hunter2@127.0.0.1:1/x"
    )
    assert refused.returncode == 2
    assert "cannot be reached" in refused.stderr and "hunter2" not in refused.stderr
    assert "Traceback" not in refused.stderr
    assert not nowhere.exists()


def test_init_under_umask_000_leaves_nothing_group_or_other_readable(
    db_url: str, tmp_path: Path
) -> None:
    """Issue 12, failure 7: headoffice.db was 0644 in a 0755 directory, and under umask 000
    everything was 0666. Now D is 0700 and every file in it 0600 whatever the umask."""
    data = tmp_path / "ho"
    embedded = db_url.startswith("sqlite")  # then the database is D/headoffice.db
    done = subprocess.run(
        [*HEADOFFICE, "init", "--data-dir", str(data), *([] if embedded else ["--db", db_url])],
        capture_output=True, text=True, timeout=60, env=ENV, umask=0,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert loose_modes(data) == []
    names = {p.relative_to(data).as_posix() for p in data.rglob("*")}
    assert {"headoffice.toml", "tls/ca.key", "audit/key", "audit/checkpoint.json"} <= names
    assert ("headoffice.db" in names) == embedded


def test_init_refuses_a_directory_others_may_read_unless_asked_to_fix_it(
    tmp_path: Path,
) -> None:
    data = tmp_path / "ho"
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)
    (data / "notes.txt").write_text("left by the installer")
    os.chmod(data / "notes.txt", 0o644)
    refused = headoffice("init", "--data-dir", str(data))
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert refused.stderr.strip() == (
        f"headoffice: {data} has mode 0755, so other users of this machine may read it, and "
        "1 more path is open too; a data directory must be 0700 and its files 0600: run "
        f"'headoffice init --data-dir {data} --fix-permissions' or 'chmod -R go-rwx {data}' "
        "first"
    )
    assert sorted(p.name for p in data.iterdir()) == ["notes.txt"]
    fixed = headoffice("init", "--data-dir", str(data), "--fix-permissions")
    assert fixed.returncode == 0, fixed.stderr
    assert loose_modes(data) == []


def test_serve_writes_serve_json_answers_health_and_stops_on_sigterm(
    db_url: str, tmp_path: Path
) -> None:
    data = tmp_path / "ho"
    assert headoffice("init", "--data-dir", str(data), "--db", db_url).returncode == 0
    # As an older version left it: serve tightens it at start, and logs each path.
    os.chmod(data, 0o755)
    os.chmod(data / "headoffice.toml", 0o644)
    serve_file = data / "run" / "serve.json"
    proc = subprocess.Popen(
        [*HEADOFFICE, "serve", "--data-dir", str(data), "--listen", "127.0.0.1:0",
         "--metrics-listen", "127.0.0.1:0"],
        stderr=subprocess.PIPE, text=True, env=ENV,
    )  # fmt: skip
    try:
        wait_for(lambda: serve_file.exists() or proc.poll() is not None, "serve.json")
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        info = json.loads(serve_file.read_text())
        assert info["pid"] == proc.pid
        assert info["grpc_address"].startswith("127.0.0.1:")
        tls = data / "tls"
        creds = channel_credentials(
            (tls / "ca.pem").read_bytes(),
            (tls / "admin.pem").read_bytes(),
            (tls / "admin.key").read_bytes(),
        )
        with grpc.secure_channel(info["grpc_address"], creds, options=channel_options()) as ch:
            reply = health_pb2_grpc.HealthStub(ch).Check(
                health_pb2.HealthCheckRequest(), timeout=10
            )
        assert reply.status == health_pb2.HealthCheckResponse.SERVING
        import urllib.request

        with urllib.request.urlopen(f"http://{info['metrics_address']}/metrics", timeout=10) as r:
            assert b"storeledger_sync_connected_stores 0.0" in r.read()
        os.kill(proc.pid, signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
        assert not serve_file.exists()
        logs = proc.stderr.read() if proc.stderr else ""
        assert '"event": "head office serving"' in logs
        assert logs.count('"event": "file mode tightened"') == 2
        assert loose_modes(data) == []
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_the_command_speaks_its_users_language(tmp_path: Path) -> None:
    nowhere = tmp_path / "nowhere"
    env = {**ENV, "STORELEDGER_LANGUAGE": "zh_CN"}
    refused = subprocess.run(
        [*HEADOFFICE, "migrate", "--data-dir", str(nowhere)],
        capture_output=True, text=True, timeout=60, env=env,
    )  # fmt: skip
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        f"headoffice: {nowhere} 不是总部数据目录；请先运行 'headoffice init --data-dir {nowhere}'"
    )
    helped = subprocess.run(
        [*HEADOFFICE, "--help"], capture_output=True, text=True, timeout=60, env=env
    )
    assert "提供门店同步、管理接口和 /metrics" in helped.stdout
