"""Stocktake's effects on the in-memory unit of work: head office's own book at each count
line's position, sessions following the store's events, postings recorded against head
office's lines; every surprise is recorded on the session, never raised. tests/db proves
the same path in SQL."""

from __future__ import annotations

import pytest

from common.domain import stocktake as st
from headoffice.domain.counts import S_ORDERED, CountSession
from headoffice.services import count_effects
from headoffice.services.effects import EFFECTS
from headoffice.services.sync import apply_batch
from tests.journal_entries import count_line, count_posting, count_session_event, delivery, sale
from tests.unit.headoffice.fakes import FakeDatabase, FakeUnitOfWork


@pytest.fixture
def db() -> FakeDatabase:
    db = FakeDatabase()
    db.seed_store("S001")
    for sku in ("COLA", "TEA"):
        db.seed_product(sku, category="drinks/soft")
    apply_batch(FakeUnitOfWork(db), "S001", [delivery(1, [("COLA", 100, 200), ("TEA", 50, 100)])])
    return db


def test_the_three_kinds_have_their_effects() -> None:
    assert EFFECTS["count_session"].run is count_effects.on_count_session
    assert EFFECTS["count_line"].run is count_effects.on_count_line
    assert EFFECTS["count_posting"].run is count_effects.on_count_posting


def test_each_lines_book_is_head_offices_at_its_position_not_the_level(db: FakeDatabase) -> None:
    apply_batch(FakeUnitOfWork(db), "S001", [
        count_session_event(2, "cs-1", "opened", skus=["COLA"]),
        sale(3, "COLA", 5),
        count_line(4, "cs-1", "COLA", 60, book=95),
        sale(5, "COLA", 3),
        count_line(6, "cs-1", "COLA", 30, book=91),  # the store says 91; its ledger says 92
        sale(7, "COLA", 2),
    ])  # fmt: skip
    lines = db.tables.count_lines
    assert [(ln.seq, ln.store_book_qty_base, ln.book_qty_base, ln.book_mismatch)
            for ln in lines.values()] == [(4, 95, 95, False), (6, 91, 92, True)]  # fmt: skip
    assert count_effects.BOOK_MISMATCHES["S001"] >= 1
    assert db.levels_of("S001")["COLA"] == 90


def test_a_session_follows_the_stores_events_and_records_what_it_did_not_expect(
    db: FakeDatabase,
) -> None:
    apply_batch(FakeUnitOfWork(db), "S001", [
        count_session_event(2, "cs-1", "opened", skus=["COLA"], classes=[("COLA", "A")]),
        count_session_event(3, "cs-1", "recount", recount_skus=["COLA"], round_no=1),
    ])  # fmt: skip
    row = db.tables.count_sessions["cs-1"]
    # A recount of an open session breaks the rules; the store's journal is the fact.
    assert (row.state, row.round, row.recount_skus, row.classes) == (
        "recount", 1, ("COLA",), {"COLA": "A"},
    )  # fmt: skip
    assert row.anomaly == "entry 3: event recount while open"
    apply_batch(FakeUnitOfWork(db), "S001", [
        count_session_event(4, "cs-1", "submitted"),
        count_session_event(5, "cs-404", "submitted"),  # a session head office never saw
        count_line(6, "cs-404", "COLA", 1, book=100),
    ])  # fmt: skip
    assert db.tables.count_sessions["cs-1"].state == "submitted"
    assert "cs-404" not in db.tables.count_sessions
    assert db.tables.count_lines[("S001", 6)].session_id == "cs-404"
    actions = [r.action for r in db.tables.audit if r.entity == "count_session"]
    assert actions == ["count.opened", "count.recount", "count.submitted"]


def test_an_ordered_session_opens_when_the_store_journals_it(db: FakeDatabase) -> None:
    ordered = CountSession(
        "cs-ho", "S001", "head_office", S_ORDERED, st.Scope("skus", skus=("TEA",)),
        created_by="bea", created_at_ms=500,
    )  # fmt: skip
    db.tables.count_sessions["cs-ho"] = ordered
    apply_batch(FakeUnitOfWork(db), "S001", [
        count_session_event(2, "cs-ho", "opened", skus=["TEA"], origin="head_office"),
    ])  # fmt: skip
    row = db.tables.count_sessions["cs-ho"]
    assert (row.state, row.origin, row.created_by, row.opened_seq, row.anomaly) == (
        "open", "head_office", "bea", 2, "",
    )  # fmt: skip


def test_a_posting_writes_results_closes_the_session_and_moves_stock_once(
    db: FakeDatabase,
) -> None:
    entries = [
        count_session_event(2, "cs-1", "opened", skus=["COLA", "TEA"]),
        sale(3, "COLA", 5),
        count_line(4, "cs-1", "COLA", 93, book=95),
        count_line(5, "cs-1", "TEA", 50, book=50),
        count_session_event(6, "cs-1", "submitted"),
        count_posting(7, "cs-1", [("COLA", 95, 93, 200), ("TEA", 50, 50, 100)]),
    ]
    apply_batch(FakeUnitOfWork(db), "S001", entries)
    apply_batch(FakeUnitOfWork(db), "S001", entries)  # a replay: duplicates, nothing runs
    row = db.tables.count_sessions["cs-1"]
    assert (row.state, row.posted_seq, row.approved_by, row.anomaly) == ("posted", 7, "leo", "")
    results = db.tables.count_results
    assert sorted((r.sku, r.variance_qty_base, r.value_minor, r.category_code)
                  for r in results.values()) == [
        ("COLA", -2, -400, "drinks/soft"), ("TEA", 0, 0, "drinks/soft"),
    ]  # fmt: skip
    assert db.levels_of("S001") == {"COLA": 93, "TEA": 50}


def test_a_posting_unlike_head_offices_count_is_recorded_not_refused(db: FakeDatabase) -> None:
    apply_batch(FakeUnitOfWork(db), "S001", [
        count_session_event(2, "cs-1", "opened", skus=["COLA"]),
        count_line(3, "cs-1", "COLA", 98, book=100),
        count_session_event(4, "cs-1", "submitted"),
        count_posting(5, "cs-1", [("COLA", 100, 90, 200)]),  # head office counted 98
    ])  # fmt: skip
    row = db.tables.count_sessions["cs-1"]
    assert row.state == "posted"
    assert row.anomaly == "entry 5: posted lines differ from head office's count: COLA"
    assert db.levels_of("S001")["COLA"] == 90


def test_a_book_mismatch_is_a_prometheus_counter(db: FakeDatabase) -> None:
    from prometheus_client import CollectorRegistry, generate_latest

    from headoffice.api.metrics import CountBookMismatches

    registry = CollectorRegistry()
    registry.register(CountBookMismatches())
    before = count_effects.BOOK_MISMATCHES["S001"]
    apply_batch(FakeUnitOfWork(db), "S001", [
        count_session_event(2, "cs-1", "opened", skus=["TEA"]),
        count_line(3, "cs-1", "TEA", 50, book=49),
    ])  # fmt: skip
    text = generate_latest(registry).decode()
    assert f'storeledger_count_book_mismatches_total{{store="S001"}} {before + 1}.0' in text


def test_a_posting_in_parts_closes_on_its_last_and_names_a_sku_no_part_posted(
    db: FakeDatabase,
) -> None:
    first = count_posting(6, "cs-1", [("COLA", 100, 98, 200)])
    first.count_posting.part, first.count_posting.parts = 1, 2
    second = count_posting(7, "cs-1", [])
    second.document_id = "cs-1-post-2"
    second.count_posting.part, second.count_posting.parts = 2, 2
    apply_batch(FakeUnitOfWork(db), "S001", [
        count_session_event(2, "cs-1", "opened", skus=["COLA", "TEA"]),
        count_line(3, "cs-1", "COLA", 98, book=100),
        count_line(4, "cs-1", "TEA", 49, book=50),
        count_session_event(5, "cs-1", "submitted"),
        first,
    ])  # fmt: skip
    row = db.tables.count_sessions["cs-1"]
    assert (row.state, row.anomaly) == ("submitted", "")  # part 1 of 2: still open
    apply_batch(FakeUnitOfWork(db), "S001", [second])
    row = db.tables.count_sessions["cs-1"]
    assert row.state == "posted"
    assert row.anomaly == "entry 7: posted lines differ from head office's count: TEA"


def test_any_split_of_the_journal_into_batches_gives_the_same_books_and_results() -> None:
    from headoffice.services.counts_reports import session_report

    journal = [
        delivery(1, [("COLA", 100, 200), ("TEA", 50, 100)]),
        count_session_event(2, "cs-1", "opened", skus=["COLA", "TEA"]),
        sale(3, "COLA", 5),
        count_line(4, "cs-1", "COLA", 60, book=95, location="A-1"),
        sale(5, "COLA", 3),
        count_line(6, "cs-1", "COLA", 30, book=92, location="B-1"),
        sale(7, "TEA", 2),
        count_line(8, "cs-1", "TEA", 47, book=48),
        sale(9, "COLA", 1),
        count_session_event(10, "cs-1", "submitted"),
    ]
    seen = set()
    for cut_a in range(1, len(journal)):
        for cut_b in range(cut_a, len(journal) + 1):
            db = FakeDatabase()
            db.seed_store("S001")
            for sku in ("COLA", "TEA"):
                db.seed_product(sku)
            for part in (journal[:cut_a], journal[cut_a:cut_b], journal[cut_b:]):
                if part:
                    apply_batch(FakeUnitOfWork(db), "S001", part)
            lines = tuple((ln.seq, ln.book_qty_base, ln.book_mismatch)
                          for ln in db.tables.count_lines.values())  # fmt: skip
            uow = FakeUnitOfWork(db)
            with uow:
                found = session_report(uow, db.tables.count_sessions["cs-1"]).results
            seen.add((lines, tuple((r.sku, r.book_qty_base, r.variance_qty_base,
                                    r.moved_qty_base) for r in found)))  # fmt: skip
    assert seen == {(
        ((4, 95, False), (6, 92, False), (8, 48, False)),
        (("COLA", 92, -2, -3), ("TEA", 48, -1, 0)),
    )}  # fmt: skip
