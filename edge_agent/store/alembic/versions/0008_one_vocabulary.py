"""One vocabulary (docs/runtime.md, "Glossary"): the ledger's columns say the shop's one name.

Revision ID: 0008
Revises: 0007

sync_state.acked_seq becomes committed_seq: the newest entry head office has
committed, the name the protos, head office and the CLI use. A rename keeps
every row; the journal's payloads are untouched (protobuf field numbers did not
change, so entries written before still decode).
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# (table, old column, new column)
RENAMES = (("sync_state", "acked_seq", "committed_seq"),)


def upgrade() -> None:
    for table, old, new in RENAMES:
        op.execute(f"ALTER TABLE {table} RENAME COLUMN {old} TO {new}")


def downgrade() -> None:
    for table, old, new in reversed(RENAMES):
        op.execute(f"ALTER TABLE {table} RENAME COLUMN {new} TO {old}")
