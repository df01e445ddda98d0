"""The schema rules that keep head office distributable by store (docs/scaling.md).

A table holding per-store rows (it has a store_code column) can become a Citus table
distributed by store_code only if every primary and unique key includes store_code, and
a foreign key between two such tables can be kept only if it includes store_code on both
sides. The rules are read from the schema itself: tables.py's metadata (every module of
headoffice/store that defines tables), and the catalog of a PostgreSQL database the
migrations built, where journal_entries, movements and stock_levels are also partitioned
by hash of store_code (migration 0044_store_partitions).

EXCEPTIONS lists the tables that break a rule today, each with the reason and what
Citus would need; docs/scaling.md carries the same list as part of the plan. A new
per-store table follows the rules or adds its line here with a reason; a line whose table
has come to follow the rules fails the test until it is removed.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

import headoffice.store
from headoffice.store.tables import metadata
from tests.conftest import clone_pg_database, drop_pg_database

STORE = "store_code"
PARTITIONED = ("journal_entries", "movements", "stock_levels")

# Table -> why its key does not hold store_code (the same list is in docs/scaling.md).
EXCEPTIONS: dict[str, str] = {
    # Chain-wide documents and runs: one row concerns several stores, or the chain.
    "channel_conflicts": "a conflict between two stores' claims on one online order is the "
    "chain's to resolve: a coordinator (local) table under Citus",
    "downstream_events": "the feed's cursor is one chain-wide order and a row with no store "
    "goes to every store: a coordinator table; a store's stream reads it by (store_code, cursor)",
    "replenish_lines": "a replenishment run plans for many stores at once (run_no, line_no): "
    "a coordinator table, like the run itself",
    "voucher_differences": "a voucher reconciliation run is the chain's against a platform "
    "(run_id, line_no): a coordinator table",
    # Member ledgers: a member shops in every store; the store is where, not whose.
    "entitlement_uses": "a member's entitlement, used in any store, is keyed by its use and "
    "idempotency key: member tables stay on the coordinator (or distribute by member_id)",
    "reward_journal": "points earned by a member (points_key) in any store: a member table",
    "stored_value_entries": "a member's stored-value ledger is keyed by entry_id, debited in any "
    "store (its idempotency key already holds store_code): a member table",
    # Documents numbered chain-wide: Citus would need the key (store_code, number).
    "channel_reservations": "an online order's reservation is numbered chain-wide and unique per "
    "(channel, idempotency_key) from the channel; distributed, the key becomes "
    "(store_code, id) and the channel's key is checked on the coordinator",
    "channel_reservation_lines": "lines of channel_reservations, keyed by its chain-wide id",
    "count_sessions": "stocktake sessions are numbered chain-wide (session_id); distributed, "
    "the key becomes (store_code, session_id)",
    "count_results": "results of a count_sessions row, keyed by its chain-wide session_id",
    "count_result_sums": "sums of a count_sessions row, keyed by its chain-wide session_id",
    "purchase_orders": "purchase orders are numbered chain-wide (po_no), the number printed for "
    "the supplier; distributed, the key becomes (store_code, po_no)",
    "stock_state_changes": "changes of a channel's stock states numbered chain-wide (id), read "
    "in that order by the channel feed; distributed, the key becomes (store_code, id)",
    "voucher_redemptions": "redemptions are numbered chain-wide (id) and reconciled chain-wide; "
    "the store's own key (store_code, request_id) already holds the store",
    "write_offs": "write-offs are numbered chain-wide (write_off_id), shown to staff; "
    "distributed, the key becomes (store_code, write_off_id)",
}


@dataclass(frozen=True)
class Shape:
    """One table's keys as a schema states them."""

    columns: frozenset[str]
    keys: tuple[tuple[str, ...], ...]  # the primary key, then every unique key
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...]  # cols, table, cols


def _metadata_shapes() -> dict[str, Shape]:
    for module in pkgutil.iter_modules(headoffice.store.__path__):
        if module.name == "tables" or module.name.endswith(("_tables", "_table")):
            importlib.import_module(f"headoffice.store.{module.name}")
    shapes = {}
    for table in metadata.sorted_tables:
        keys = [tuple(c.name for c in table.primary_key.columns)]
        keys += [
            tuple(c.name for c in constraint.columns)
            for constraint in table.constraints
            if isinstance(constraint, sa.UniqueConstraint)
        ]
        keys += [tuple(c.name for c in index.columns) for index in table.indexes if index.unique]
        keys += [(c.name,) for c in table.columns if c.unique]
        fks = tuple(
            (
                tuple(e.parent.name for e in fk.elements),
                fk.elements[0].column.table.name,
                tuple(e.column.name for e in fk.elements),
            )
            for fk in table.foreign_key_constraints
        )
        shapes[table.name] = Shape(frozenset(table.columns.keys()), tuple(keys), fks)
    return shapes


def _catalog_shapes(engine: Engine) -> dict[str, Shape]:
    inspector = sa.inspect(engine)
    with engine.connect() as conn:
        partitions = set(
            conn.execute(
                sa.text("SELECT relname FROM pg_class WHERE relispartition AND relkind = 'r'")
            ).scalars()
        )
    shapes = {}
    for name in inspector.get_table_names():
        if name in partitions or name == "alembic_version":
            continue
        keys = [tuple(inspector.get_pk_constraint(name)["constrained_columns"])]
        keys += [tuple(u["column_names"]) for u in inspector.get_unique_constraints(name)]
        keys += [tuple(i["column_names"]) for i in inspector.get_indexes(name) if i["unique"]]
        fks = tuple(
            (tuple(f["constrained_columns"]), f["referred_table"], tuple(f["referred_columns"]))
            for f in inspector.get_foreign_keys(name)
        )
        columns = frozenset(c["name"] for c in inspector.get_columns(name))
        shapes[name] = Shape(columns, tuple(keys), fks)
    return shapes


def _breaches(shapes: dict[str, Shape]) -> dict[str, list[str]]:
    """Per table, the rules it breaks."""
    found: dict[str, list[str]] = {}
    for name, shape in shapes.items():
        if STORE not in shape.columns:
            continue
        problems = [f"key {key} lacks {STORE}" for key in shape.keys if key and STORE not in key]
        for columns, referred, referred_columns in shape.foreign_keys:
            if STORE in shapes.get(referred, shape).columns and not (
                STORE in columns and STORE in referred_columns
            ):
                problems.append(f"foreign key {columns} -> {referred}{referred_columns}")
        if problems:
            found[name] = problems
    return found


def _check(shapes: dict[str, Shape]) -> None:
    breaches = _breaches(shapes)
    unexplained = {t: p for t, p in breaches.items() if t not in EXCEPTIONS}
    assert not unexplained, (
        "per-store tables whose keys do not hold store_code (docs/scaling.md, schema rules): "
        f"{unexplained}; add store_code to the key, or an exception with its reason"
    )
    stale = sorted(t for t in EXCEPTIONS if t not in breaches)
    assert not stale, f"these tables follow the rules now: remove their exceptions: {stale}"


def test_the_tables_metadata_follows_the_schema_rules() -> None:
    shapes = _metadata_shapes()
    _check(shapes)
    for name in PARTITIONED:
        assert shapes[name].keys[0][0] == STORE, name


def test_the_rules_catch_a_key_and_a_foreign_key_without_the_store() -> None:
    """The checker itself: a per-store table keyed by a chain-wide id, a line table joined
    to its store document by that id alone."""
    shapes = {
        "docs": Shape(frozenset({STORE, "id"}), (("id",),), ()),
        "lines": Shape(
            frozenset({STORE, "doc_id", "n"}),
            ((STORE, "doc_id", "n"),),
            ((("doc_id",), "docs", ("id",)),),
        ),
        "stores": Shape(frozenset({"code"}), (("code",),), ()),
    }
    assert _breaches(shapes) == {
        "docs": ["key ('id',) lacks store_code"],
        "lines": ["foreign key ('doc_id',) -> docs('id',)"],
    }


@pytest.fixture
def pg_migrated_url(pg_admin_dsn: str, pg_template: str) -> Iterator[str]:
    """A PostgreSQL database at the newest schema (SQLite's schema is checked by the metadata)."""
    name, url = clone_pg_database(pg_admin_dsn, pg_template)
    try:
        yield url
    finally:
        drop_pg_database(pg_admin_dsn, name)


@pytest.mark.postgres
def test_the_migrated_postgresql_schema_follows_the_rules(pg_migrated_url: str) -> None:
    engine = sa.create_engine(pg_migrated_url)
    try:
        shapes = _catalog_shapes(engine)
        _check(shapes)
        with engine.connect() as conn:
            partitioned = conn.execute(
                sa.text(
                    "SELECT c.relname, p.partstrat, a.attname FROM pg_partitioned_table p"
                    " JOIN pg_class c ON c.oid = p.partrelid"
                    " JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]"
                    " ORDER BY 1"
                )
            ).all()
        assert [tuple(r) for r in partitioned] == [(t, "h", STORE) for t in PARTITIONED]
    finally:
        engine.dispose()
