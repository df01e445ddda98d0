import sqlalchemy as sa

from headoffice.store.engine import create_engine
from headoffice.store.migrations import current_revision, head_revision, migrate


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
        } <= tables
        assert current_revision(engine) == head_revision()
        pk = sa.inspect(engine).get_pk_constraint("journal_entries")
        assert pk["constrained_columns"] == ["store_code", "seq"]
    finally:
        engine.dispose()
