"""Stocktake's use cases at head office on the in-memory unit of work: creating a session
(scope resolved here, overlap refused, the order queued), approval rules, cancel, the
variance report and the cycle plan. tests/db runs the same on both databases."""

from __future__ import annotations

import pytest

from common.errors import InvalidInput, PermissionDenied, Refused
from headoffice.domain.counts import UnknownCountSession
from headoffice.domain.errors import PermissionRefused, UnknownProduct, UnknownStore
from headoffice.domain.roles import Staff
from headoffice.services.counts import (
    approve_session,
    cancel_session,
    create_planned,
    create_session,
    list_sessions,
)
from headoffice.services.counts_reports import plan, show_session, variance_rows
from headoffice.services.sync import apply_batch
from tests.journal_entries import count_line, count_session_event, delivery, sale
from tests.unit.headoffice.fakes import FakeDatabase, FakeUnitOfWork

MIA = Staff("mia", "store_manager", frozenset({"S001"}))
LEO = Staff("leo", "store_manager", frozenset({"S001"}))
OLA = Staff("ola", "store_manager", frozenset({"S002"}))
ADMIN = Staff("admin", "admin")
NOW = 100 * 24 * 3600 * 1000


@pytest.fixture
def db() -> FakeDatabase:
    """S001 sold COLA (most value), TEA and a little SOAP; S002 exists too."""
    db = FakeDatabase()
    db.seed_store("S001")
    db.seed_store("S002")
    db.seed_product("COLA", category="drinks/soft")
    db.seed_product("TEA", category="drinks/hot")
    db.seed_product("SOAP", category="home")
    apply_batch(FakeUnitOfWork(db), "S001", [
        delivery(1, [("COLA", 100, 200), ("TEA", 100, 100), ("SOAP", 100, 10)]),
        sale(2, "COLA", 40, at_ms=NOW - 1_000),  # 8,000
        sale(3, "TEA", 10, at_ms=NOW - 1_000),  # 1,000
        sale(4, "SOAP", 5, at_ms=NOW - 1_000),  # 50
    ])  # fmt: skip
    return db


def orders(db: FakeDatabase, store: str = "S001") -> list[tuple[str, str, str, str]]:
    return [
        (e.count_order.session_id, e.count_order.action, e.count_order.by, e.count_order.second_by)
        for e in db.events_for(store)
        if e.HasField("count_order")
    ]


def test_scopes_are_resolved_at_head_office_and_the_store_is_sent_the_order(
    db: FakeDatabase,
) -> None:
    drinks = create_session(FakeUnitOfWork(db), MIA, "S001", "category", categories=["drinks"],
                            now_ms=NOW)  # fmt: skip
    assert drinks.scope.skus == ("COLA", "TEA") and drinks.state == "ordered"
    assert drinks.classes == {"COLA": "A", "TEA": "B"}
    soap = create_session(FakeUnitOfWork(db), MIA, "S001", "abc", abc_classes=["c"], now_ms=NOW)
    assert soap.scope.skus == ("SOAP",) and soap.scope.abc_classes == ("C",)
    assert orders(db) == [(drinks.session_id, "open", "", ""), (soap.session_id, "open", "", "")]
    [order] = [e.count_order for e in db.events_for("S001") if e.count_order.session_id
               == drinks.session_id]  # fmt: skip
    assert [(c.sku, c.abc_class) for c in order.classes] == [("COLA", "A"), ("TEA", "B")]
    actions = [r.action for r in db.tables.audit if r.entity == "count_session"]
    assert actions == ["count.create", "count.create"]
    listed = {s.session_id for s in list_sessions(FakeUnitOfWork(db), MIA, "S001")}
    assert listed == {drinks.session_id, soap.session_id}
    assert list_sessions(FakeUnitOfWork(db), OLA) == []


@pytest.mark.parametrize(
    ("staff", "store", "kind", "extra", "error", "words"),
    [
        (ADMIN, "S009", "full", {}, UnknownStore, "S009"),
        (OLA, "S001", "full", {}, PermissionRefused, "ola"),
        (ADMIN, "S001", "skus", {"skus": ["NOPE"]}, UnknownProduct, "NOPE"),
        (ADMIN, "S001", "category", {"categories": ["toys"]}, UnknownProduct, "toys"),
        (ADMIN, "S001", "location", {"locations": ["A-"]}, InvalidInput, "at the store"),
        (ADMIN, "S001", "abc", {}, InvalidInput, "at least one ABC class"),
        (ADMIN, "S001", "bogus", {}, InvalidInput, "bogus"),
    ],
)
def test_bad_requests_are_refused_and_change_nothing(
    db: FakeDatabase, staff: Staff, store: str, kind: str, extra: dict, error: type, words: str
) -> None:
    before = (dict(db.tables.count_sessions), len(db.tables.feed), len(db.tables.audit))
    with pytest.raises(error, match=words):
        create_session(FakeUnitOfWork(db), staff, store, kind, now_ms=NOW, **extra)
    assert (dict(db.tables.count_sessions), len(db.tables.feed), len(db.tables.audit)) == before


def test_two_sessions_never_share_a_sku(db: FakeDatabase) -> None:
    create_session(FakeUnitOfWork(db), ADMIN, "S001", "skus", skus=["TEA"], now_ms=NOW)
    with pytest.raises(Refused, match="covers every SKU too"):
        create_session(FakeUnitOfWork(db), ADMIN, "S001", "full", now_ms=NOW)
    with pytest.raises(Refused, match="covers TEA too"):
        create_session(FakeUnitOfWork(db), ADMIN, "S001", "category", categories=["drinks"],
                       now_ms=NOW)  # fmt: skip
    create_session(FakeUnitOfWork(db), ADMIN, "S001", "skus", skus=["COLA"], now_ms=NOW)
    create_session(FakeUnitOfWork(db), ADMIN, "S002", "full", now_ms=NOW)  # another store


def _counted(db: FakeDatabase, *lines: tuple[str, int, int, str, str]) -> None:
    """cs-1 over COLA and TEA at S001: (sku, qty, book, counter, location) lines, submitted."""
    seq = 5
    entries = [count_session_event(seq, "cs-1", "opened", skus=["COLA", "TEA"])]
    for sku, qty, book, counter, place in lines:
        seq += 1
        entries.append(count_line(seq, "cs-1", sku, qty, book=book, counter=counter,
                                  location=place))  # fmt: skip
    entries.append(count_session_event(seq + 1, "cs-1", "submitted"))
    apply_batch(FakeUnitOfWork(db), "S001", entries)


def test_approval_rules(db: FakeDatabase) -> None:
    with pytest.raises(UnknownCountSession):
        approve_session(FakeUnitOfWork(db), LEO, "cs-1")
    apply_batch(FakeUnitOfWork(db), "S001", [
        count_session_event(5, "cs-1", "opened", skus=["COLA", "TEA"]),
    ])  # fmt: skip
    with pytest.raises(Refused, match="only a submitted count"):
        approve_session(FakeUnitOfWork(db), LEO, "cs-1")
    apply_batch(FakeUnitOfWork(db), "S001", [
        count_line(6, "cs-1", "COLA", 59, book=60, counter="mia"),
        count_session_event(7, "cs-1", "submitted"),
    ])  # fmt: skip
    with pytest.raises(Refused, match="nobody counted: count them or confirm"):
        approve_session(FakeUnitOfWork(db), LEO, "cs-1")  # TEA in scope, never counted


def test_own_count_refused_and_the_store_is_told_on_approval(db: FakeDatabase) -> None:
    _counted(db, ("COLA", 59, 60, "mia", "A-1"), ("TEA", 90, 90, "dan", "A-1"))
    with pytest.raises(PermissionDenied, match="mia counted COLA"):
        approve_session(FakeUnitOfWork(db), MIA, "cs-1")
    with pytest.raises(PermissionRefused):
        approve_session(FakeUnitOfWork(db), OLA, "cs-1")
    done = approve_session(FakeUnitOfWork(db), LEO, "cs-1")
    assert (done.approved_by, done.second_approved_by) == ("leo", "")
    assert orders(db) == [("cs-1", "approve", "leo", "")]
    assert [r.action for r in db.tables.audit if r.entity == "count_session"][-1] == (
        "count.approve"
    )


def test_the_variance_report_by_sku_category_and_place(db: FakeDatabase) -> None:
    _counted(db, ("COLA", 30, 60, "mia", "A-1"), ("COLA", 29, 60, "mia", "B-1"),
             ("TEA", 92, 90, "dan", "A-1"))  # fmt: skip
    report = show_session(FakeUnitOfWork(db), ADMIN, "cs-1")
    t = report.totals
    assert (t.gain_qty_base, t.loss_qty_base, t.gain_minor, t.loss_minor, t.net_minor) == (
        2, -1, 200, -200, 0,
    )  # fmt: skip
    by_place = variance_rows(report, "location")
    assert [(r.key, r.loss_qty_base, r.gain_qty_base) for r in by_place] == [
        ("A-1", 0, 2), ("A-1+B-1", -1, 0),
    ]  # fmt: skip
    by_category = variance_rows(report, "category")
    assert [(r.key, r.net_minor) for r in by_category] == [
        ("drinks/hot", 200),
        ("drinks/soft", -200),
    ]
    with pytest.raises(InvalidInput, match="shelf"):
        variance_rows(report, "shelf")


def test_cancel(db: FakeDatabase) -> None:
    row = create_session(FakeUnitOfWork(db), ADMIN, "S001", "skus", skus=["TEA"], now_ms=NOW)
    with pytest.raises(PermissionRefused):
        cancel_session(FakeUnitOfWork(db), OLA, row.session_id)
    assert cancel_session(FakeUnitOfWork(db), MIA, row.session_id).state == "cancelled"
    assert [o[1] for o in orders(db)] == ["open", "cancel"]
    with pytest.raises(Refused, match="no longer"):
        cancel_session(FakeUnitOfWork(db), MIA, row.session_id)


def test_the_cycle_plan_proposes_due_skus_by_class_and_creates_them(db: FakeDatabase) -> None:
    proposals = plan(FakeUnitOfWork(db), ADMIN, "S001", now_ms=NOW)
    assert [(p.abc_class, p.skus) for p in proposals] == [
        ("A", ("COLA",)), ("B", ("TEA",)), ("C", ("SOAP",)),
    ]  # fmt: skip
    assert plan(FakeUnitOfWork(db), MIA, now_ms=NOW) == proposals  # her stores only
    created = create_planned(FakeUnitOfWork(db), ADMIN, "S001", now_ms=NOW)
    assert [c.session_id != "" for c in created] == [True, True, True]
    assert plan(FakeUnitOfWork(db), ADMIN, "S001", now_ms=NOW) == []


def test_the_policy_from_headoffice_toml_sets_classes_tolerance_and_the_plan(
    db: FakeDatabase,
) -> None:
    from common.errors import ConfigError
    from headoffice.domain.counts import count_policy

    # A covers only the first 50 % of sales value (COLA); B up to 99 % (TEA); SOAP is C.
    policy = count_policy({"a_share_bp": 5_000, "b_share_bp": 9_900, "c_bp": 200, "b_per_year": 0})
    row = create_session(FakeUnitOfWork(db), ADMIN, "S001", "full", now_ms=NOW, policy=policy,
                         blind=True)  # fmt: skip
    assert row.classes == {"COLA": "A", "TEA": "B"}
    assert (row.tolerance.c_bp, row.tolerance.a_bp, row.blind) == (200, 100, True)
    cancel_session(FakeUnitOfWork(db), ADMIN, row.session_id)
    # B counted 0 times a year: TEA is never due.
    proposals = plan(FakeUnitOfWork(db), ADMIN, "S001", now_ms=NOW, policy=policy)
    assert [(p.abc_class, p.skus) for p in proposals] == [("A", ("COLA",)), ("C", ("SOAP",))]
    for bad in ({"a_share_bp": 9_000, "b_share_bp": 100}, {"a_bp": 10_001}, {"c_per_year": -1},
                {"value_minor": "lots"}):  # fmt: skip
        with pytest.raises(ConfigError, match="counts"):
            count_policy(bad)
