"""A downstream event applies once: its work and the cursor commit together."""

from __future__ import annotations

import sqlite3

import pytest

from edge_agent.services.context import StoreContext
from edge_agent.services.downstream import apply_once
from edge_agent.store import catalogue
from tests.edge.conftest import store as store  # noqa: F401 - the fixture


def _count(ctx: StoreContext) -> int:
    with ctx.db.read() as conn:
        return int(conn.execute("SELECT count(*) FROM products WHERE sku LIKE 'X%'").fetchone()[0])


def _insert(sku: str):
    def work(conn: sqlite3.Connection) -> None:
        conn.execute(
            "INSERT INTO products (sku, name, unit, price_minor, cost_minor, currency, active)"
            " VALUES (?, 'x', 'piece', 1, 1, 'CNY', 1)",
            (sku,),
        )

    return work


def _cursor(ctx: StoreContext) -> int:
    with ctx.db.read() as conn:
        return catalogue.catalogue_cursor(conn)


def test_replayed_and_stale_events_do_nothing(store: StoreContext) -> None:
    c = _cursor(store)
    assert apply_once(store, c + 5, _insert("X5"))
    assert not apply_once(store, c + 5, _insert("X5b"))
    assert not apply_once(store, c + 4, _insert("X4"))
    assert apply_once(store, c + 6, _insert("X6"))
    assert _count(store) == 2 and _cursor(store) == c + 6


def test_failed_work_leaves_the_cursor_where_it_was(store: StoreContext) -> None:
    c = _cursor(store)
    assert apply_once(store, c + 1, _insert("X1"))
    with pytest.raises(sqlite3.IntegrityError):
        apply_once(store, c + 2, _insert("X1"))
    assert _cursor(store) == c + 1
    assert apply_once(store, c + 2, _insert("X2"))
