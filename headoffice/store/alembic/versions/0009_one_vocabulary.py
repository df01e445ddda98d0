"""One vocabulary (docs/runtime.md, "Glossary"): columns say the shop's one name.

Revision ID: 0009
Revises: 0008

store_sync.last_seq becomes committed_seq (the newest entry of a store's
journal head office has committed) and oldest_unacked_at_ms becomes
oldest_uncommitted_at_ms. Renames keep every row; journal payloads are
untouched (protobuf field numbers did not change).
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# table -> ((old column, new column), ...)
RENAMES: dict[str, tuple[tuple[str, str], ...]] = {
    "store_sync": (
        ("last_seq", "committed_seq"),
        ("oldest_unacked_at_ms", "oldest_uncommitted_at_ms"),
    ),
}


def upgrade() -> None:
    for table, columns in RENAMES.items():
        with op.batch_alter_table(table) as batch:
            for old, new in columns:
                batch.alter_column(old, new_column_name=new)


def downgrade() -> None:
    for table, columns in reversed(RENAMES.items()):
        with op.batch_alter_table(table) as batch:
            for old, new in columns:
                batch.alter_column(new, new_column_name=old)
