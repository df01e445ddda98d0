"""`pos receive --key` and `pos supplier-return --key` as real processes (issue 12, failure 10).

"pos receive --key RK1 reused with different content exits 0, prints the first delivery,
and the second is never booked (same for supplier-return)." Now the reuse exits 1 with a
sentence, books nothing, and a retry of the same delivery prints the first one again.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from edge_agent.services.context import StoreContext
from tests.edge.conftest import Pki, levels, make_bundle, newest_seq, seed_catalogue, wait_for
from tests.edge.test_pos_till_processes import ok, pos, refused, run
from tests.till_staff import sign_in_ledger


def test_pos_receive_key_reused_with_different_content_exits_1_and_books_nothing(
    tmp_path: Path, pki: Pki
) -> None:
    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(repo)}
    data = tmp_path / "E"
    bundle = tmp_path / "bundle.json"
    bundle.write_bytes(make_bundle(pki, "127.0.0.1:9").to_bytes())
    ok(run("edge_agent.cli.agent", "init", "--data-dir", str(data), "--bundle", str(bundle),
           env=env))  # fmt: skip
    ctx = StoreContext.open(data / "ledger.db", "S001")
    seed_catalogue(ctx)
    ctx.close()
    env.update(STORELEDGER_EDGE_DATA_DIR=str(data), STORELEDGER_TILL_ID="T1")
    agent = subprocess.Popen(
        [sys.executable, "-m", "edge_agent.cli.agent", "serve", "--data-dir", str(data),
         "--metrics-listen", "127.0.0.1:0"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        wait_for((data / "run" / "agent.json").exists, 30, "agent.json")
        sign_in_ledger(data / "ledger.db")  # sam, a store manager, at T1
        receive = ("receive", "--supplier-ref", "DN-1", "--key", "RK1", "--format", "json")
        first = json.loads(ok(pos(*receive, "COLA=24@180", env=env)))
        again = json.loads(ok(pos(*receive, "COLA=24@180", env=env)))
        assert again["seq"] == first["seq"]
        assert refused(pos(*receive, "CHIPS=10@500", env=env)) == (
            "pos: idempotency key 'RK1' was already used for a supplier delivery (journal #1) "
            "with other content; nothing was booked: a new document needs a new key"
        )
        sr = ("supplier-return", "--supplier", "BEV", "--reason", "dented", "--key", "SR1")
        ok(pos(*sr, "COLA=4", env=env))
        ok(pos(*sr, "COLA=4", env=env))
        assert "was already used for a return to a supplier (journal #2)" in refused(
            pos(*sr, "COLA=5", env=env)
        )
    finally:
        agent.send_signal(signal.SIGTERM)
        _, stderr = agent.communicate(timeout=30)
    assert agent.returncode == 0, stderr
    ctx = StoreContext.open(data / "ledger.db", "S001")
    try:
        assert newest_seq(ctx) == 2 and levels(ctx) == {"COLA": 20}
    finally:
        ctx.close()
