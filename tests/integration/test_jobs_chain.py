"""Scheduled jobs in real `headoffice serve` processes: two on one PostgreSQL database run
each tick of a chain-wide job exactly once; a cron that does not parse stops the start
with its line; hoctl jobs list | run | history and who may run a job."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from headoffice.store.engine import create_engine
from headoffice.store.unit_of_work import UnitOfWork
from scripts.chain import BIN, HeadOffice, english_environment, wait_for
from tests.conftest import create_pg_database, drop_pg_database

pytestmark = pytest.mark.timeout(300)


def _set_jobs(data_dir: Path, **values: str) -> None:
    """Rewrite [jobs] settings of an initialised data directory's headoffice.toml."""
    path = data_dir / "headoffice.toml"
    text = path.read_text()
    for key, value in values.items():
        text, found = re.subn(rf"(?m)^{key} = .*$", f"{key} = {value}", text)
        assert found == 1, key
    path.write_text(text)


def _metric(ho: HeadOffice, name: str, **labels: str) -> float:
    with urllib.request.urlopen(f"http://{ho.metrics_address}/metrics", timeout=10) as reply:
        text = reply.read().decode()
    shown = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    match = re.search(rf"^{name}\{{{re.escape(shown)}\}} (\S+)$", text, re.M)
    return float(match.group(1)) if match else 0.0


@pytest.mark.postgres
def test_two_head_offices_on_one_postgresql_run_each_tick_once(
    tmp_path: Path, pg_admin_dsn: str
) -> None:
    name, url = create_pg_database(pg_admin_dsn)
    first = HeadOffice(tmp_path / "ho-a", db_url=url)
    try:
        first.init()
        _set_jobs(first.data_dir, test_every_s="1")
        # A second process of the same head office: the same files, its own run lock.
        shutil.copytree(first.data_dir, tmp_path / "ho-b")
        second = HeadOffice(tmp_path / "ho-b", db_url=url)
        first.start()
        second.start()
        engine = create_engine(url)
        try:

            def ticks_seen() -> list[tuple[int, str, str, str]] | None:
                with UnitOfWork(engine) as uow:
                    runs = uow.job_runs.history("", 1_000)
                rows = [(r.tick_at_ms, r.job, r.holder, r.result) for r in runs]
                both = {h for _t, job, h, _r in rows if job == "accuracy_gauges"}
                pruned = {t for t, job, _h, _r in rows if job == "prune_job_runs"}
                return rows if len(both) == 2 and len(pruned) >= 6 else None

            rows = wait_for("six ticks run by two head offices", ticks_seen, timeout_s=60)
            first.stop()
            second.stop()
            with UnitOfWork(engine) as uow:
                runs = uow.job_runs.history("", 1_000)
        finally:
            engine.dispose()
        assert rows
        chain_wide = [r for r in runs if r.job == "prune_job_runs"]
        per_tick = Counter(r.tick_at_ms for r in chain_wide)
        assert per_tick and set(per_tick.values()) == {1}, per_tick  # once per tick
        assert {r.result for r in chain_wide} == {"ok"}
        assert all(r.tick_at_ms % 1_000 == 0 for r in chain_wide)
        # The per-process job: once per tick in each process, never twice in one.
        per_holder = Counter((r.tick_at_ms, r.holder) for r in runs if r.job == "accuracy_gauges")
        assert set(per_holder.values()) == {1}
        assert len({holder for _tick, holder in per_holder}) == 2
    finally:
        first.stop()
        drop_pg_database(pg_admin_dsn, name)


@pytest.mark.postgres
def test_the_loser_of_a_tick_counts_it_skipped_on_its_metrics(
    tmp_path: Path, pg_admin_dsn: str
) -> None:
    name, url = create_pg_database(pg_admin_dsn)
    first = HeadOffice(tmp_path / "ho-a", db_url=url)
    first.init()
    _set_jobs(first.data_dir, test_every_s="1", accuracy_gauges_enabled="false")
    shutil.copytree(first.data_dir, tmp_path / "ho-b")
    second = HeadOffice(tmp_path / "ho-b", db_url=url)
    first.start()
    second.start()
    try:

        def counted() -> tuple[float, float] | None:
            ok = sum(_metric(h, "storeledger_job_runs_total", job="prune_job_runs", result="ok")
                     for h in (first, second))  # fmt: skip
            skipped = sum(
                _metric(h, "storeledger_job_runs_total", job="prune_job_runs", result="skipped")
                for h in (first, second)
            )
            return (ok, skipped) if ok >= 3 and skipped >= 3 else None

        ok, skipped = wait_for("ticks run and skipped", counted, timeout_s=60)
        assert ok >= 3 and skipped >= 3
        assert (
            _metric(first, "storeledger_job_last_success_timestamp_seconds", job="prune_job_runs")
            > 0
        )
    finally:
        first.stop()
        second.stop()


def test_a_cron_that_does_not_parse_stops_the_start_with_its_line(tmp_path: Path) -> None:
    ho = HeadOffice(tmp_path / "ho")
    ho.init()
    _set_jobs(ho.data_dir, prune_job_runs='"61 3 * * *"')
    config = ho.data_dir / "headoffice.toml"
    line = next(
        n for n, text in enumerate(config.read_text().splitlines(), 1)
        if text.startswith("prune_job_runs =")
    )  # fmt: skip
    done = subprocess.run(
        [str(BIN / "headoffice"), "serve", "--data-dir", str(ho.data_dir), "--listen",
         "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0"],
        env=english_environment(), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"headoffice: {config} line {line}: [jobs] prune_job_runs = '61 3 * * *' is not a cron "
        'expression of five fields (minute hour day-of-month month day-of-week, e.g. "30 2 * * *"): '
        "Error validating expression '61': the last value (61) is higher than the maximum value (59)"
    ]
    assert not (ho.data_dir / "run" / "serve.json").exists()


def test_hoctl_jobs_list_run_history_and_who_may_run(tmp_path: Path, ho_db: str | None) -> None:
    ho = HeadOffice(tmp_path / "ho", db_url=ho_db)
    ho.init()
    ho.start()
    try:
        jobs = ho.hoctl_json("jobs", "list")
        assert [j["job"] for j in jobs] == [
            "accuracy_gauges", "evaluate_alerts", "replenishment", "report_snapshots",
            "prune_job_runs", "expire_points", "expire_stored_value", "expire_reservations",
            "reconcile_vouchers"]  # fmt: skip
        prune = jobs[4]
        assert (prune["schedule"], prune["enabled"], prune["per_process"]) == (
            "17 3 * * *", True, False,
        )  # fmt: skip
        assert prune["next_run_at"].endswith("T03:17:00.000Z") and prune["result"] == ""

        run = ho.hoctl_json("jobs", "run", "prune_job_runs")
        assert (run["job"], run["trigger"], run["result"], run["attempt"]) == (
            "prune_job_runs", "manual", "ok", 1,
        )  # fmt: skip
        assert {t["name"] for t in run["tallies"]} == {"runs_deleted", "claims_deleted"}
        said = ho.hoctl("jobs", "run", "accuracy_gauges")
        assert said.stdout.startswith("job accuracy_gauges ran in ")

        history = ho.hoctl_json("jobs", "history", "--job", "prune_job_runs")
        assert [h["run_id"] for h in history] == [run["run_id"]]
        assert ho.hoctl_json("jobs", "history", "prune_job_runs") == history
        alerts = ho.hoctl_json("jobs", "run", "evaluate_alerts")
        assert alerts["result"] == "ok" and {"stores", "alerts"} <= {
            t["name"] for t in alerts["tallies"]
        }
        replenished = ho.hoctl_json("jobs", "run", "replenishment")
        assert replenished["result"] == "ok" and {"transfer_lines", "purchase_lines"} <= {
            t["name"] for t in replenished["tallies"]
        }
        for job, tallies in (("expire_points", {"members", "points"}),
                             ("expire_stored_value", {"members", "principal_minor",
                                                      "bonus_minor"}),
                             ("reconcile_vouchers", {"runs", "differences"})):  # fmt: skip
            done = ho.hoctl_json("jobs", "run", job)
            assert done["result"] == "ok" and {t["name"] for t in done["tallies"]} == tallies
        assert len(ho.hoctl_json("jobs", "history", "--limit", "1")) == 1
        listed = {j["job"]: j for j in ho.hoctl_json("jobs", "list")}
        assert listed["prune_job_runs"]["result"] == "ok"
        assert listed["prune_job_runs"]["last_success_at"] == run["finished_at"]

        unknown = ho.hoctl("jobs", "run", "restock", check=False)
        assert unknown.returncode == 1 and "there is no job 'restock'" in unknown.stderr
        bad = ho.hoctl("jobs", "history", "--limit", "0", check=False)
        assert bad.returncode == 1 and "--limit must be between 1 and 1000, got 0" in bad.stderr

        buyer = ho.add_user("bea", "buyer", tmp_path)
        seen = json.loads(ho.hoctl_as(buyer, "jobs", "list", "--format", "json").stdout)
        assert len(seen) == 9
        refused = ho.hoctl_as(buyer, "jobs", "run", "prune_job_runs", check=False)
        assert refused.returncode == 1 and "Traceback" not in refused.stderr
        assert "user bea (buyer) lacks permission job.run" in refused.stderr
        manual = [h for h in ho.hoctl_json("jobs", "history") if h["trigger"] == "manual"]
        assert len(manual) == 7  # the refusal ran nothing
    finally:
        ho.stop()
