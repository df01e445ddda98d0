"""deploy/grafana: the dashboard names only series the code exports (or the recording rules
of deploy/prometheus/alerts.yml make), and the provisioning files point at it.

The exported names are read from the code itself: every prometheus_client metric built
with a literal name (Counter, Gauge, Histogram, and the *MetricFamily of custom
collectors) in headoffice/, edge_agent/ and common/, with the suffixes the client adds
(a counter's _total, a histogram's _bucket, _sum and _count).
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
GRAFANA = ROOT / "deploy" / "grafana"
DASHBOARD = GRAFANA / "dashboards" / "storeledger-chain.json"

SUFFIXES = {
    "Counter": ("_total",),
    "CounterMetricFamily": ("_total",),
    "Gauge": ("",),
    "GaugeMetricFamily": ("",),
    "Histogram": ("_bucket", "_sum", "_count"),
    "HistogramMetricFamily": ("_bucket", "_sum", "_count"),
}
# PromQL words that are not series: aggregation clauses, operators, keywords.
KEYWORDS = {
    "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless",
    "bool", "offset", "inf", "nan",
}  # fmt: skip


def exported_names() -> set[str]:
    names: set[str] = set()
    for package in ("headoffice", "edge_agent", "common"):
        for path in (ROOT / package).rglob("*.py"):
            if "/pb/" in path.as_posix():
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                func = node.func
                kind = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                first = node.args[0]
                if kind in SUFFIXES and isinstance(first, ast.Constant):
                    base = str(first.value).removesuffix("_total")
                    names |= {base + suffix for suffix in SUFFIXES[kind]}
    return names


def recorded_names() -> set[str]:
    rules = yaml.safe_load((ROOT / "deploy" / "prometheus" / "alerts.yml").read_text())
    return {r["record"] for g in rules["groups"] for r in g["rules"] if "record" in r}


def series_in(expr: str) -> set[str]:
    """The series names a PromQL expression reads (functions, labels, keywords left out)."""
    expr = re.sub(r'"[^"]*"', "", expr)  # label values
    expr = re.sub(r"\{[^}]*\}", "", expr)  # label matchers
    expr = re.sub(r"\[[^\]]*\]", "", expr)  # ranges
    expr = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", expr)
    expr = re.sub(r"\$\w+", "", expr)  # Grafana variables
    found = set()
    for match in re.finditer(r"(?<![\w.])[A-Za-z_:][A-Za-z0-9_:]*", expr):
        word = match.group()
        if expr[match.end() :].lstrip().startswith("("):
            continue  # a function's name
        if word.lower() not in KEYWORDS:
            found.add(word)
    return found


def dashboard_expressions() -> list[str]:
    dash = json.loads(DASHBOARD.read_text())
    exprs = [t["expr"] for p in dash["panels"] for t in p.get("targets", [])]
    for variable in dash["templating"]["list"]:
        query = variable["query"]["query"] if isinstance(variable["query"], dict) else ""
        label_values = re.fullmatch(r"label_values\((\w+),\s*\w+\)", query)
        assert label_values, query
        exprs.append(label_values.group(1))
    return exprs


def test_the_name_collector_sees_the_code() -> None:
    names = exported_names()
    assert {
        "storeledger_sync_lag_seconds",  # a custom collector's gauge
        "storeledger_sales_applied_total",  # a Counter named without _total
        "storeledger_sync_apply_duration_seconds_bucket",
        "storeledger_alerts_active",
        "storeledger_edge_sales_total",
    } <= names
    assert series_in('sum by (store) (rate(x_total{store=~"$store"}[5m])) * 60') == {"x_total"}
    assert series_in("time() - max(y_seconds > 0)") == {"y_seconds"}


def test_every_dashboard_expression_names_a_series_the_code_exports() -> None:
    known = exported_names() | recorded_names()
    exprs = dashboard_expressions()
    assert len(exprs) >= 12
    for expr in exprs:
        named = series_in(expr)
        assert named, expr
        assert named <= known, (expr, named - known)


def test_the_dashboard_shows_what_the_issue_asks_for() -> None:
    text = " ".join(dashboard_expressions())
    for series in (
        "storeledger_sync_lag_seconds",
        "storeledger_sync_backlog_entries",
        "store:storeledger_sync_entries_applied:rate5m",
        "store_reason:storeledger_batches_refused:increase10m",
        "store_kind:storeledger_alerts_active:max",
        "store:storeledger_sales_applied:rate5m",
    ):
        assert series in text, series


def test_provisioning_names_the_datasource_the_panels_use() -> None:
    datasources = yaml.safe_load(
        (GRAFANA / "provisioning" / "datasources" / "storeledger.yml").read_text()
    )["datasources"]
    providers = yaml.safe_load(
        (GRAFANA / "provisioning" / "dashboards" / "storeledger.yml").read_text()
    )["providers"]
    assert [d["type"] for d in datasources] == ["prometheus"]
    assert providers[0]["type"] == "file" and providers[0]["options"]["path"]
    dash = json.loads(DASHBOARD.read_text())
    uids = {t["datasource"]["uid"] for p in dash["panels"] for t in p.get("targets", [])} | {
        p["datasource"]["uid"] for p in dash["panels"] if "datasource" in p
    }
    assert uids == {datasources[0]["uid"]}
    assert len({p["id"] for p in dash["panels"]}) == len(dash["panels"])
