"""Stored value (issue 15 item 2): each member's two buckets and the append-only ledger.

Revision ID: 0030_stored_value
Revises: 0029_members
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table

revision = "0030_stored_value"
down_revision = "0029_members"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "stored_value_accounts",
        sa.Column("member_no", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("principal_minor", sa.BigInteger, nullable=False),
        sa.Column("bonus_minor", sa.BigInteger, nullable=False),
        sa.Column("topped_principal_minor", sa.BigInteger, nullable=False),
        sa.Column("topped_bonus_minor", sa.BigInteger, nullable=False),
        sa.Column("updated_at_ms", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "stored_value_entries",
        sa.Column("entry_id", BigId, primary_key=True, autoincrement=True),
        sa.Column("member_no", sa.BigInteger, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("idem_key", sa.String(100), nullable=False),
        sa.Column("amount_minor", sa.BigInteger, nullable=False),
        sa.Column("principal_minor", sa.BigInteger, nullable=False),
        sa.Column("bonus_minor", sa.BigInteger, nullable=False),
        sa.Column("payout_minor", sa.BigInteger, nullable=False),
        sa.Column("ref_entry_id", sa.BigInteger, nullable=False),
        sa.Column("created_at_ms", sa.BigInteger, nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
    )
    op.create_index(
        "ux_stored_value_entries_key",
        "stored_value_entries",
        ["store_code", "idem_key"],
        unique=True,
    )
    op.create_index(
        "ix_stored_value_entries_member", "stored_value_entries", ["member_no", "entry_id"]
    )
    op.create_index("ix_stored_value_entries_at", "stored_value_entries", ["created_at_ms"])
    if op.get_bind().dialect.name == "sqlite":
        for table in ("stored_value_accounts", "stored_value_entries"):
            guard_table(op.get_bind(), table)


def downgrade() -> None:
    op.drop_table("stored_value_entries")
    op.drop_table("stored_value_accounts")
