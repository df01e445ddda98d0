"""The in-memory unit of work behaves like a transaction: what tests built on it rely on."""

from __future__ import annotations

import pytest

from headoffice.domain.costing import StockPosition
from tests.unit.headoffice.fakes import DuplicateKey, FakeDatabase, FakeUnitOfWork


def test_work_is_kept_only_when_committed() -> None:
    db = FakeDatabase()
    uow = FakeUnitOfWork(db)
    with uow:
        uow.stores.insert_store("S001", "Main Street", 1)
        uow.levels.upsert_levels("S001", {"COLA": StockPosition(5, 100)}, 1)
        assert uow.stores.get_store("S001") is not None
    assert db.tables.stores == {} and db.levels_of("S001") == {}
    with uow:
        uow.stores.insert_store("S001", "Main Street", 1)
        uow.commit()
        uow.levels.upsert_levels("S001", {"COLA": StockPosition(5, 100)}, 1)
    assert list(db.tables.stores) == ["S001"] and db.levels_of("S001") == {}
    assert uow.commits == 1


def test_an_exception_rolls_back_and_a_second_unit_sees_only_committed_work() -> None:
    db = FakeDatabase()
    db.seed_store("S001")
    with pytest.raises(DuplicateKey), FakeUnitOfWork(db) as uow:
        uow.stores.set_disabled("S001", True)
        uow.stores.insert_store("S001", "again", 2)
    with FakeUnitOfWork(db) as other:
        store = other.stores.get_store("S001")
        assert store is not None and not store.disabled


def test_identities_keep_counting_across_transactions_like_a_sequence() -> None:
    db = FakeDatabase()
    db.seed_store("S001")
    uow = FakeUnitOfWork(db)
    with uow:
        first = uow.transfers.insert_transfer("S001", "S002", [("COLA", 1)], "amy", 1)
        uow.commit()
    with uow:
        second = uow.transfers.insert_transfer("S001", "S002", [("TEA", 1)], "amy", 2)
        uow.commit()
    assert (first, second) == (1, 2)
