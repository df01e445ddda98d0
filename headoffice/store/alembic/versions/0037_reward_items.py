"""The chain's reward items: a SKU a member may take for points, and the reward entries
stores journaled, one per points key (reward_tables.py).

Revision ID: 0037_reward_items
Revises: 0040_member_line_money
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table

revision = "0037_reward_items"
down_revision = "0040_member_line_money"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reward_items",
        sa.Column("sku", sa.String(64), primary_key=True),
        sa.Column("points_cost", sa.BigInteger, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("changed_at_ms", sa.BigInteger, nullable=False),
        sa.Column("changed_by", sa.String(128), nullable=False),
    )
    guard_table(op.get_bind(), "reward_items")
    op.create_table(
        "reward_journal",
        sa.Column("points_key", sa.String(160), primary_key=True),
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("journal_seq", sa.BigInteger, nullable=False),
    )
    guard_table(op.get_bind(), "reward_journal")


def downgrade() -> None:
    op.drop_table("reward_journal")
    op.drop_table("reward_items")
