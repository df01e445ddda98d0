"""The chain simulator end to end (issue 17): a short trading day on real processes with every
fault kind this machine can inject at least once (the PostgreSQL restart only by hand, with
`storeledger-sim --allow-pg-restart`: it disrupts the server's other users) ends with a clean
checker, on SQLite and on PostgreSQL; the same seed makes the same plan."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from sim.runner import Settings, proxy_class, simulate
from sim.scenario import fault_kinds, make_plan

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def test_the_same_seed_makes_the_same_plan() -> None:
    kinds = fault_kinds("all", pg=False, allow_pg_restart=False, proxy=False)
    assert "pg_restart" not in kinds and "kill_edge" in kinds
    one, two = (make_plan(42, 3, 1, 50, kinds) for _n in range(2))
    assert one == two
    assert make_plan(43, 3, 1, 50, kinds) != one


def test_a_short_day_with_every_fault_ends_clean(tmp_path: Path, ho_db: str | None) -> None:
    kinds = fault_kinds("all", pg=bool(ho_db), allow_pg_restart=False,
                        proxy=proxy_class() is not None)  # fmt: skip
    plan = make_plan(17, 2, 1, 25, kinds, products=8, kills_per_day=1)
    progress = io.StringIO()
    truth, violations, figures = simulate(plan, Settings(tmp_path, ho_db, 0.0, kinds), progress)
    assert violations == [], progress.getvalue()
    assert {f.kind for f in truth.faults} == set(kinds)
    assert all(not f.outcome.startswith("injector failed") for f in truth.faults), truth.faults
    assert "disk_full" not in kinds or any(r.startswith("sale ") for r in truth.refused)
    assert len(truth.sales) >= 45 and truth.returns and truth.voids and truth.transfers
    assert truth.deliveries == 2 and truth.write_offs == 4 and truth.shrink
    assert figures.database == ("PostgreSQL" if ho_db else "SQLite")
    assert "day 1 21:00" in progress.getvalue()
