"""Member sales as head office applies them (issue 15): a member's sales and returns a store
and day, the points each line of a member's sale earned and was paid with, and the
stored-value debits tills made offline (headoffice.store.member_sales_tables).

Revision ID: 0034_member_sales
Revises: 0036_coupons
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table

revision = "0034_member_sales"
down_revision = "0036_coupons"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "member_sales",
        sa.Column("member_id", sa.String(16), nullable=False),
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("sales_count", sa.BigInteger, nullable=False),
        sa.Column("returns_count", sa.BigInteger, nullable=False),
        sa.Column("net_minor", sa.BigInteger, nullable=False),
        sa.Column("points_earned", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("member_id", "store_code", "day", name="pk_member_sales"),
    )
    op.create_index("ix_member_sales_store_day", "member_sales", ["store_code", "day"])
    op.create_table(
        "member_sale_lines",
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("sale_id", sa.String(64), nullable=False),
        sa.Column("line_no", sa.Integer, nullable=False),
        sa.Column("member_id", sa.String(16), nullable=False),
        sa.Column("qty", sa.BigInteger, nullable=False),
        sa.Column("earned", sa.BigInteger, nullable=False),
        sa.Column("paid_points", sa.BigInteger, nullable=False),
        sa.Column("returned_qty", sa.BigInteger, nullable=False),
        sa.Column("earn_month", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("store_code", "sale_id", "line_no", name="pk_member_sale_lines"),
    )
    op.create_table(
        "offline_debits",
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("idem_key", sa.String(100), nullable=False),
        sa.Column("member_id", sa.String(16), nullable=False),
        sa.Column("sale_id", sa.String(64), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("amount_minor", sa.BigInteger, nullable=False),
        sa.Column("taken_minor", sa.BigInteger, nullable=False),
        sa.Column("shortfall_minor", sa.BigInteger, nullable=False),
        sa.Column("allowance_minor", sa.BigInteger, nullable=False),
        sa.Column("over_allowance", sa.Boolean, nullable=False),
        sa.Column("occurred_at_ms", sa.BigInteger, nullable=False),
        sa.Column("applied_at_ms", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("store_code", "idem_key", name="pk_offline_debits"),
    )
    op.create_index("ix_offline_debits_day", "offline_debits", ["day", "store_code"])
    for table in ("member_sales", "member_sale_lines", "offline_debits"):
        guard_table(op.get_bind(), table)


def downgrade() -> None:
    op.drop_index("ix_offline_debits_day", table_name="offline_debits")
    op.drop_table("offline_debits")
    op.drop_table("member_sale_lines")
    op.drop_index("ix_member_sales_store_day", table_name="member_sales")
    op.drop_table("member_sales")
