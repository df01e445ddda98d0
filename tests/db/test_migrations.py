import sqlalchemy as sa

from headoffice.store.engine import create_engine
from headoffice.store.migrations import current_revisions, head_revisions, migrate


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
