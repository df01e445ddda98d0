"""The chain simulator end to end (issue 17): a trading day on real processes with every fault
kind at least once ends with a clean checker.

- On PostgreSQL: the run's own cluster (sim.private_pg; the shared server is never restarted),
  5 stores, two `headoffice serve` processes on its one database (each kill hits one of them),
  every fault kind including the PostgreSQL restart; once per seed in sim_seeds.txt, the seeds
  of runs that once failed.
- On SQLite: a short day, 2 stores, every kind but the PostgreSQL restart.
- The same seed makes the same plan.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from sim.count_checker import shrink_figures
from sim.private_pg import PG_BIN
from sim.runner import Settings, proxy_class, simulate
from sim.scenario import FAULT_KINDS, fault_kinds, make_plan

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]
SEEDS_FILE = Path(__file__).with_name("sim_seeds.txt")


def regression_seeds() -> list[int]:
    lines = [ln.split("#", 1)[0].split() for ln in SEEDS_FILE.read_text().splitlines()]
    return [int(words[0]) for words in lines if words]


def test_the_same_seed_makes_the_same_plan() -> None:
    kinds = fault_kinds("all", pg=False, allow_pg_restart=False, proxy=False)
    assert "pg_restart" not in kinds and "kill_edge" in kinds
    one, two = (make_plan(42, 3, 1, 50, kinds) for _n in range(2))
    assert one == two
    assert make_plan(43, 3, 1, 50, kinds) != one
    # A count per store and day after its last hour, of the day's shrunk SKUs and a few others.
    counts = [e for e in one.events if e.kind == "count"]
    assert sorted(e.store for e in counts) == ["S001", "S002", "S003"]
    for count in counts:
        shrunk = {
            e.data["sku"] for e in one.events if e.kind == "shrink" and e.store == count.store
        }
        assert shrunk <= set(count.data["skus"]) and len(count.data["skus"]) > len(shrunk)
        assert count.minute >= max(e.minute for e in one.events if e.kind != "count")
    assert "pg_restart" in fault_kinds("all", pg=True, allow_pg_restart=True, proxy=True)


def test_a_short_day_with_every_fault_on_sqlite_ends_clean(tmp_path: Path) -> None:
    kinds = fault_kinds("all", pg=False, allow_pg_restart=False,
                        proxy=proxy_class() is not None)  # fmt: skip
    plan = make_plan(17, 2, 1, 25, kinds, products=8, kills_per_day=1)
    progress = io.StringIO()
    truth, violations, figures = simulate(plan, Settings(tmp_path, None, 0.0, kinds), progress)
    assert violations == [], progress.getvalue()
    assert {f.kind for f in truth.faults} == set(kinds)
    assert all(not f.outcome.startswith("injector failed") for f in truth.faults), truth.faults
    assert "disk_full" not in kinds or any(r.startswith("sale ") for r in truth.refused)
    assert len(truth.sales) >= 45 and truth.returns and truth.voids and truth.transfers
    assert truth.deliveries == 2 and truth.write_offs == 4
    # Each store counted at the end of the day, after the faults, and found all the shrink.
    assert sorted(c.store for c in truth.counts) == ["S001", "S002"]
    assert all(c.state == "posted" and c.found == c.injected for c in truth.counts), truth.counts
    injected, found = shrink_figures(truth)
    assert injected == found > 0 and not any(q for s in truth.shrink.values() for q in s.values())
    assert figures.database == "SQLite"
    assert all(f.ended_ms >= f.at_ms for f in truth.faults), truth.faults
    assert figures.checker_ms and figures.lag is not None and figures.lag.sample_count > 0
    # The buyer's run proposed the SKUs whose min/max it raised; approved and acted out.
    assert [len(r["approved_lines"]) for r in truth.replenishments] == [2]
    assert all(r["second_approval_refused"] for r in truth.replenishments)
    assert "day 1 21:00" in progress.getvalue()


@pytest.mark.postgres
@pytest.mark.parametrize("seed", regression_seeds())
def test_five_stores_two_headoffices_every_fault_on_postgresql_end_clean(
    tmp_path: Path, seed: int
) -> None:
    if not (PG_BIN / "initdb").exists():
        pytest.skip(f"no PostgreSQL server binaries in {PG_BIN} for a private cluster")
    kinds = fault_kinds("all", pg=True, allow_pg_restart=True, proxy=proxy_class() is not None)
    assert set(kinds) == set(FAULT_KINDS)  # every kind, the PostgreSQL restart included
    plan = make_plan(seed, 5, 1, 25, kinds, products=8, kills_per_day=2)
    progress = io.StringIO()
    settings = Settings(tmp_path, None, 0.0, kinds, headoffices=2, private_pg=True)
    truth, violations, figures = simulate(plan, settings, progress)
    said = progress.getvalue()
    assert violations == [], said
    assert {f.kind for f in truth.faults} == set(kinds)
    assert all(not f.outcome.startswith("injector failed") for f in truth.faults), truth.faults
    killed = {f.outcome for f in truth.faults if f.kind == "kill_headoffice"}
    assert any("process 1" in k for k in killed) and any("process 2" in k for k in killed)
    assert any(f.outcome.startswith("private PostgreSQL restarted") for f in truth.faults)
    assert any(r.startswith("sale ") for r in truth.refused)  # the full disk refused a sale
    assert figures.database == "PostgreSQL" and "day 1 21:00" in said
    assert figures.checker_ms and figures.lag is not None and figures.lag.p99_ms is not None
    assert truth.replenishments and all(r["documents"] for r in truth.replenishments)
    assert len(truth.sales) >= 5 * 22 and truth.transfers and truth.deliveries == 5
    assert len(truth.counts) == 5 and all(c.found == c.injected for c in truth.counts)
    # Both processes rode through every fault: a lost database session is UNAVAILABLE to the
    # store (which retries), never an unexpected error.
    for ho_dir in ("ho", "ho-2"):
        log = (tmp_path / ho_dir / "headoffice.log").read_text(errors="replace")
        assert "unexpected error" not in log, ho_dir
