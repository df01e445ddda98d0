"""Stocktake at head office on SQLite and PostgreSQL: real store batches through apply_batch
(count sessions, count lines between sales of the same SKU, a posting), head office's own
book at each line's journal position, the posting moving the levels, verify still matching;
and the use cases (create, overlap, approve, cancel, plan) on the same databases."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from common.errors import InvalidInput, PermissionDenied, Refused
from common.pb.storeledger.v1 import ledger_pb2, stocktake_pb2
from headoffice.api.messages.downstream import feed_event
from headoffice.domain.counts import S_ORDERED
from headoffice.domain.errors import PermissionRefused, UnknownProduct, UnknownStore
from headoffice.domain.roles import Staff
from headoffice.services.counts import (
    approve_session,
    cancel_session,
    create_planned,
    create_session,
    get_session,
)
from headoffice.services.counts_reports import accuracy, plan, show_session, variance_rows
from headoffice.services.sync import apply_batch
from headoffice.services.verify import verify_report
from headoffice.store.count_tables import count_lines, count_results, count_sessions
from headoffice.store.downstream_repo import DownstreamRepository
from headoffice.store.levels_repo import LevelsRepository
from headoffice.store.unit_of_work import UnitOfWork
from tests.journal_entries import count_line, count_posting, count_session_event, delivery, sale

UoW = Callable[[], UnitOfWork]
MIA = Staff("mia", "store_manager", frozenset({"S001"}))
LEO = Staff("leo", "store_manager", frozenset({"S001"}))
OLA = Staff("ola", "store_manager", frozenset({"S002"}))
ADMIN = Staff("admin", "admin")

# The store's journal after its delivery (seq 1): COLA 100 at 200, TEA 50 at 100. A count
# of both, each line between sales of the same SKU, so every line's book differs from the
# level at the batch's end; then submitted.
COUNT = [
    count_session_event(2, "cs-1", "opened", skus=["COLA", "TEA"]),
    sale(3, "COLA", 5),  # COLA 95
    count_line(4, "cs-1", "COLA", 60, book=95, location="A-1"),
    sale(5, "COLA", 3),  # COLA 92
    count_line(6, "cs-1", "COLA", 30, book=92, location="B-1", counter="dan"),
    sale(7, "COLA", 2),  # COLA 90
    count_line(8, "cs-1", "TEA", 48, book=50, location="A-1"),
    sale(9, "TEA", 1),  # TEA 49
    count_line(10, "cs-1", "", 2, book=0, scanned_code="6900000000017"),
    count_session_event(11, "cs-1", "submitted"),
]
# COLA: counted 60 + 30 = 90 against the book at its last line (92): -2 at 200; moved -3.
# TEA: counted 48 against 50: -2 at 100.
POSTING = count_posting(12, "cs-1", [("COLA", 92, 90, 200), ("TEA", 50, 48, 100)], moved=[-3, 0])


@pytest.fixture
def stocked(uow: UoW, store: str) -> str:
    apply_batch(uow(), store, [delivery(1, [("COLA", 100, 200), ("TEA", 50, 100)])], now_ms=2_000)
    return store


def _books(engine: Engine) -> list[tuple[int, str, int, int, bool]]:
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(
                count_lines.c.seq,
                count_lines.c.sku,
                count_lines.c.store_book_qty_base,
                count_lines.c.book_qty_base,
                count_lines.c.book_mismatch,
            ).order_by(count_lines.c.seq)
        ).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def _levels(engine: Engine, store: str = "S001") -> dict[str, int]:
    with engine.connect() as conn:
        return LevelsRepository(conn).levels(store)


def _orders(engine: Engine, store: str = "S001") -> list[stocktake_pb2.CountOrder]:
    with engine.connect() as conn:
        items = DownstreamRepository(conn).feed_after(store, 0, 1_000).items
    events = [feed_event(i) for i in items if i.event_payload is not None]
    return [e.count_order for e in events if e.WhichOneof("kind") == "count_order"]


def _apply_in(uow: UoW, store: str, entries: Sequence[ledger_pb2.JournalEntry], cut: int) -> None:
    if cut:
        apply_batch(uow(), store, entries[:cut], now_ms=3_000)
    apply_batch(uow(), store, entries[cut:], now_ms=3_100)


@pytest.mark.parametrize("cut", [0, 3, 7])
def test_head_office_computes_each_lines_book_at_its_position_whatever_the_batches(
    uow: UoW, engine: Engine, stocked: str, cut: int
) -> None:
    _apply_in(uow, stocked, COUNT, cut)
    assert _levels(engine) == {"COLA": 90, "TEA": 49}
    # The book head office computed is the store's at each line's position, not the level.
    assert _books(engine) == [
        (4, "COLA", 95, 95, False),
        (6, "COLA", 92, 92, False),
        (8, "TEA", 50, 50, False),
        (10, "", 0, 0, False),
    ]
    report = show_session(uow(), ADMIN, "cs-1")
    assert report.session.state == "submitted" and report.session.submitted_seq == 11
    cola, tea = report.results
    assert (cola.sku, cola.book_qty_base, cola.counted_qty_base, cola.variance_qty_base) == (
        "COLA", 92, 90, -2,
    )  # fmt: skip
    assert (cola.moved_qty_base, cola.value_minor, cola.locations) == (
        -3, -400, (("A-1", 60), ("B-1", 30)),
    )  # fmt: skip
    assert (tea.variance_qty_base, tea.value_minor) == (-2, -200)
    assert (report.totals.loss_minor, report.totals.gain_minor, report.totals.net_minor) == (
        -600, 0, -600,
    )  # fmt: skip
    assert [ln.scanned_code for ln in report.unknown_barcodes] == ["6900000000017"]
    assert report.not_counted == [] and report.book_mismatches == 0


def test_a_session_with_selling_locations_takes_each_books_at_its_last_line_there(
    uow: UoW, engine: Engine, stocked: str
) -> None:
    """The shelf is counted (60 of 100), the till sells 5 from it, the backroom is counted
    (40): 100 were there when counted, so the book at the shelf's line is the one to use."""
    apply_batch(uow(), stocked, [
        count_session_event(2, "cs-1", "opened", skus=["COLA"], selling_locations=["floor"]),
        count_line(3, "cs-1", "COLA", 60, book=100, location="floor-2"),
        sale(4, "COLA", 5),
        count_line(5, "cs-1", "COLA", 40, book=95, location="backroom"),
        count_session_event(6, "cs-1", "submitted"),
        count_posting(7, "cs-1", [("COLA", 100, 100, 200)], moved=[-5]),
    ], now_ms=3_000)  # fmt: skip
    session = get_session(uow(), ADMIN, "cs-1")
    assert (session.selling_locations, session.state, session.anomaly) == (
        ("floor",), "posted", "",
    )  # fmt: skip
    [cola] = show_session(uow(), ADMIN, "cs-1").results
    assert (cola.book_qty_base, cola.variance_qty_base, cola.moved_qty_base) == (100, 0, -5)
    assert _levels(engine) == {"COLA": 95, "TEA": 50}


def test_a_store_book_that_differs_from_head_offices_is_flagged_not_refused(
    uow: UoW, engine: Engine, stocked: str
) -> None:
    entries = [
        count_session_event(2, "cs-1", "opened", skus=["COLA"]),
        sale(3, "COLA", 5),
        count_line(4, "cs-1", "COLA", 95, book=97),  # the store says 97; the ledger says 95
    ]
    apply_batch(uow(), stocked, entries, now_ms=3_000)
    assert _books(engine) == [(4, "COLA", 97, 95, True)]
    report = show_session(uow(), ADMIN, "cs-1")
    assert report.book_mismatches == 1
    # Head office's figures use its own book: 95 counted against 95.
    assert report.results[0].variance_qty_base == 0


def test_the_posting_moves_the_levels_writes_the_results_and_verify_still_matches(
    uow: UoW, engine: Engine, stocked: str
) -> None:
    apply_batch(uow(), stocked, COUNT, now_ms=3_000)
    apply_batch(uow(), stocked, [POSTING], now_ms=3_500)
    assert _levels(engine) == {"COLA": 88, "TEA": 47}
    session = get_session(uow(), ADMIN, "cs-1")
    assert (session.state, session.posted_seq, session.approved_by, session.anomaly) == (
        "posted", 12, "leo", "",
    )  # fmt: skip
    with engine.connect() as conn:
        rows = conn.execute(sa.select(count_results).order_by(count_results.c.sku)).all()
    got = [
        (r.sku, r.category_code, r.book_qty_base, r.counted_qty_base, r.variance_qty_base,
         r.value_minor, r.moved_qty_base, r.posted_seq, r.store_code)
        for r in rows
    ]  # fmt: skip
    assert got == [
        ("COLA", "test", 92, 90, -2, -400, -3, 12, "S001"),
        ("TEA", "test", 50, 48, -2, -200, 0, 12, "S001"),
    ]
    result = verify_report(uow(), stocked, 12, {"COLA": 88, "TEA": 47})
    assert result.match, result.message
    # Replayed, the posting is a duplicate: nothing moves twice.
    apply_batch(uow(), stocked, [POSTING], now_ms=3_600)
    assert _levels(engine) == {"COLA": 88, "TEA": 47}


def test_the_accuracy_report_reads_the_posted_results(
    uow: UoW, engine: Engine, stocked: str
) -> None:
    apply_batch(uow(), stocked, COUNT, now_ms=3_000)
    apply_batch(uow(), stocked, [POSTING], now_ms=3_500)
    report = accuracy(uow(), MIA, since_ms=0, store_code="S001")
    chain = report.chain
    assert (chain.accuracy.counted, chain.accuracy.within, chain.loss_minor) == (2, 0, -600)
    assert [(loss.key, loss.loss_minor) for loss in chain.top_skus] == [
        ("COLA", -400), ("TEA", -200),
    ]  # fmt: skip
    assert accuracy(uow(), ADMIN, since_ms=10_000).chain.accuracy.counted == 0  # posted before
    with pytest.raises(PermissionRefused):
        accuracy(uow(), OLA, since_ms=0, store_code="S001")


def test_a_posting_that_disagrees_with_head_offices_lines_is_recorded_on_the_session(
    uow: UoW, engine: Engine, stocked: str
) -> None:
    apply_batch(uow(), stocked, COUNT, now_ms=3_000)
    wrong = count_posting(12, "cs-1", [("COLA", 95, 90, 200), ("TEA", 50, 48, 100)])
    apply_batch(uow(), stocked, [wrong], now_ms=3_500)
    session = get_session(uow(), ADMIN, "cs-1")
    assert session.state == "posted" and "COLA" in session.anomaly
    assert _levels(engine) == {"COLA": 85, "TEA": 47}  # the store's ledger is the fact


def test_a_session_created_at_head_office_reaches_the_store_and_opens_from_its_journal(
    uow: UoW, engine: Engine, stocked: str
) -> None:
    row = create_session(uow(), MIA, "S001", "skus", skus=["TEA", "COLA"], title="Drinks",
                         selling_locations=["floor", "A-"])  # fmt: skip
    assert (row.state, row.scope.skus, row.origin) == (S_ORDERED, ("COLA", "TEA"), "head_office")
    (order,) = _orders(engine)
    assert (order.session_id, order.action, list(order.scope.skus), order.title) == (
        row.session_id, "open", ["COLA", "TEA"], "Drinks",
    )  # fmt: skip
    assert list(order.selling_locations) == ["A-", "floor"]
    # Overlapping the session (still open) is refused and changes nothing.
    with pytest.raises(Refused, match="COLA"):
        create_session(uow(), ADMIN, "S001", "skus", skus=["COLA"])
    # The store opens it: head office's ordered session is now open.
    opened = count_session_event(2, row.session_id, "opened", skus=["COLA", "TEA"],
                                 origin="head_office")  # fmt: skip
    apply_batch(uow(), stocked, [opened], now_ms=3_000)
    assert get_session(uow(), ADMIN, row.session_id).state == "open"
    assert len(_orders(engine)) == 1


def test_bad_requests_are_refused_with_a_sentence_and_change_nothing(
    uow: UoW, engine: Engine, stocked: str
) -> None:
    def snapshot() -> tuple[object, ...]:
        with engine.connect() as conn:
            found = (
                conn.execute(sa.select(sa.func.count()).select_from(count_sessions)).scalar(),
                conn.execute(sa.text("SELECT last_id FROM audit_head")).scalar(),
            )
        return (*found, len(_orders(engine)))

    before = snapshot()
    with pytest.raises(UnknownStore):
        create_session(uow(), ADMIN, "S009", "full")
    with pytest.raises(PermissionRefused):
        create_session(uow(), OLA, "S001", "full")
    with pytest.raises(UnknownProduct):
        create_session(uow(), ADMIN, "S001", "skus", skus=["NOPE"])
    with pytest.raises(InvalidInput, match="at the store"):
        create_session(uow(), ADMIN, "S001", "location", locations=["A-"])
    with pytest.raises(InvalidInput):
        create_session(uow(), ADMIN, "S001", "category")
    assert snapshot() == before


def test_approval_waits_for_recounts_refuses_the_counter_and_sends_the_store_the_order(
    uow: UoW, engine: Engine, stocked: str
) -> None:
    entries = [
        count_session_event(2, "cs-1", "opened", skus=["COLA"]),
        count_line(3, "cs-1", "COLA", 90, book=100, counter="mia"),  # -10 %: outside ±5 %
        count_session_event(4, "cs-1", "submitted"),
    ]
    apply_batch(uow(), stocked, entries, now_ms=3_000)
    with pytest.raises(Refused, match="recount"):
        approve_session(uow(), LEO, "cs-1")
    recount = [
        count_session_event(5, "cs-1", "recount", recount_skus=["COLA"], round_no=1),
        count_line(6, "cs-1", "COLA", 91, book=100, counter="dan", round_no=1),
        count_session_event(7, "cs-1", "submitted"),
    ]
    apply_batch(uow(), stocked, recount, now_ms=3_100)
    report = show_session(uow(), ADMIN, "cs-1")
    assert (report.results[0].round, report.results[0].recount_needed) == (1, False)
    with pytest.raises(PermissionDenied, match="dan"):
        approve_session(uow(), Staff("dan", "admin"), "cs-1")
    approved = approve_session(uow(), LEO, "cs-1")  # -9 x 200 = 1,800 in all: one approver
    assert approved.approved_by == "leo"
    (order,) = [o for o in _orders(engine) if o.action == "approve"]
    assert (order.session_id, order.by, order.second_by) == ("cs-1", "leo", "")
    with pytest.raises(Refused, match="already"):
        approve_session(uow(), ADMIN, "cs-1")


def test_a_large_variance_needs_a_second_approver(uow: UoW, engine: Engine, stocked: str) -> None:
    entries = [
        count_session_event(2, "cs-1", "opened", skus=["COLA"]),
        count_line(3, "cs-1", "COLA", 700, book=100, counter="cai"),  # +600 x 200 = 120,000
        count_session_event(4, "cs-1", "submitted"),
        count_session_event(5, "cs-1", "recount", recount_skus=["COLA"], round_no=1),
        count_line(6, "cs-1", "COLA", 700, book=100, counter="dan", round_no=1),
        count_session_event(7, "cs-1", "submitted"),
    ]
    apply_batch(uow(), stocked, entries, now_ms=3_000)
    first = approve_session(uow(), LEO, "cs-1")
    assert (first.state, first.first_approver, first.approved_by) == ("approving", "leo", "")
    assert _orders(engine) == []  # nothing goes to the store on one approval
    with pytest.raises(PermissionDenied, match="leo"):
        approve_session(uow(), LEO, "cs-1")
    second = approve_session(uow(), MIA, "cs-1")
    assert (second.approved_by, second.second_approved_by) == ("leo", "mia")
    (order,) = _orders(engine)
    assert (order.action, order.by, order.second_by) == ("approve", "leo", "mia")


def test_cancel_plan_and_create_planned(uow: UoW, engine: Engine, stocked: str) -> None:
    apply_batch(uow(), stocked, [sale(2, "COLA", 10), sale(3, "TEA", 1)], now_ms=3_000)
    proposals = plan(uow(), ADMIN, "S001", now_ms=10_000)
    assert [(p.abc_class, p.skus) for p in proposals] == [("A", ("COLA",)), ("C", ("TEA",))]
    created = create_planned(uow(), ADMIN, "S001", now_ms=10_000)
    assert all(p.session_id for p in created) and len(created) == 2
    assert plan(uow(), ADMIN, "S001", now_ms=10_000) == []  # both are being counted
    cancelled = cancel_session(uow(), ADMIN, created[0].session_id)
    assert cancelled.state == "cancelled"
    assert [o.action for o in _orders(engine)] == ["open", "open", "cancel"]
    with pytest.raises(Refused, match="cancelled"):
        cancel_session(uow(), ADMIN, created[0].session_id)
    rows = variance_rows(show_session(uow(), ADMIN, created[1].session_id), "category")
    assert rows == []


class _CommitFails(UnitOfWork):
    """The real unit of work whose commit fails once, as a dropped connection would: the
    transaction rolls back with everything the batch did."""

    def commit(self) -> None:
        raise OSError("connection lost at commit")


def test_a_book_mismatch_rolled_back_and_replayed_is_counted_once(
    engine: Engine, uow: UoW, stocked: str
) -> None:
    from headoffice.services import count_effects

    batch = [
        count_session_event(2, "cs-1", "opened", skus=["TEA"]),
        count_line(3, "cs-1", "TEA", 48, book=49),  # head office's book is 50
    ]
    before = count_effects.BOOK_MISMATCHES[stocked]
    with pytest.raises(OSError):
        apply_batch(_CommitFails(engine), stocked, batch, now_ms=3_000)
    assert count_effects.BOOK_MISMATCHES[stocked] == before  # nothing was kept
    assert _books(engine) == []
    apply_batch(uow(), stocked, batch, now_ms=4_000)  # the store sends it again
    assert count_effects.BOOK_MISMATCHES[stocked] == before + 1
    assert _books(engine) == [(3, "TEA", 49, 50, True)]


def test_a_line_after_the_session_closed_or_for_no_session_is_kept_and_flagged(
    uow: UoW, engine: Engine, stocked: str
) -> None:
    entries = [
        count_session_event(2, "cs-1", "opened", skus=["COLA", "TEA"]),
        count_line(3, "cs-1", "COLA", 100, book=100),
        count_line(4, "cs-9", "COLA", 100, book=100),  # head office holds no cs-9
        count_session_event(5, "cs-1", "cancelled"),
        count_line(6, "cs-1", "TEA", 50, book=50),
    ]
    apply_batch(uow(), stocked, entries, now_ms=3_000)
    assert [seq for seq, *_ in _books(engine)] == [3, 4, 6]  # the store's facts, all kept
    session = get_session(uow(), ADMIN, "cs-1")
    assert (session.state, session.anomaly) == (
        "cancelled",
        "entry 6: a count line while cancelled",
    )
    assert get_session_or_none(uow, "cs-9") is None


def get_session_or_none(uow: UoW, session_id: str) -> object:
    with uow() as u:
        return u.counts.get(session_id)


def test_a_line_racing_a_close_waits_for_it_and_is_flagged(
    uow: UoW, engine: Engine, stocked: str
) -> None:
    """The line's batch locks the session's row as the close does (state_of, FOR UPDATE on
    PostgreSQL; SQLite's one writer), so it reads the closed state, not the one before."""
    apply_batch(uow(), stocked, [count_session_event(2, "cs-1", "opened", skus=["COLA"])])
    done: list[object] = []
    line = threading.Thread(
        target=lambda: done.append(
            apply_batch(uow(), stocked, [count_line(3, "cs-1", "COLA", 100, book=100)])
        )
    )
    with uow() as closing:
        before = closing.counts.get("cs-1", lock=True)
        assert before is not None and before.state == "open"
        line.start()
        if engine.dialect.name == "postgresql":
            _wait_for_a_lock_wait(engine)
        closing.counts.update(before.with_(state="cancelled"))
        closing.commit()
    line.join(30)
    assert not line.is_alive() and len(done) == 1
    session = get_session(uow(), ADMIN, "cs-1")
    assert session.anomaly == "entry 3: a count line while cancelled"


def _wait_for_a_lock_wait(engine: Engine) -> None:
    """Until another backend of this database waits for a lock (bounded). A connection per
    look: pg_stat_activity is a snapshot taken once per transaction."""
    waiting = sa.text(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    deadline = time.monotonic() + 20
    while True:
        with engine.connect() as conn:
            if conn.execute(waiting).scalar_one():
                return
        assert time.monotonic() < deadline, "the count line never waited for the session"
        time.sleep(0.02)
