"""Issue 12 deliver 1 at head office: integer columns hold integers on both databases, by
migration 0013_integer_checks (triggers on SQLite, bigint's own refusal on PostgreSQL)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.engine import Engine

from common.sqlite_integers import unguarded_columns
from headoffice.store.engine import create_engine
from headoffice.store.migrations import (
    alembic_config,
    current_revisions,
    head_revisions,
    migrate,
)
from headoffice.store.tables import metadata, stock_levels


def _a_level(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            sa.insert(stock_levels).values(
                store_code="S001", sku="COLA", qty_base=5, avg_cost_minor=200, updated_at_ms=1
            )
        )


def test_every_integer_column_holds_only_integers_on_both_databases(engine: Engine) -> None:
    """SQLite: a trigger guards every integer column. PostgreSQL: every column the schema
    declares an integer is one of the server's integer types, which refuse a REAL or text
    themselves (a column left numeric or real there would not)."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            assert unguarded_columns(conn) == []
            return
        found = {
            (table, column): data_type
            for table, column, data_type in conn.execute(
                sa.text(
                    "SELECT table_name, column_name, data_type FROM information_schema.columns"
                    " WHERE table_schema = current_schema()"
                )
            )
        }
    declared = [
        (table.name, column.name)
        for table in metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, sa.Integer)
    ]
    assert len(declared) > 50
    wrong = {
        place: found.get(place)
        for place in declared
        if found.get(place) not in ("bigint", "integer", "smallint")
    }
    assert wrong == {}


def test_a_real_where_an_integer_belongs_is_refused_on_both_databases(engine: Engine) -> None:
    _a_level(engine)
    refused = (sa.exc.IntegrityError, sa.exc.DataError, sa.exc.ProgrammingError)
    bad = [
        "UPDATE stock_levels SET qty_base = qty_base + 9223372036854775807",  # overflow
        "UPDATE stock_levels SET qty_base = 1e19",
    ]
    if engine.dialect.name == "sqlite":  # PostgreSQL rounds 1.5 into bigint: still no REAL
        bad += ["UPDATE stock_levels SET qty_base = 1.5", "UPDATE stock_levels SET qty_base = 'x'"]
    for statement in bad:
        with pytest.raises(refused), engine.begin() as conn:
            conn.exec_driver_sql(statement)
    with engine.connect() as conn:
        assert conn.execute(sa.select(stock_levels.c.qty_base)).scalar_one() == 5
        # A whole REAL is stored as the integer it is (column affinity; PostgreSQL casts).
        conn.exec_driver_sql("UPDATE stock_levels SET qty_base = 6.0")
        kind = conn.execute(sa.select(stock_levels.c.qty_base)).scalar_one()
        assert kind == 6 and isinstance(kind, int)


def test_the_integer_checks_migration_runs_up_and_down_on_both_databases(db_url: str) -> None:
    migrate(db_url)
    engine = create_engine(db_url)
    try:
        config = alembic_config()
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0012_certificates")
        with engine.connect() as conn:
            assert current_revisions(engine) == {"0012_certificates"}
            if engine.dialect.name == "sqlite":
                assert unguarded_columns(conn) != []
        migrate(db_url)
        with engine.connect() as conn:
            assert current_revisions(engine) == head_revisions()
            if engine.dialect.name == "sqlite":
                assert unguarded_columns(conn) == []
    finally:
        engine.dispose()
