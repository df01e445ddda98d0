"""Single-use coupons issued against coupon-gated promotions (coupon_tables.py).

Revision ID: 0036_coupons
Revises: 0035_redemptions
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table

revision = "0036_coupons"
down_revision = "0035_redemptions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "coupons",
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("promo_id", sa.String(100), nullable=False),
        sa.Column("campaign", sa.String(20), nullable=False),
        sa.Column("valid_until_ms", sa.BigInteger, nullable=False),
        sa.Column("issued_at_ms", sa.BigInteger, nullable=False),
        sa.Column("issued_by", sa.String(128), nullable=False),
        sa.Column("redeemed_store", sa.String(32), nullable=False, server_default=""),
        sa.Column("redeemed_key", sa.String(120), nullable=False, server_default=""),
        sa.Column("redeemed_at_ms", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("redeemed_by", sa.String(160), nullable=False, server_default=""),
        sa.Column("used_seq", sa.BigInteger, nullable=False, server_default="0"),
    )
    op.create_index("ix_coupons_promo", "coupons", ["promo_id", "issued_at_ms"])
    guard_table(op.get_bind(), "coupons")


def downgrade() -> None:
    op.drop_index("ix_coupons_promo", table_name="coupons")
    op.drop_table("coupons")
