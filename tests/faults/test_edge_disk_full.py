"""An edge agent whose disk fills refuses sales with a sentence, keeps serving, and sells and
syncs again once space is back (issue 17, the `disk_full` fault).

The full disk is a file-size limit on the running agent (RLIMIT_FSIZE 0, set from outside with
prlimit, no root needed): every write to a file fails with EFBIG, as on a disk with no free
block. The agent's log goes to a pipe here (as to journald in production), which no file-size
limit touches, so the test reads what it said while its disk was full.
"""

from __future__ import annotations

import json
import resource
import sqlite3
import subprocess
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import IO

import grpc
import pytest

from common.pb.storeledger.v1 import till_pb2
from scripts.chain import BIN, EdgeAgent, english_environment, wait_caught_up, wait_for
from tests.chain_fixtures import start_chain, till_stub

FULL_LOG = "store ledger cannot be written: disk full"
BACK_LOG = "store ledger written again"


@contextmanager
def serving_with_piped_log(edge: EdgeAgent) -> Iterator[tuple[subprocess.Popen[bytes], list[str]]]:
    """`edge-agent serve` with its log on a pipe, read line by line into a list."""
    proc = subprocess.Popen(
        [str(BIN / "edge-agent"), "serve", "--data-dir", str(edge.data_dir),
         "--metrics-listen", "127.0.0.1:0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=english_environment(),
        start_new_session=True,
    )  # fmt: skip
    lines: list[str] = []
    assert proc.stderr is not None
    reader = threading.Thread(target=_read_lines, args=(proc.stderr, lines))
    reader.start()
    try:
        runtime = edge.data_dir / "run" / "agent.json"

        def serving() -> bool:
            assert proc.poll() is None, "".join(lines)
            try:
                return json.loads(runtime.read_text()).get("pid") == proc.pid
            except (FileNotFoundError, ValueError):
                return False

        wait_for("the edge agent to serve", serving, 30)
        yield proc, lines  # type: ignore[misc]
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        reader.join(10)


def _read_lines(stream: IO[bytes], into: list[str]) -> None:
    for raw in iter(stream.readline, b""):
        into.append(raw.decode(errors="replace"))


def said(lines: list[str], event: str) -> list[dict[str, object]]:
    found = []
    for raw in lines:
        try:
            record = json.loads(raw)
        except ValueError:
            continue
        if record.get("event") == event:
            found.append(record)
    return found


def row_counts(ledger: Path) -> dict[str, int]:
    with closing(sqlite3.connect(f"file:{ledger}?mode=ro", uri=True)) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def unwritable_gauge(edge: EdgeAgent) -> str:
    address = json.loads((edge.data_dir / "run" / "agent.json").read_text())["metrics_address"]
    with urllib.request.urlopen(f"http://{address}/metrics", timeout=10) as reply:
        text = reply.read().decode()
    return next(line for line in text.splitlines()
                if line.startswith("storeledger_edge_ledger_unwritable "))  # fmt: skip


def sale(products: list[dict[str, str]], key: str) -> till_pb2.SellRequest:
    return till_pb2.SellRequest(
        till_id="T1",
        idempotency_key=key,
        items=[till_pb2.SellItem(code=p["barcodes"], qty_base=2) for p in products[:2]],
        tenders=[till_pb2.TenderRequest(method="cash", amount_minor=10**6)],
    )


@pytest.mark.timeout(300)
def test_a_full_disk_refuses_sales_keeps_serving_and_recovers(tmp_path: Path) -> None:
    chain = start_chain(tmp_path, None, ["S001"], products=5)
    edge = chain.edges["S001"]
    edge.stop()
    ledger = edge.data_dir / "ledger.db"
    try:
        with serving_with_piped_log(edge) as (proc, lines):
            channel, stub = till_stub(edge)
            with channel:
                acknowledged = {
                    f"before-{n}": stub.Sell(sale(chain.products, f"before-{n}"), timeout=15).seq
                    for n in range(3)
                }
                wait_caught_up(chain.headoffice, [edge], 60)
                newest = max(acknowledged.values())

                soft, hard = resource.prlimit(proc.pid, resource.RLIMIT_FSIZE)
                resource.prlimit(proc.pid, resource.RLIMIT_FSIZE, (0, hard))
                try:
                    rows = row_counts(ledger)
                    for n in range(3):
                        with pytest.raises(grpc.RpcError) as refused:
                            stub.Sell(sale(chain.products, f"full-{n}"), timeout=15)
                        assert refused.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
                        assert "nothing was recorded" in refused.value.details()
                        assert "disk is full" in refused.value.details()
                    # Nothing half-written, nothing lost; the agent still answers.
                    assert row_counts(ledger) == rows
                    assert proc.poll() is None
                    quote = stub.PriceCart(sale(chain.products, ""), timeout=15)
                    assert quote.total_minor > 0
                    assert unwritable_gauge(edge).endswith(" 1.0")
                    assert edge.status()["disk_full_at"]  # pos status says so (its own process)
                    wait_for("the log to say the disk is full",
                             lambda: said(lines, FULL_LOG), 10)  # fmt: skip
                finally:
                    resource.prlimit(proc.pid, resource.RLIMIT_FSIZE, (soft, hard))

                # Space is back: the refused sale is taken again, numbered right after the
                # last one acknowledged (no gap, nothing doubled), and it syncs.
                again = stub.Sell(sale(chain.products, "full-0"), timeout=15)
                assert again.seq == newest + 1
                for key, seq in acknowledged.items():
                    assert stub.Sell(sale(chain.products, key), timeout=15).seq == seq
            assert unwritable_gauge(edge).endswith(" 0.0")
            wait_caught_up(chain.headoffice, [edge], 60)
            status = edge.status()
            assert status["newest_seq"] == newest + 1 and status["disk_full_at"] is None
            assert chain.headoffice.hoctl("verify", "--store", "S001").returncode == 0
            wait_for("the log to say the ledger is written again",
                     lambda: said(lines, BACK_LOG), 10)  # fmt: skip
            full, back = said(lines, FULL_LOG), said(lines, BACK_LOG)
            assert len(full) == 1 and len(back) == 1, lines  # one line each, not a flood
            assert int(back[0]["refused_writes"]) >= 3  # type: ignore[call-overload]
    finally:
        chain.stop()
