"""Stored value through real processes (issue 15, Tests): two tills, each its own process
with its own store certificate, debit the same card 1,000 times between them against a real
`headoffice serve` (SQLite and PostgreSQL): the balance never goes below zero and equals the
sum of the entries; then head office is killed mid-debit and restarted while a till retries
with its keys: every key is booked exactly once."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scripts.chain import HeadOffice

pytestmark = pytest.mark.timeout(600)
ROOT = Path(__file__).resolve().parents[2]


def _till(ho: HeadOffice, bundle: Path, count: int, amount: int, prefix: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.integration.stored_value_till", str(bundle),
         ho.grpc_address, "CARD0001", str(count), str(amount), prefix],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ho.env,
    )  # fmt: skip


def _done(proc: subprocess.Popen) -> dict:  # type: ignore[type-arg]
    out, err = proc.communicate(timeout=400)
    assert proc.returncode == 0, err
    return json.loads(out)


def test_two_tills_race_on_one_card_and_head_office_killed_mid_debit(
    tmp_path: Path, ho_db: str | None
) -> None:
    ho = HeadOffice(tmp_path / "ho", db_url=ho_db)
    ho.init()
    ho.start()
    try:
        bundles = [ho.add_store(code, f"Store {code}", tmp_path) for code in ("S001", "S002")]
        ho.hoctl("member", "add", "--phone", "13812345678", "--name", "张三", "--card", "CARD0001")
        ho.hoctl("member", "topup", "CARD0001", "--paid", "50000", "--key", "T1")  # + 80.00 bonus

        tills = [_till(ho, b, 500, 100, f"race-{n}") for n, b in enumerate(bundles)]
        results = [_done(t) for t in tills]
        debited = sum(len(r["debited"]) for r in results)
        assert debited == 58_000 // 100  # exactly what the balance held, never more
        assert sum(r["refused"] for r in results) == 1_000 - debited
        assert sum(r["replays_ok"] for r in results) == debited  # each retry: the same entry
        assert all(r["debited"] for r in results)  # both tills got some
        ledger = ho.hoctl_json("member", "ledger", "CARD0001")
        assert ledger["principal_minor"] == ledger["bonus_minor"] == 0
        assert sum(e["principal_minor"] + e["bonus_minor"] for e in ledger["entries"]) == 0

        ho.hoctl("member", "topup", "CARD0001", "--paid", "40000", "--key", "T2")
        till = _till(ho, bundles[0], 200, 100, "kill")
        time.sleep(1.0)
        ho.kill()

        time.sleep(0.5)
        ho.start()  # the same address: the till's retries reach it
        result = _done(till)
        assert result["retries"] > 0  # head office did go away under it
        ledger = ho.hoctl_json("member", "ledger", "CARD0001")
        kill_keys = [e["key"] for e in ledger["entries"] if e["key"].startswith("kill-")]
        assert sorted(kill_keys) == sorted(k for k, _ in result["debited"])
        assert len(kill_keys) == len(set(kill_keys)) == 200  # every key booked, and once
        assert result["replays_ok"] == 200
        assert ledger["principal_minor"] + ledger["bonus_minor"] == 40_000 - 200 * 100
        assert sum(e["principal_minor"] + e["bonus_minor"] for e in ledger["entries"]) == 20_000
    finally:
        ho.stop()
