"""On real SQLite: a downstream event's work and its cursor commit or roll back together."""

from __future__ import annotations

import sqlite3

import pytest

from common.domain.product import CatalogueProduct
from edge_agent.domain.product import CatalogueChange
from edge_agent.services.context import StoreContext
from edge_agent.services.downstream import apply_once
from edge_agent.store.unit_of_work import UnitOfWork


def _insert(sku: str):
    def work(uow: UnitOfWork) -> None:
        uow.catalogue.upsert(CatalogueChange(CatalogueProduct(sku, "x", "piece", 1, 1, "CNY"), ""))
        uow.catalogue.upsert(CatalogueChange(CatalogueProduct(sku, "x", "piece", 1, 1, "CNY"), "",
                                             ("6901234567892",)))  # fmt: skip
        if sku.endswith("!"):
            raise sqlite3.IntegrityError("the work failed half way")

    return work


def _state(ctx: StoreContext) -> tuple[int, int]:
    with ctx.db.read() as uow:
        return uow.catalogue.downstream_cursor(), uow.catalogue.product_count()


def test_failed_work_leaves_the_cursor_and_the_catalogue_as_they_were(
    store: StoreContext,
) -> None:
    cursor, products = _state(store)
    assert apply_once(store, cursor + 1, _insert("X1"))
    assert _state(store) == (cursor + 1, products + 1)
    with pytest.raises(sqlite3.IntegrityError):
        apply_once(store, cursor + 2, _insert("X2!"))
    assert _state(store) == (cursor + 1, products + 1)
    assert not apply_once(store, cursor + 1, _insert("X3"))
    assert _state(store) == (cursor + 1, products + 1)
