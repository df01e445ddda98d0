import sqlalchemy as sa
from alembic import command

from headoffice.store.engine import create_engine
from headoffice.store.migrations import (
    alembic_config,
    current_revisions,
    head_revisions,
    migrate,
    migrate_engine,
)
from headoffice.store.tables import metadata, store_sync


def test_migrations_create_the_schema_and_are_idempotent(db_url: str) -> None:
    migrate(db_url)
    migrate(db_url)
    engine = create_engine(db_url)
    try:
        tables = set(sa.inspect(engine).get_table_names())
        assert {
            "stores",
            "products",
            "barcodes",
            "catalogue_changes",
            "store_sync",
            "journal_entries",
            "movements",
            "stock_levels",
            "users",
            "user_stores",
            "audit_log",
            "audit_head",
        } <= tables
        assert current_revisions(engine) == head_revisions()
        pk = sa.inspect(engine).get_pk_constraint("journal_entries")
        assert pk["constrained_columns"] == ["store_code", "seq"]
    finally:
        engine.dispose()


def test_the_migrated_schema_has_the_columns_the_tables_name(db_url: str) -> None:
    """Each table's columns, as the migrations leave them, are the ones tables.py names."""
    migrate(db_url)
    engine = create_engine(db_url)
    try:
        inspector = sa.inspect(engine)
        for table in metadata.sorted_tables:
            migrated = {c["name"] for c in inspector.get_columns(table.name)}
            assert migrated == {c.name for c in table.columns}, table.name
    finally:
        engine.dispose()


def _upgrade_to(engine: sa.Engine, revision: str) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def test_one_vocabulary_renames_keep_the_rows_of_a_database_in_use(db_url: str) -> None:
    """0009 renames columns to the glossary's names (docs/runtime.md) on a database with data."""
    engine = create_engine(db_url)
    try:
        _upgrade_to(engine, "0008")
        with engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO stores (code, name, disabled, created_at_ms)"
                    " VALUES ('S001', 'Main Street', false, 1)"
                )
            )
            conn.execute(
                sa.text(
                    "INSERT INTO store_sync (store_code, last_seq, store_newest_seq,"
                    " oldest_unacked_at_ms, last_contact_ms, agent_version, checksum_seq,"
                    " checksum_hex, connected) VALUES ('S001', 7, 9, 1234, 5678, '0.1', 7, 'ab',"
                    " false)"
                )
            )
        migrate_engine(engine)
        assert current_revisions(engine) == head_revisions()
        with engine.connect() as conn:
            row = conn.execute(
                sa.select(
                    store_sync.c.committed_seq,
                    store_sync.c.store_newest_seq,
                    store_sync.c.oldest_uncommitted_at_ms,
                    store_sync.c.last_contact_ms,
                )
            ).one()
        assert tuple(row) == (7, 9, 1234, 5678)
    finally:
        engine.dispose()
