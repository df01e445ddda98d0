"""The alert rules (headoffice.domain.alerts) on plain facts: each threshold at its edge, the
[alerts] settings' ranges, per-store counts with zeros; and the service over the fake."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from common.errors import ConfigError
from common.i18n import use_language
from headoffice.config import DEFAULTS
from headoffice.domain import alerts as rules
from headoffice.domain.alerts import (
    AlertPolicy,
    NegativeLevel,
    PostedSession,
    SyncFacts,
    WriteOffValues,
    alert_policy,
)
from headoffice.domain.costing import StockPosition
from headoffice.domain.roles import Staff
from headoffice.services.alerts import evaluate_alerts_job, list_alerts
from tests.unit.headoffice.fakes import FakeDatabase, FakeUnitOfWork

POLICY = AlertPolicy()


def test_negative_stock_names_each_sku_below_zero_with_its_value() -> None:
    found = rules.negative_stock(
        [NegativeLevel("S001", "COLA", -3, 150), NegativeLevel("S001", "TEA", 0, 100)]
    )
    assert [(a.kind, a.sku, a.qty_base, a.value_minor) for a in found] == [
        (rules.NEGATIVE_STOCK, "COLA", -3, -450)
    ]


def session(counted: int, within: int, loss: int, gain: int = 0) -> PostedSession:
    return PostedSession("S001", "cs-1", 1, counted, within, loss, gain)


def test_stocktake_variance_alerts_above_the_share_or_the_net_loss_only() -> None:
    # 10 of 100 outside is exactly 1000 bp: not above the threshold.
    assert rules.stocktake_variance([session(100, 90, -500)], POLICY) == []
    share = rules.stocktake_variance([session(100, 89, -500)], POLICY)
    assert [(a.session_id, a.outside_bp, a.value_minor) for a in share] == [("cs-1", 1100, -500)]
    # A net loss of exactly the threshold does not alert; one more does; gains offset losses.
    assert rules.stocktake_variance([session(100, 100, -100_000)], POLICY) == []
    assert len(rules.stocktake_variance([session(100, 100, -100_001)], POLICY)) == 1
    assert rules.stocktake_variance([session(100, 100, -100_001, 2)], POLICY) == []
    # Nothing counted: no share to speak of.
    assert rules.stocktake_variance([session(0, 0, 0)], POLICY) == []


def test_write_offs_above_k_times_the_stores_own_normal() -> None:
    # Baseline 56 days of 8,000: 1,000 a week; k = 2: above 2,000 alerts, at the floor 10,000.
    policy = AlertPolicy(write_off_min_minor=0)
    at_limit = WriteOffValues("S001", 2_000, 8_000)
    above = WriteOffValues("S002", 2_001, 8_000)
    assert rules.write_offs_above_normal([at_limit], policy) == []
    found = rules.write_offs_above_normal([above], policy)
    assert [(a.store_code, a.value_minor, a.normal_minor) for a in found] == [
        ("S002", 2_001, 1_000)
    ]
    # The floor: a small store's doubling is not worth a page.
    assert rules.write_offs_above_normal([above], POLICY) == []
    # No baseline (a new store): alerts once it reaches the floor, normal 0.
    new = rules.write_offs_above_normal([WriteOffValues("S003", 10_000, 0)], POLICY)
    assert [(a.store_code, a.normal_minor) for a in new] == [("S003", 0)]
    assert rules.write_offs_above_normal([WriteOffValues("S003", 0, 0)], policy) == []
    # The normal shown rounds half up: 56 days of 4 is 0.5 a week -> 1.
    assert rules.normal_write_offs(WriteOffValues("S001", 0, 4), POLICY) == 1


def test_sync_lagging_and_silent_at_their_thresholds() -> None:
    now = 10_000_000
    facts = [
        SyncFacts("S001", 300_000, now),  # lag exactly 300 s: not yet
        SyncFacts("S002", 300_001, now),
        SyncFacts("S003", 0, now - 600_000),  # silent exactly 600 s: not yet
        SyncFacts("S004", 0, now - 600_001),
        SyncFacts("S005", 0, 0),  # never spoke: a new store, not a silent one
    ]
    found = rules.sync_alerts(facts, POLICY, now)
    assert [(a.kind, a.store_code) for a in found] == [
        (rules.SYNC_LAGGING, "S002"),
        (rules.STORE_SILENT, "S004"),
    ]
    assert rules.SEVERITY[rules.STORE_SILENT] == "critical"


def test_counts_by_store_has_a_zero_for_every_store_and_kind() -> None:
    found = rules.negative_stock([NegativeLevel("S001", s, -1, 1) for s in ("A", "B")])
    counts = rules.counts_by_store(found, ["S001", "S002"])
    assert len(counts) == 2 * len(rules.KINDS)
    assert counts[("S001", rules.NEGATIVE_STOCK)] == 2
    assert counts[("S002", rules.NEGATIVE_STOCK)] == 0


def test_the_alerts_section_defaults_and_range_checks() -> None:
    assert alert_policy(DEFAULTS["alerts"]) == AlertPolicy()
    assert alert_policy({"lag_s": 60}).lag_s == 60
    with pytest.raises(
        ConfigError, match=r"^alerts.variance_outside_bp must be a whole number from 1 to 10000, "
        r"got 0$"
    ):  # fmt: skip
        alert_policy({"variance_outside_bp": 0})
    with pytest.raises(ConfigError, match="write_off_factor_pct must be .* from 101 to 10000"):
        alert_policy({"write_off_factor_pct": 100})
    with pytest.raises(ConfigError, match="got True"):
        alert_policy({"lag_s": True})
    with pytest.raises(ConfigError, match=r"write_off_baseline_days \(10\) must be at least twice"):
        alert_policy({"write_off_days": 7, "write_off_baseline_days": 10})
    with pytest.raises(ConfigError, match="has no setting lag; the settings are variance_days"):
        alert_policy({"lag": 5})


def test_the_service_over_the_fake_evaluates_and_keeps_counts() -> None:
    db = FakeDatabase()
    db.seed_store("S001")
    db.seed_store("S002")
    db.tables.levels[("S001", "COLA")] = StockPosition(-2, 100)
    done = evaluate_alerts_job(lambda: FakeUnitOfWork(db), POLICY, 5_000_000)
    assert (done.stores, done.alerts, done.summary) == (
        2, 1, "1 alerts in 2 stores (negative_stock=1)"
    )  # fmt: skip
    with use_language("zh_CN"):  # the job's summary, in head office's language
        said = evaluate_alerts_job(lambda: FakeUnitOfWork(db), POLICY, 5_000_000).summary
    assert said == "2 家门店共 1 条告警（negative_stock=1）"
    assert done.counts() == {
        "stores": 2,
        "alerts": 1,
        **{k: int(k == rules.NEGATIVE_STOCK) for k in rules.KINDS},
    }
    assert db.tables.alert_counts[("S001", rules.NEGATIVE_STOCK)] == (1, 5_000_000)
    assert db.tables.alert_counts[("S002", rules.NEGATIVE_STOCK)] == (0, 5_000_000)
    manager = Staff("sam", "store_manager", frozenset({"S002"}))
    assert list_alerts(FakeUnitOfWork(db), manager, POLICY, 5_000_000) == []


@dataclass(frozen=True)
class Point:
    """Replenishment's ReorderPoint as the rule reads it."""

    store_code: str
    sku: str
    on_hand_qty_base: int
    reorder_point_qty_base: int
    inbound_qty_base: int


def test_low_stock_is_below_the_reorder_point_with_nothing_inbound() -> None:
    found = rules.low_stock(
        [
            Point("S001", "COLA", 4, 10, 0),
            Point("S001", "TEA", 4, 10, 6),  # a transfer is coming
            Point("S001", "WATER", 10, 10, 0),  # at the point, not below
        ]
    )
    assert [(a.kind, a.sku, a.qty_base, a.reorder_point_qty_base) for a in found] == [
        (rules.LOW_STOCK, "COLA", 4, 10)
    ]


def test_low_stock_is_evaluated_and_counted_only_with_a_source() -> None:
    db = FakeDatabase()
    db.seed_store("S001")
    seen: list[tuple[str, int]] = []

    def reorder_points(uow: object, store_code: str, now_ms: int) -> list[Point]:
        seen.append((store_code, now_ms))
        return [Point("S001", "COLA", 1, 5, 0)]

    without = evaluate_alerts_job(lambda: FakeUnitOfWork(db), POLICY, 7_000)
    assert rules.LOW_STOCK not in without.by_kind
    assert ("S001", rules.LOW_STOCK) not in db.tables.alert_counts
    done = evaluate_alerts_job(lambda: FakeUnitOfWork(db), POLICY, 8_000, 15_000, reorder_points)
    assert done.by_kind[rules.LOW_STOCK] == 1
    assert db.tables.alert_counts[("S001", rules.LOW_STOCK)] == (1, 8_000)
    admin = Staff("admin", "admin")
    listed = list_alerts(
        FakeUnitOfWork(db), admin, POLICY, 9_000, "S001", rules.LOW_STOCK, 15_000, reorder_points
    )
    assert [(a.sku, a.severity) for a in listed] == [("COLA", "warning")]
    assert seen == [("", 8_000), ("S001", 9_000)]
