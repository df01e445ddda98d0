"""What a disabled store may still deliver, and what is stranded (issue 12, failure 11)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from headoffice.domain.disabled_stores import (
    check_delivered_before,
    may_deliver,
    stranded,
    written_before,
)
from headoffice.domain.errors import StoreDisabled
from headoffice.domain.roles import Staff
from headoffice.services.stores import disable_store
from headoffice.services.sync import apply_batch
from headoffice.services.verify import verify_store
from tests.unit.headoffice.fakes import FakeDatabase, FakeUnitOfWork
from tests.unit.headoffice.test_sync_refusals import sale


def test_a_disabled_store_delivers_only_what_it_wrote_before_it_was_disabled() -> None:
    entries = [sale(1), sale(2), sale(3)]  # written at 1001, 1002, 1003
    assert may_deliver(1_002, 1_001) and not may_deliver(1_002, 1_003)
    assert not may_deliver(0, 1_001)  # disabled before the time was kept: refused as before
    assert written_before(entries, 1_002) == 2
    check_delivered_before("S001", 1_003, entries)
    with pytest.raises(StoreDisabled):
        check_delivered_before("S001", 1_002, entries)


def test_stranded_names_the_entries_head_office_will_not_take() -> None:
    left = stranded(committed_seq=3, store_newest_seq=5)
    assert (left.first_seq, left.last_seq, left.count) == (4, 5, 2)
    assert stranded(3, 3).count == 0


def test_verify_of_a_disabled_store_never_says_wait_for_it_to_catch_up() -> None:
    db = FakeDatabase()
    db.seed_store("S001")
    db.seed_product("COLA", cost_minor=150)
    apply_batch(FakeUnitOfWork(db), "S001", [sale(1), sale(2)], 1_000)
    disable_store(FakeUnitOfWork(db), Staff("admin", "admin"), "S001")
    # The store reported entries up to 5 (a refused hello): 3 to 5 are stranded.
    db.tables.sync["S001"] = replace(db.tables.sync["S001"], store_newest_seq=5)
    result = verify_store(lambda: FakeUnitOfWork(db), "S001", None)
    assert not result.match and "entries 3 to 5 (3)" in result.message
    assert "catch up" not in result.message
    db.tables.sync["S001"] = replace(db.tables.sync["S001"], store_newest_seq=2)
    result = verify_store(lambda: FakeUnitOfWork(db), "S001", None)
    assert "nothing is stranded" in result.message and "catch up" not in result.message
