"""A downstream event applies once: its work and the cursor commit together (on the fake)."""

from __future__ import annotations

import pytest

from common.domain.product import CatalogueProduct
from edge_agent.domain.product import CatalogueChange
from edge_agent.services.context import StoreContext
from edge_agent.services.downstream import apply_once
from tests.unit.edge_agent.fakes import FakeUnitOfWork, fake_store


def _insert(sku: str):
    def work(uow: FakeUnitOfWork) -> None:
        if uow.catalogue.find_product(sku) is not None:
            raise ValueError(f"{sku} is there already")  # as the products table's key would
        product = CatalogueProduct(sku, "x", "piece", 1, 1, "CNY")
        uow.catalogue.upsert(CatalogueChange(product, ""))

    return work


def _count(ctx: StoreContext) -> int:
    return ctx.db.committed.catalogue.product_count()  # type: ignore[attr-defined]


def _cursor(ctx: StoreContext) -> int:
    return ctx.db.committed.catalogue.downstream_cursor()  # type: ignore[attr-defined]


def test_replayed_and_stale_events_do_nothing() -> None:
    store = fake_store()
    assert apply_once(store, 5, _insert("X5"))
    assert not apply_once(store, 5, _insert("X5b"))
    assert not apply_once(store, 4, _insert("X4"))
    assert apply_once(store, 6, _insert("X6"))
    assert _count(store) == 2 and _cursor(store) == 6


def test_failed_work_leaves_the_cursor_where_it_was() -> None:
    store = fake_store()
    assert apply_once(store, 1, _insert("X1"))
    with pytest.raises(ValueError):
        apply_once(store, 2, _insert("X1"))
    assert _cursor(store) == 1
    assert apply_once(store, 2, _insert("X2"))
    assert _count(store) == 2
