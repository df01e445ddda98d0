"""The accuracy report on SQLite and PostgreSQL: sessions posted through apply_batch at two
stores over two weeks, with sales between them; figures worked out by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import pytest

from common.certs import KeyPair
from common.pb.storeledger.v1 import ledger_pb2
from headoffice.domain.accuracy import CHAIN, OTHERS, accuracy_report
from headoffice.domain.errors import PermissionRefused
from headoffice.domain.roles import Staff
from headoffice.services.counts_reports import accuracy
from headoffice.services.stores import add_store
from headoffice.services.sync import apply_batch
from headoffice.store.unit_of_work import UnitOfWork
from tests.journal_entries import count_line, count_posting, count_session_event, delivery, sale

UoW = Callable[[], UnitOfWork]
MIA = Staff("mia", "store_manager", frozenset({"S001"}))
ADMIN = Staff("admin", "admin")


def ms(day: int, month: int = 12, hour: int = 10) -> int:
    return int(dt.datetime(2026, month, day, hour, tzinfo=dt.UTC).timestamp()) * 1000


W49, W50 = ms(1), ms(8)  # Tuesdays of ISO weeks 49 and 50 of 2026


def at(entry: ledger_pb2.JournalEntry, when: int) -> ledger_pb2.JournalEntry:
    entry.occurred_at_ms = when
    return entry


def posted(
    seq: int, session: str, lines: Sequence[tuple[str, int, int, int]], when: int
) -> list[ledger_pb2.JournalEntry]:
    """A session opened, counted, submitted and posted: (sku, book, counted, cost) per line."""
    entries = [count_session_event(seq, session, "opened", skus=[x[0] for x in lines])]
    entries += [
        count_line(seq + 1 + n, session, sku, counted, book=book)
        for n, (sku, book, counted, _cost) in enumerate(lines)
    ]
    entries.append(count_session_event(seq + 1 + len(lines), session, "submitted"))
    entries.append(count_posting(seq + 2 + len(lines), session, list(lines)))
    return [at(e, when + n) for n, e in enumerate(entries)]


@pytest.fixture
def chain(uow: UoW, store: str, ca: KeyPair) -> None:
    add_store(uow(), ca, "S002", "Riverside", "127.0.0.1:1", now_ms=1_000)
    stock = [("COLA", 100, 200), ("TEA", 50, 100)]
    # S001, week 49: sells 5 COLA (1,000 at cost); counts COLA 100 -> 98 (-400), TEA right.
    # S001, week 50: sells 10 TEA (1,000 at cost); counts TEA 40 -> 43 (+300).
    s001 = [delivery(1, stock), at(sale(2, "COLA", 5), W49 - 3_600_000)]
    s001 += posted(3, "cs-1", [("COLA", 95, 93, 200), ("TEA", 50, 50, 100)], W49)
    s001 += [at(sale(8, "TEA", 10), W50 - 3_600_000)]
    s001 += posted(9, "cs-2", [("TEA", 40, 43, 100)], W50)
    apply_batch(uow(), "S001", s001, now_ms=W50 + 60_000)
    # S002, week 49: sells 20 COLA (4,000 at cost); counts COLA 80 -> 79 (-200).
    s002 = [delivery(1, stock), at(sale(2, "COLA", 20), W49 - 3_600_000)]
    s002 += posted(3, "cs-3", [("COLA", 80, 79, 200)], W49)
    apply_batch(uow(), "S002", s002, now_ms=W50 + 60_000)


SINCE = ms(30, 11, 0)  # Monday 2026-11-30, the start of week 49


def test_the_chains_figures_worked_out_by_hand(uow: UoW, chain: None) -> None:
    report = accuracy(uow(), ADMIN, SINCE)
    c = report.chain
    # 4 SKUs counted, 1 within (TEA in cs-1); lost 400 + 200, gained 300; sales 2,000 + 4,000.
    assert (c.accuracy.counted, c.accuracy.within, c.accuracy_bp) == (4, 1, 2_500)
    assert (c.loss_minor, c.gain_minor, c.sales_minor, c.shrink_sales_bp) == (
        -600,
        300,
        6_000,
        1_000,
    )
    assert c.accuracy.by_class == {"A": (0, 0), "B": (0, 0), "C": (4, 1)}
    assert [(x.key, x.loss_minor, x.counts) for x in c.top_skus] == [("COLA", -600, 2)]
    s1, s2 = report.stores
    assert (s1.store_code, s1.accuracy_bp, s1.loss_minor, s1.sales_minor) == (
        "S001",
        3_333,
        -400,
        2_000,
    )
    assert s1.shrink_sales_bp == 2_000  # 400 of 2,000
    assert (s2.store_code, s2.accuracy_bp, s2.loss_minor, s2.sales_minor) == (
        "S002",
        0,
        -200,
        4_000,
    )
    assert s2.shrink_sales_bp == 500
    periods = [(f.period, f.store_code, f.accuracy.counted, f.loss_minor, f.gain_minor,
                f.sales_minor) for f in report.periods]  # fmt: skip
    assert periods == [
        ("2026-W49", "", 3, -600, 0, 5_000),
        ("2026-W49", "S001", 2, -400, 0, 1_000),
        ("2026-W49", "S002", 1, -200, 0, 4_000),
        ("2026-W50", "", 1, 0, 300, 1_000),
        ("2026-W50", "S001", 1, 0, 300, 1_000),
    ]


def test_the_sums_give_the_report_the_facts_give(uow: UoW, chain: None) -> None:
    for bucket, shown in (("day", 10), ("week", 2), ("week", 1), ("month", 1)):
        got = accuracy(uow(), ADMIN, SINCE, bucket=bucket, top_n=3, max_shown=shown)
        with uow() as work:
            facts = work.counts.count_facts(None, SINCE)
            sales = work.accuracy.sales_by_period(None, SINCE, bucket)
        whole = {"S001": 2_000, "S002": 4_000}
        assert got == accuracy_report(
            facts, whole, bucket=bucket, period_sales_minor=sales, top_n=3, max_shown=shown
        )


def test_stores_not_shown_are_added_up_and_one_store_shows_its_whole_series(
    uow: UoW, chain: None
) -> None:
    # One store shown at most: neither is (the chain is the one line), both are the others.
    report = accuracy(uow(), ADMIN, SINCE, max_shown=1)
    assert len(report.stores) == 2 and report.others_count() == 2
    periods = [(f.period, f.store_code, f.accuracy.counted, f.loss_minor, f.gain_minor,
                f.sales_minor) for f in report.periods]  # fmt: skip
    assert periods == [
        ("2026-W49", CHAIN, 3, -600, 0, 5_000),
        ("2026-W49", OTHERS, 3, -600, 0, 5_000),
        ("2026-W50", CHAIN, 1, 0, 300, 1_000),
        ("2026-W50", OTHERS, 1, 0, 300, 1_000),
    ]
    # One store asked for: its whole series, whatever the limit.
    one = accuracy(uow(), ADMIN, SINCE, store_code="S001", max_shown=1)
    assert [(f.period, f.store_code) for f in one.periods] == [
        ("2026-W49", CHAIN), ("2026-W49", "S001"), ("2026-W50", CHAIN), ("2026-W50", "S001"),
    ]  # fmt: skip
    assert [f.loss_minor for f in one.series("S001")] == [-400, 0]


def test_a_store_manager_sees_only_their_stores(uow: UoW, chain: None) -> None:
    mine = accuracy(uow(), MIA, SINCE)
    assert [f.store_code for f in mine.stores] == ["S001"]
    assert (mine.chain.accuracy.counted, mine.chain.loss_minor, mine.chain.sales_minor) == (
        3, -400, 2_000,
    )  # fmt: skip
    assert [x.key for x in mine.chain.top_skus] == ["COLA"]
    assert mine.chain.top_skus[0].loss_minor == -400  # S002's COLA loss is not theirs
    with pytest.raises(PermissionRefused):
        accuracy(uow(), MIA, SINCE, store_code="S002")
    one = accuracy(uow(), ADMIN, SINCE, store_code="S002")
    assert [f.store_code for f in one.stores] == ["S002"]


def test_since_leaves_out_what_was_posted_and_sold_before(uow: UoW, chain: None) -> None:
    later = accuracy(uow(), ADMIN, ms(7, 12, 0))
    c = later.chain
    assert (c.accuracy.counted, c.loss_minor, c.gain_minor, c.sales_minor) == (1, 0, 300, 1_000)
    assert [f.store_code for f in later.stores] == ["S001"]
    assert accuracy(uow(), ADMIN, ms(9, 12, 0)).stores == ()


def test_a_posting_in_parts_counts_every_part(uow: UoW, chain: None) -> None:
    entries = posted(7, "cs-4", [("TEA", 40, 40, 100), ("COLA", 70, 68, 200)], W50)
    whole = entries.pop()  # the posting, split in two entries of one line each
    for part, (seq, lines) in enumerate(
        ((11, [("TEA", 40, 40, 100)]), (12, [("COLA", 70, 68, 200)])), start=1
    ):
        entry = at(count_posting(seq, "cs-4", lines), whole.occurred_at_ms)
        entry.count_posting.part, entry.count_posting.parts = part, 2
        entries.append(entry)
    apply_batch(uow(), "S002", entries, now_ms=W50 + 120_000)
    s2 = {f.store_code: f for f in accuracy(uow(), ADMIN, SINCE).stores}["S002"]
    # cs-3 (COLA, -200) and both parts of cs-4 (TEA right, COLA -400).
    assert (s2.accuracy.counted, s2.accuracy.within, s2.loss_minor) == (3, 1, -600)
