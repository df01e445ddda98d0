"""A refused store, through real processes: visible everywhere, never a silent wedge.

Issue 12, failure 1 (`hoctl sync status` showed a refused store 'connected',
lag 0, so no alert could fire) and failure 11 (a refused store flooded both
logs). A sale's journal entry is made unacceptable in the store's ledger
while head office is down (the edge's own checks never see it: a bug or a
tampered ledger), then head office comes back and refuses it. The test
watches what an operator would: hoctl sync status, head office's and the
store's metrics, pos status and both logs; then the entry is put right and
everything clears.
"""

from __future__ import annotations

import json
import sqlite3
import urllib.request
from contextlib import closing
from pathlib import Path

import pytest

from common.pb.storeledger.v1 import ledger_pb2
from scripts.chain import EdgeAgent, HeadOffice, wait_for
from tests.chain_fixtures import start_chain

pytestmark = pytest.mark.timeout(300)
# Resends of the refused batch back off to 2 s at most here (60 s by default), so the
# test sees several within seconds, and the entry put right is sent again soon.
EDGE_ENV = {"STORELEDGER_EDGE_SYNC_REFUSED_RESEND_MAX_MS": "2000"}


def scrape(address: str, name: str) -> float | None:
    with urllib.request.urlopen(f"http://{address}/metrics", timeout=10) as reply:
        for line in reply.read().decode().splitlines():
            if line.startswith(name + " ") or line.startswith(name + "{"):
                return float(line.rsplit(" ", 1)[1])
    return None


def store_row(ho: HeadOffice) -> dict:  # type: ignore[type-arg]
    (row,) = ho.hoctl_json("sync", "status", "--store", "S001")
    return row  # type: ignore[no-any-return]


def tamper(edge: EdgeAgent, seq: int) -> bytes:
    """Make entry `seq` (a sale) put stock back, in the ledger itself; return its bytes."""
    with closing(sqlite3.connect(edge.data_dir / "ledger.db")) as conn, conn:
        (payload,) = conn.execute("SELECT payload FROM journal WHERE seq = ?", (seq,)).fetchone()
        entry = ledger_pb2.JournalEntry.FromString(payload)
        entry.movements[0].qty_base = -entry.movements[0].qty_base
        bad = entry.SerializeToString(deterministic=True)
        conn.execute("UPDATE journal SET payload = ? WHERE seq = ?", (bad, seq))
    return bytes(payload)


def restore(edge: EdgeAgent, seq: int, payload: bytes) -> None:
    with closing(sqlite3.connect(edge.data_dir / "ledger.db")) as conn, conn:
        conn.execute("UPDATE journal SET payload = ? WHERE seq = ?", (payload, seq))


def log_lines(path: Path, event: str) -> list[dict]:  # type: ignore[type-arg]
    lines = []
    for text in path.read_text().splitlines():
        if text.startswith("{"):
            record = json.loads(text)
            if record.get("event") == event:
                lines.append(record)
    return lines


def test_a_refused_store_shows_refused_lags_alerts_and_clears_when_fixed(
    tmp_path: Path, ho_db: str | None
) -> None:
    chain = start_chain(tmp_path, ho_db, ["S001"], products=4, edge_env=EDGE_ENV)
    ho, edge = chain.headoffice, chain.edges["S001"]
    try:
        edge.pos("receive", "--supplier-ref", "DN-1", "SKU0000=20@100")
        wait_for("the delivery at head office", lambda: store_row(ho)["committed_seq"] == 1, 30)

        ho.stop()  # the next sale waits in the store's journal...
        edge.pos("sell", "SKU0000=2", "--pay", "cash:100000")
        good = tamper(edge, 2)  # ...and is made unacceptable there
        ho.start()

        row = wait_for("the refusal in hoctl sync status",
                       lambda: (r := store_row(ho))["state"] == "refused" and r, 60)  # fmt: skip
        assert (row["committed_seq"], row["refused_seq"], row["refused_reason"]) == (
            1, 2, "wrong_sign",
        )  # fmt: skip
        assert "store S001 entry 2 movement 1 (SKU SKU0000)" in row["refused_message"]
        assert "must take stock out" in row["refused_message"]
        assert row["connected"] is True and row["backlog_count"] == 1
        assert row["refused_at"] is not None and row["lag_ms"] > 0

        # The store sells on: its backlog at head office grows, and so does the lag.
        edge.pos("sell", "SKU0000=1", "--pay", "cash:100000")
        later = wait_for("the backlog of 2", lambda: (r := store_row(ho))["backlog_count"] == 2
                         and r, 30)  # fmt: skip
        assert later["lag_ms"] > row["lag_ms"] and later["refused_at"] == row["refused_at"]
        table = ho.hoctl("sync", "status").stdout
        assert f"S001: refused since {row['refused_at']}, entry 2: store S001 entry 2" in table

        # Head office's metrics: the gauge the alert reads, the counter, the lag.
        wait_for("several refusals", lambda: (scrape(
            ho.metrics_address, 'storeledger_batches_refused_total{reason="wrong_sign",store="S001"}'
        ) or 0) >= 3, 30)  # fmt: skip
        assert scrape(ho.metrics_address, 'storeledger_store_refused{store="S001"}') == 1.0
        assert (scrape(ho.metrics_address, 'storeledger_sync_lag_seconds{store="S001"}') or 0) > 0

        # The store sees it too: pos status, its metrics.
        status = edge.status()
        assert (status["refused_reason"], status["refused_seq"]) == ("wrong_sign", 2)
        assert "must take stock out" in status["refused_message"]
        assert "head office refuses this store's journal since" in edge.pos("status").stdout
        assert scrape(edge.metrics_address, "storeledger_edge_sync_refused") == 1.0

        # One log line each side for all those refusals (failure 11: one every 2 s).
        assert len(log_lines(ho.data_dir / "headoffice.log", "batch refused")) == 1
        assert len(log_lines(edge.data_dir / "agent.log", "batch refused")) == 1

        restore(edge, 2, good)  # the cause is fixed: the entry is acceptable again
        cleared = wait_for("head office to accept the journal",
                           lambda: (r := store_row(ho))["committed_seq"] == 3 and r, 60)  # fmt: skip
        assert cleared["state"] == "connected" and cleared["refused_at"] is None
        assert cleared["refused_seq"] is None and cleared["refused_reason"] == ""
        assert cleared["lag_ms"] == 0 and cleared["backlog_count"] == 0
        assert scrape(ho.metrics_address, 'storeledger_store_refused{store="S001"}') == 0.0
        wait_for("the store to clear it", lambda: edge.status()["refused_at"] is None, 30)
        assert scrape(edge.metrics_address, "storeledger_edge_sync_refused") == 0.0
        assert log_lines(ho.data_dir / "headoffice.log", "store's batches accepted again")
    finally:
        chain.stop()
