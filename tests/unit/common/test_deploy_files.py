"""The files in deploy/ are valid: sample catalogues, alert rules and their tests, scrape config,
Alertmanager routing, example configs."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from common.config import load_config
from common.domain.barcodes import validate_gtin
from common.domain.units import BASE_UNITS
from edge_agent.config import DEFAULTS as EDGE_DEFAULTS
from headoffice.domain.alerts import POLICY_DEFAULTS as ALERT_POLICY_DEFAULTS
from headoffice.domain.alerts import alert_policy

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


def _run(*args: str, cwd: Path = DEPLOY / "prometheus") -> subprocess.CompletedProcess[str]:
    # Never a skip: CI installs the tools (scripts/ensure-tools.sh) and must run these.
    if shutil.which(args[0]) is None:
        pytest.fail(f"{args[0]} is not installed; run scripts/ensure-tools.sh (make test does)")
    return subprocess.run(args, capture_output=True, text=True, cwd=cwd, timeout=60)


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
        },
        # docs/jobs.md
        "jobs": {
            "timezone": "UTC",
            "attempts": 3,
            "retry_backoff_s": 30,
            "lease_s": 3_600,
            "keep_days": 90,
            "test_every_s": 0,
            "auto_approve_transfers_below_minor": 0,
            "accuracy_gauges": "*/10 * * * *",
            "accuracy_gauges_enabled": True,
            "evaluate_alerts": "*/5 * * * *",
            "evaluate_alerts_enabled": True,
            "replenishment": "30 2 * * *",
            "replenishment_enabled": True,
            "prune_job_runs": "17 3 * * *",
            "prune_job_runs_enabled": True,
            "report_snapshots": "15 3 * * *",
            "report_snapshots_enabled": True,
            "expire_points": "20 0 1,2 * *",
            "expire_points_enabled": True,
            "expire_stored_value": "25 0 * * *",
            "expire_stored_value_enabled": True,
            "reconcile_vouchers": "40 1 * * *",
            "reconcile_vouchers_enabled": True,
        },  # fmt: skip
        # docs/vouchers.md
        "vouchers": {"platforms": {}, "reconcile_on_reconnect": True},
        "alerts": dict(ALERT_POLICY_DEFAULTS),
        # docs/reports.md
        "reports": {"snapshot_dir": "reports", "snapshot_days": 30},
    }
    config = load_config(DEPLOY / "config" / "headoffice.toml", defaults, "X", environ={})
    assert config["database"]["url"].startswith("postgresql+psycopg://")
    # The example's thresholds are the defaults, and in range.
    assert config["alerts"] == ALERT_POLICY_DEFAULTS
    alert_policy(config["alerts"])


# -- alert rules: the conventions every rule keeps, and a test for every alert -------------

ROOT = DEPLOY.parent
RECORD_NAME = re.compile(r"^[a-z_]*:[a-z_]+:[a-z0-9_]+$")  # level:metric:operations
SEVERITIES = {"warning", "critical"}


def _rules() -> list[dict[str, Any]]:
    groups = yaml.safe_load((DEPLOY / "prometheus" / "alerts.yml").read_text())["groups"]
    return [rule for group in groups for rule in group["rules"]]


def _anchors(markdown: str) -> set[str]:
    """GitHub's anchors for the headings of a Markdown page (lowercase, spaces to -)."""
    headings = re.findall(r"^#+ (.+)$", markdown, flags=re.MULTILINE)
    return {re.sub(r"[^a-z0-9 _-]", "", h.strip().lower()).replace(" ", "-") for h in headings}


def test_every_alert_has_for_severity_summary_description_and_a_runbook_section() -> None:
    alerts = [r for r in _rules() if "alert" in r]
    assert len(alerts) >= 11
    anchors = _anchors((ROOT / "docs" / "runbook.md").read_text())
    for rule in alerts:
        name = rule["alert"]
        assert rule.get("for"), f"{name} has no `for`"
        assert rule["labels"]["severity"] in SEVERITIES, name
        notes = rule["annotations"]
        assert notes["summary"] and notes["description"], name
        page, _, anchor = notes["runbook_url"].partition("#")
        assert page == "docs/runbook.md" and anchor == name.lower(), (name, notes["runbook_url"])
        assert anchor in anchors, f"docs/runbook.md has no section for {name}"


def test_recording_rules_are_named_level_metric_operations() -> None:
    records = [r["record"] for r in _rules() if "record" in r]
    assert records and all(RECORD_NAME.match(name) for name in records), records


def test_every_alert_is_tested_firing_and_not_firing() -> None:
    tests = yaml.safe_load((DEPLOY / "prometheus" / "alerts_test.yml").read_text())["tests"]
    fires: set[str] = set()
    quiet: set[str] = set()
    for case in tests:
        for check in case.get("alert_rule_test", []):
            (fires if check.get("exp_alerts") else quiet).add(check["alertname"])
    names = {r["alert"] for r in _rules() if "alert" in r}
    assert names - fires == set(), "alerts never tested firing"
    assert names - quiet == set(), "alerts never tested staying quiet"


def test_every_edge_target_names_its_store() -> None:
    for path in (DEPLOY / "prometheus" / "edges").glob("*.yml"):
        for group in yaml.safe_load(path.read_text()):
            assert group["targets"] and group["labels"]["store"], path


# -- Alertmanager: valid, and routed by severity ------------------------------------------


def test_alertmanager_config_is_valid() -> None:
    proc = _run("amtool", "check-config", "alertmanager.yml", cwd=DEPLOY / "alertmanager")
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize(
    ("severity", "receivers"),
    [("critical", "oncall-email,oncall-webhook"), ("warning", "ops-email")],
)
def test_alertmanager_routes_by_severity(severity: str, receivers: str) -> None:
    proc = _run(
        "amtool", "config", "routes", "test", "--config.file=alertmanager.yml",
        f"severity={severity}", "alertname=StoreOutOfContact", "store=S001",
        cwd=DEPLOY / "alertmanager",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == receivers
