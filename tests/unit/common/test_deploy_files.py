"""The files in deploy/ are valid: sample catalogues, alert rules, scrape config, example configs."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

from common.config import load_config
from common.domain.barcodes import validate_gtin
from common.domain.units import BASE_UNITS
from edge_agent.config import DEFAULTS as EDGE_DEFAULTS

DEPLOY = Path(__file__).resolve().parents[3] / "deploy"
COLUMNS = ["sku", "name", "barcodes", "unit", "price_minor", "cost_minor", "category"]


def test_sample_catalogue_is_valid() -> None:
    with (DEPLOY / "sample" / "products.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == COLUMNS
    assert len(rows) >= 12 and len({r["sku"] for r in rows}) == len(rows)
    barcodes = [code for r in rows for code in r["barcodes"].split("|") if code]
    assert all(validate_gtin(code) == code for code in barcodes)
    assert len(set(barcodes)) == len(barcodes)
    assert {"6901234567892", "6920000000012"} <= set(barcodes)
    assert {r["unit"] for r in rows} == set(BASE_UNITS)
    assert all(r["price_minor"].isdigit() and r["cost_minor"].isdigit() for r in rows)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    if shutil.which(args[0]) is None:
        pytest.fail(f"{args[0]} is not installed; run scripts/ensure-tools.sh (make test does)")
    return subprocess.run(
        args, capture_output=True, text=True, cwd=DEPLOY / "prometheus", timeout=60
    )


@pytest.mark.parametrize(
    "args",
    [
        ("promtool", "check", "rules", "alerts.yml"),
        ("promtool", "check", "config", "prometheus.yml"),
        ("promtool", "test", "rules", "alerts_test.yml"),
    ],
)
def test_prometheus_files(args: tuple[str, ...]) -> None:
    proc = _run(*args)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_edge_config_example_loads_with_the_agent_defaults() -> None:
    config = load_config(DEPLOY / "config" / "edge.toml", EDGE_DEFAULTS, "X", environ={})
    assert config["store"]["code"] == "S001"


def test_headoffice_config_example_names_documented_options() -> None:
    # The options of docs/runtime.md, with their documented defaults.
    defaults = {
        "server": {
            "listen": "127.0.0.1:50061",
            "advertise": "",
            "metrics_listen": "127.0.0.1:9461",
        },
        "database": {"url": "", "pool_size": 10},
        "sync": {"heartbeat_timeout_s": 15},
        "log": {"level": "info"},
        "transfers": {"negative_stock": "refuse"},
        "replenishment": {
            "default_lead_time_days": 7,
            "review_period_days": 7,
            "service_level_bp": 9500,
            "transfer_lead_time_days": 1,
            "demand_window_days": 30,
            "default_transfer_cost_minor": 100,
            "lead_time_orders": 10,
            "slow_mover_days": 30,
            "auto_approve_transfer_limit_minor": 0,
        },
    }
    config = load_config(DEPLOY / "config" / "headoffice.toml", defaults, "X", environ={})
    assert config["database"]["url"].startswith("postgresql+psycopg://")
