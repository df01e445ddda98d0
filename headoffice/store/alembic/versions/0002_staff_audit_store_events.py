"""Staff users and roles, the hash-chained audit log, store-targeted downstream events.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("username", sa.String(64), primary_key=True),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False),
        sa.Column("created_at_ms", sa.BigInteger, nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
    )
    op.create_table(
        "user_stores",
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("username", "store_code", name="pk_user_stores"),
    )
    # The staff certificate `headoffice init` writes (CN=admin) is the first administrator.
    op.execute(
        "INSERT INTO users (username, role, disabled, created_at_ms, created_by)"
        " VALUES ('admin', 'admin', false, 0, 'headoffice init')"
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("at_ms", sa.BigInteger, nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("entity", sa.String(64), nullable=False),
        sa.Column("entity_id", sa.String(128), nullable=False),
        sa.Column("before_json", sa.Text, nullable=False),
        sa.Column("after_json", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_audit_log_entity", "audit_log", ["entity", "entity_id"])
    # One row: the newest record's id and hash. Appending locks it, so records are
    # numbered gap-free in commit order, and deleting the newest record shows.
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("last_id", sa.BigInteger, nullable=False),
        sa.Column("last_hash", sa.String(64), nullable=False),
        sa.CheckConstraint("id = 1", name="ck_audit_head_single_row"),
    )
    op.execute("INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, 0, '')")
    # The downstream feed also carries events for one store (transfers to ship,
    # expected deliveries, write-offs to commit): store_code NULL means every store.
    with op.batch_alter_table("catalogue_changes") as batch:
        batch.add_column(sa.Column("store_code", sa.String(32), nullable=True))
        batch.add_column(sa.Column("payload", sa.LargeBinary, nullable=True))
    op.create_index(
        "ix_catalogue_changes_store_cursor", "catalogue_changes", ["store_code", "cursor"]
    )


def downgrade() -> None:
    op.drop_index("ix_catalogue_changes_store_cursor", "catalogue_changes")
    with op.batch_alter_table("catalogue_changes") as batch:
        batch.drop_column("payload")
        batch.drop_column("store_code")
    op.drop_table("audit_head")
    op.drop_index("ix_audit_log_entity", "audit_log")
    op.drop_table("audit_log")
    op.drop_table("user_stores")
    op.drop_table("users")
