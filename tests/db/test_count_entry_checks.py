"""Head office checks a store's stocktake entries before applying them, on SQLite and
PostgreSQL: each bad count session event, count line or posting refuses its batch with a
sentence naming the store, the entry and the field, and nothing of the batch is applied."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.engine import Engine

from common.pb.storeledger.v1 import ledger_pb2
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.test_entry_checks import refused
from tests.journal_entries import count_line, count_posting, count_session_event, key_items_set

UoW = Callable[[], UnitOfWork]
ADJUSTMENT = ledger_pb2.MOVEMENT_REASON_ADJUSTMENT


def _opened(**changes: object) -> ledger_pb2.JournalEntry:
    entry = count_session_event(3, "cs-1", "opened", skus=["COLA"])
    for name, value in changes.items():
        setattr(entry.count_session, name, value)
    return entry


def _line(**changes: object) -> ledger_pb2.JournalEntry:
    entry = count_line(3, "cs-1", "COLA", 5, book=9)
    for name, value in changes.items():
        setattr(entry.count_line, name, value)
    return entry


def _posting_with(change: Callable[[ledger_pb2.JournalEntry], None]) -> ledger_pb2.JournalEntry:
    entry = count_posting(3, "cs-1", [("COLA", 9, 7, 200)])
    change(entry)
    return entry


def _wrong_variance(e: ledger_pb2.JournalEntry) -> None:
    e.count_posting.lines[0].variance_qty_base = -3


def _wrong_value(e: ledger_pb2.JournalEntry) -> None:
    e.count_posting.lines[0].value_minor = -401


def _wrong_movement(e: ledger_pb2.JournalEntry) -> None:
    e.movements[0].qty_base = -1


def _missing_movement(e: ledger_pb2.JournalEntry) -> None:
    del e.movements[:]


def _wrong_cost(e: ledger_pb2.JournalEntry) -> None:
    e.count_posting.lines[0].counted_qty_base = 11
    e.count_posting.lines[0].variance_qty_base = 2
    e.count_posting.lines[0].value_minor = 400
    e.movements[0].qty_base = 2
    e.movements[0].unit_cost_minor = 150


@pytest.mark.parametrize(
    ("bad", "code", "words"),
    [
        (_opened(event="closed"), "body_mismatch", "count session's event 'closed'"),
        (_opened(origin="somewhere"), "body_mismatch", "count session's origin"),
        (_opened(session_id=""), "body_mismatch", "count session's session_id is empty"),
        (_line(qty_base=-2), "qty_out_of_range", "needs a reason"),
        (_line(qty_base=10**9), "qty_out_of_range", "count line's qty_base"),
        (_line(book_qty_base=10**9), "level_out_of_range", "count line's book_qty_base"),
        (_line(sku="NOPE"), "unknown_sku", "'NOPE'"),
        (_line(counter=""), "body_mismatch", "count line's counter is empty"),
        (_line(sku="", scanned_code=""), "body_mismatch", "neither a sku nor the scanned_code"),
        (_posting_with(_wrong_variance), "body_mismatch", "variance_qty_base of COLA is -3"),
        (_posting_with(_wrong_value), "body_mismatch", "value_minor of COLA is -401"),
        (_posting_with(_wrong_movement), "body_mismatch", "movements move -1 base units of COLA"),
        (_posting_with(_missing_movement), "body_mismatch", "movements move 0 base units of COLA"),
        (_posting_with(_wrong_cost), "body_mismatch", "at 150 minor units where its line says 200"),
        (key_items_set(3, ["COLA"], origin="moon"), "body_mismatch",
         "the key items' origin is 'moon'; it must be one of store, headoffice"),
        (key_items_set(3, ["COLA", "NOPE"]), "unknown_sku", "'NOPE'"),
        (key_items_set(3, ["COLA", "COLA"]), "body_mismatch",
         "key item COLA is listed more than once"),
        (key_items_set(3, ["COLA", ""]), "body_mismatch", "the key items hold an empty SKU"),
        (key_items_set(3, ["COLA"], by=""), "body_mismatch", "key items' by is empty"),
    ],
    ids=[
        "event", "origin", "session-id", "negative-line-without-reason", "qty", "book",
        "unknown-sku", "counter", "no-sku-no-code", "variance", "value", "movement-qty",
        "missing-movement", "movement-cost", "key-items-origin", "key-items-unknown-sku",
        "key-items-twice", "key-items-empty-sku", "key-items-by",
    ],
)  # fmt: skip
def test_a_bad_count_entry_refuses_its_batch_with_a_sentence(
    uow: UoW, engine: Engine, store: str, bad: ledger_pb2.JournalEntry, code: str, words: str
) -> None:
    error = refused(uow, engine, store, bad)
    assert error.code == code
    assert "store S001 entry 3 was refused" in str(error) and words in str(error)


def test_good_count_entries_pass_the_same_checks(uow: UoW, engine: Engine, store: str) -> None:
    from headoffice.services.sync import apply_batch
    from tests.db.conftest import delivery

    entries = [
        delivery(1, [("COLA", 9, 200)]),
        count_session_event(2, "cs-1", "opened", skus=["COLA"]),
        count_line(3, "cs-1", "COLA", 5, book=9),
        count_line(4, "cs-1", "COLA", -1, book=9, reason="double scan"),
        count_line(5, "cs-1", "", 1, book=0, scanned_code="123"),
        count_session_event(6, "cs-1", "submitted"),
        count_posting(7, "cs-1", [("COLA", 9, 4, 200)]),
    ]
    apply_batch(uow(), store, entries, now_ms=5_000)
    with UnitOfWork(engine) as u:
        assert u.levels.levels(store) == {"COLA": 4}
