"""count_line_sums (each session's lines added up per SKU and round, kept as each line is
stored) on SQLite and PostgreSQL: what the lines add up to, through apply_batch in any cut
of batches, with a replayed batch and a refused one adding nothing; and the migration that
fills it from the lines of a database in use."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from headoffice.services.counts_reports import show_session
from headoffice.services.sync import apply_batch
from headoffice.store.count_tables import count_line_sums, count_lines
from headoffice.store.engine import create_engine
from headoffice.store.migrations import current_revisions, head_revisions, migrate_engine
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.test_counts import ADMIN, COUNT
from tests.db.test_migrations import _upgrade_to
from tests.journal_entries import count_line, delivery, sale

UoW = Callable[[], UnitOfWork]
_SUM_COLUMNS = [c.name for c in count_line_sums.c]


def expected_sums(lines: Iterable[Any]) -> list[tuple[Any, ...]]:
    """The rows count_line_sums should hold for these count_lines rows, by key."""
    groups: dict[tuple[str, str, int], list[Any]] = {}
    for ln in lines:
        groups.setdefault((ln.session_id, ln.sku, ln.round), []).append(ln)
    out = []
    for key, group in sorted(groups.items()):
        first = min(group, key=lambda ln: ln.seq)
        last = max(group, key=lambda ln: ln.seq)
        out.append(
            (
                *key, len(group), sum(ln.qty_base for ln in group),
                sum(bool(ln.book_mismatch) for ln in group), first.seq, first.book_qty_base,
                last.seq, last.book_qty_base, min(ln.counter for ln in group),
                min(ln.location for ln in group),
            )
        )  # fmt: skip
    return out


def _sums(engine: Engine) -> list[tuple[Any, ...]]:
    c = count_line_sums.c
    with engine.connect() as conn:
        rows = conn.execute(sa.select(count_line_sums).order_by(c.session_id, c.sku, c.round))
        return [tuple(r) for r in rows]


def _lines(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(sa.select(count_lines)))


@pytest.fixture
def stocked(uow: UoW, store: str) -> str:
    apply_batch(uow(), store, [delivery(1, [("COLA", 100, 200), ("TEA", 50, 100)])], now_ms=2_000)
    return store


@pytest.mark.parametrize("cut", [0, 3, 7])
def test_the_sums_are_the_lines_added_up_replays_and_refusals_adding_nothing(
    uow: UoW, engine: Engine, stocked: str, cut: int
) -> None:
    if cut:
        apply_batch(uow(), stocked, COUNT[:cut], now_ms=3_000)
        # the same batch again: duplicates, applied once
        assert apply_batch(uow(), stocked, COUNT[:cut], now_ms=3_050).applied == 0
    # a batch head office refuses (the rest, then a sale of a SKU it does not know) stores
    # no line and adds nothing, though its count lines came first
    refused = [*COUNT[cut:], sale(12, "NOPE", 1)]
    with pytest.raises(Exception, match="NOPE"):
        apply_batch(uow(), stocked, refused, now_ms=3_060)
    apply_batch(uow(), stocked, COUNT[cut:], now_ms=3_100)
    assert apply_batch(uow(), stocked, COUNT, now_ms=3_200).applied == 0
    lines = _lines(engine)
    assert len(lines) == 4
    found = _sums(engine)
    assert found == expected_sums(lines)
    # COLA: two lines (60 at A-1 by cai, book 95; 30 at B-1 by dan, book 92)
    assert ("cs-1", "COLA", 0, 2, 90, 0, 4, 95, 6, 92, "cai", "A-1") in found
    report = show_session(uow(), ADMIN, "cs-1")
    assert report.lines == 4 and [r.counted_qty_base for r in report.results] == [90, 48]


def test_a_recount_round_and_a_later_line_before_an_earlier_one_add_up_alike(
    uow: UoW, engine: Engine, stocked: str
) -> None:
    """Lines of a later round go to a row of their own; a line stored after a later one
    (another batch) still becomes the round's first."""
    apply_batch(uow(), stocked, COUNT[:1], now_ms=3_000)
    apply_batch(uow(), stocked, [
        count_line(3, "cs-1", "TEA", 40, book=50, location="B-2", counter="zed"),
        count_line(4, "cs-1", "TEA", 2, book=50, location="A-1", counter="amy", round_no=1),
        count_line(5, "cs-1", "TEA", 3, book=50, location="C-1", counter="bea", round_no=1),
    ], now_ms=3_100)  # fmt: skip
    with UnitOfWork(engine) as work:
        (earlier,) = [ln for ln in work.counts.lines("cs-1") if ln.seq == 3]
        work.counts.insert_line(
            earlier.__class__(
                **{**earlier.__dict__, "seq": 1, "line_id": "early", "book_qty_base": 7}
            )
        )
        work.commit()  # fmt: skip
    found = _sums(engine)
    assert found == expected_sums(_lines(engine))
    assert found == [
        ("cs-1", "TEA", 0, 2, 80, 0, 1, 7, 3, 50, "zed", "B-2"),
        ("cs-1", "TEA", 1, 2, 5, 0, 4, 50, 5, 50, "amy", "A-1"),
    ]


def test_the_migration_fills_the_sums_from_the_lines_of_a_database_in_use(db_url: str) -> None:
    engine = create_engine(db_url)
    try:
        _upgrade_to(engine, "0024_sales_rollups")
        rows = [
            dict(store_code="S001", seq=seq, session_id=session, line_id=f"l{seq}", sku=sku,
                 scanned_code="", location=place, qty_base=qty, reason="", round=rnd,
                 counter=who, store_book_qty_base=book, book_qty_base=book + off,
                 book_mismatch=bool(off), occurred_at_ms=seq)
            for seq, session, sku, place, qty, rnd, who, book, off in [
                (5, "cs-a", "COLA", "b-1", 4, 0, "dan", 10, 0),
                (3, "cs-a", "COLA", "a-1", 6, 0, "eve", 12, 1),
                (9, "cs-a", "COLA", "a-2", 1, 1, "amy", 11, 0),
                (4, "cs-a", "", "", 2, 0, "dan", 0, 0),
                (7, "cs-b", "TEA", "a-1", -1, 0, "amy", 3, 0),
            ]
        ]  # fmt: skip
        with engine.begin() as conn:
            for row in rows:  # the columns of 0016_stocktake's count_lines
                conn.execute(
                    sa.text(
                        f"INSERT INTO count_lines ({', '.join(row)})"
                        f" VALUES ({', '.join(':' + k for k in row)})"
                    ),
                    row,
                )
        migrate_engine(engine)
        assert current_revisions(engine) == head_revisions()
        found = _sums(engine)
        assert found == expected_sums(_lines(engine))
        assert ("cs-a", "COLA", 0, 2, 10, 1, 3, 13, 5, 10, "dan", "a-1") in found
    finally:
        engine.dispose()
