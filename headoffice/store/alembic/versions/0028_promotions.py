"""Promotion definitions: one row per offer, ended but never deleted (promotion_tables.py).

Revision ID: 0028_promotions
Revises: 0031_entitlements_points
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table

revision = "0028_promotions"
down_revision = "0031_entitlements_points"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "promotions",
        sa.Column("promo_id", sa.String(100), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("stage", sa.String(8), nullable=False),
        sa.Column("definition", sa.Text, nullable=False),
        sa.Column("created_by", sa.String(128), nullable=False),
        sa.Column("created_at_ms", sa.BigInteger, nullable=False),
        sa.Column("ended_by", sa.String(128), nullable=False, server_default=""),
        sa.Column("ended_at_ms", sa.BigInteger, nullable=True),
    )
    op.create_index("ix_promotions_created", "promotions", ["created_at_ms"])
    guard_table(op.get_bind(), "promotions")


def downgrade() -> None:
    op.drop_index("ix_promotions_created", table_name="promotions")
    op.drop_table("promotions")
