"""Migration 0044_store_partitions: movements, journal_entries and stock_levels partitioned
by hash of store_code on PostgreSQL, on a database already in use, and back (docs/scaling.md).
On SQLite the migration leaves the tables as they are."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from alembic import command

from headoffice.store.engine import create_engine
from headoffice.store.migrations import alembic_config, current_revisions, head_revisions
from tests.conftest import create_pg_database, drop_pg_database

BEFORE = "0043_stockout_spans"
AFTER = "0044_store_partitions"
TABLES = ("journal_entries", "movements", "stock_levels")
PARTITIONS = 16
STORES = [f"S{n:03d}" for n in range(100)]  # enough that each of the 16 partitions holds some
SKUS = ("COLA", "TEA", "WATER")

ROWS = {
    "journal_entries": "SELECT store_code, seq, document_type, document_id, occurred_at_ms,"
    " received_at_ms, payload FROM journal_entries ORDER BY store_code, seq",
    "movements": "SELECT id, store_code, seq, sku, qty_base, reason, document_type, document_id,"
    " unit_cost_minor, actor, occurred_at_ms FROM movements ORDER BY id",
    "stock_levels": "SELECT store_code, sku, qty_base, avg_cost_minor, updated_at_ms"
    " FROM stock_levels ORDER BY store_code, sku",
}


def _to(engine: sa.Engine, revision: str, *, down: bool = False) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def _fill(engine: sa.Engine) -> None:
    """Each store: two journal entries, a movement per SKU in each, a level per SKU."""
    journal, moves, levels = [], [], []
    for n, store in enumerate(STORES):
        for seq in (1, 2):
            journal.append({"s": store, "seq": seq, "doc": f"{store}-{seq}", "at": 1000 + seq,
                            "payload": bytes([n, seq])})  # fmt: skip
            moves += [{"s": store, "seq": seq, "sku": sku, "q": -seq - n, "doc": f"{store}-{seq}",
                       "at": 1000 + seq} for sku in SKUS]  # fmt: skip
        levels += [{"s": store, "sku": sku, "q": -3 - 2 * n, "c": 10 + n} for sku in SKUS]
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO journal_entries (store_code, seq, document_type, document_id,"
            " occurred_at_ms, received_at_ms, payload)"
            " VALUES (:s, :seq, 'sale', :doc, :at, :at, :payload)"
        ), journal)  # fmt: skip
        conn.execute(sa.text(
            "INSERT INTO movements (store_code, seq, sku, qty_base, reason, document_type,"
            " document_id, unit_cost_minor, actor, occurred_at_ms)"
            " VALUES (:s, :seq, :sku, :q, 'sale', 'sale', :doc, 5, 'till 1', :at)"
        ), moves)  # fmt: skip
        conn.execute(sa.text(
            "INSERT INTO stock_levels (store_code, sku, qty_base, avg_cost_minor, updated_at_ms)"
            " VALUES (:s, :sku, :q, :c, 1002)"
        ), levels)  # fmt: skip


def _rows(engine: sa.Engine) -> dict[str, list[tuple[object, ...]]]:
    with engine.connect() as conn:
        return {t: [tuple(r) for r in conn.execute(sa.text(q))] for t, q in ROWS.items()}


def _partition_counts(engine: sa.Engine) -> dict[str, int]:
    """Partitioned tables among TABLES and their partitions (pg_partitioned_table, pg_inherits)."""
    with engine.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT c.relname, p.partstrat, count(i.inhrelid) FROM pg_partitioned_table p"
            " JOIN pg_class c ON c.oid = p.partrelid"
            " LEFT JOIN pg_inherits i ON i.inhparent = p.partrelid GROUP BY 1, 2"
        ))  # fmt: skip
        found = {name: (strat, int(count)) for name, strat, count in rows}
    assert all(strat == "h" for strat, _count in found.values()), found
    return {name: count for name, (_strat, count) in found.items()}


def _key(engine: sa.Engine, table: str) -> list[str]:
    return sa.inspect(engine).get_pk_constraint(table)["constrained_columns"]


def _plan(engine: sa.Engine, sql: str) -> str:
    with engine.connect() as conn:
        return "\n".join(r[0] for r in conn.execute(sa.text("EXPLAIN " + sql)))


@pytest.fixture
def pg_url(pg_admin_dsn: str) -> Iterator[str]:
    name, url = create_pg_database(pg_admin_dsn)
    try:
        yield url
    finally:
        drop_pg_database(pg_admin_dsn, name)


@pytest.mark.postgres
def test_an_existing_database_is_partitioned_with_its_rows_and_back(pg_url: str) -> None:
    engine = create_engine(pg_url)
    try:
        _to(engine, BEFORE)
        _fill(engine)
        before = _rows(engine)
        assert _partition_counts(engine) == {}

        _to(engine, AFTER)
        assert _rows(engine) == before
        assert _partition_counts(engine) == dict.fromkeys(TABLES, PARTITIONS)
        assert _key(engine, "movements") == ["store_code", "id"]
        assert _key(engine, "journal_entries") == ["store_code", "seq"]
        assert _key(engine, "stock_levels") == ["store_code", "sku"]
        with engine.connect() as conn:
            filled = conn.execute(sa.text(
                "SELECT count(DISTINCT tableoid) FROM movements"
            )).scalar_one()  # fmt: skip
        assert filled == PARTITIONS  # 100 stores spread over every partition
        # A query naming one store reads one partition; a chain-wide one reads them all.
        for table in TABLES:
            one = _plan(engine, f"SELECT * FROM {table} WHERE store_code = 'S007'")
            assert one.count(f"on {table}_p") == 1, one
            every = _plan(engine, f"SELECT * FROM {table}")
            assert every.count(f"on {table}_p") == PARTITIONS, every
        # Writing goes on as before: ids from the same sequence, the levels' upsert target.
        with engine.begin() as conn:
            new_id = conn.execute(sa.text(
                "INSERT INTO movements (store_code, seq, sku, qty_base, reason, document_type,"
                " document_id, unit_cost_minor, actor, occurred_at_ms)"
                " VALUES ('S001', 3, 'COLA', 1, 'receipt', 'delivery', 'd', 5, 'x', 2000)"
                " RETURNING id"
            )).scalar_one()  # fmt: skip
            conn.execute(sa.text(
                "INSERT INTO stock_levels VALUES ('S001', 'COLA', 7, 5, 2000)"
                " ON CONFLICT (store_code, sku) DO UPDATE SET qty_base = EXCLUDED.qty_base"
            ))  # fmt: skip
            with pytest.raises(sa.exc.IntegrityError), conn.begin_nested():
                conn.execute(sa.text(
                    "INSERT INTO journal_entries VALUES ('S001', 1, 'sale', 'again', 1, 1, '')"
                ))  # fmt: skip
        assert new_id == max(row[0] for row in before["movements"]) + 1
        after_writes = _rows(engine)

        _to(engine, BEFORE, down=True)
        assert _partition_counts(engine) == {}
        assert _rows(engine) == after_writes
        assert _key(engine, "movements") == ["id"]
        _to(engine, "heads")
        assert current_revisions(engine) == head_revisions()
        assert _rows(engine) == after_writes
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_the_roles_keep_their_privileges_on_the_rebuilt_tables(pg_url: str) -> None:
    role = f"sl_part_{uuid.uuid4().hex[:8]}"  # roles are the cluster's: one of this test's own
    engine = create_engine(pg_url)
    try:
        _to(engine, BEFORE)
        with engine.begin() as conn:
            conn.execute(sa.text(f"CREATE ROLE {role} NOLOGIN"))
            conn.execute(sa.text(f"GRANT SELECT, INSERT ON movements TO {role}"))
        _to(engine, AFTER)
        with engine.connect() as conn:
            granted = conn.execute(sa.text(
                "SELECT privilege_type FROM information_schema.role_table_grants"
                " WHERE grantee = :role AND table_name = 'movements' ORDER BY 1"
            ), {"role": role}).scalars().all()  # fmt: skip
        assert granted == ["INSERT", "SELECT"]
    finally:
        engine.dispose()
        with engine.begin() as conn:
            conn.execute(sa.text(f"DROP OWNED BY {role}"))
            conn.execute(sa.text(f"DROP ROLE {role}"))
        engine.dispose()


def test_sqlite_keeps_its_tables(tmp_path) -> None:
    """Embedded SQLite has nothing to partition: the revision changes nothing there."""
    engine = create_engine(f"sqlite:///{tmp_path / 'headoffice.db'}")
    try:
        _to(engine, BEFORE)
        _fill(engine)
        before = _rows(engine)
        with engine.connect() as conn:
            schema = conn.execute(sa.text("SELECT name, sql FROM sqlite_master ORDER BY 1")).all()
        _to(engine, AFTER)
        with engine.connect() as conn:
            assert (
                conn.execute(sa.text("SELECT name, sql FROM sqlite_master ORDER BY 1")).all()
                == schema
            )
        assert _rows(engine) == before
        assert _key(engine, "movements") == ["id"]
        _to(engine, BEFORE, down=True)
        assert _rows(engine) == before
    finally:
        engine.dispose()
