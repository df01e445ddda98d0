"""The count tolerance each store was sent, and the key items head office set for each
store (headoffice/services/count_policy.py, count_key_items.py).

Revision ID: 0020_count_tolerance_sent
Revises: 0018_sales_day_rollup

A store's own count sessions (pos count start, a handover's spot count) open with the
chain's tolerance from [counts] in headoffice.toml, sent down the store's stream as a
CountPolicy when the store connects and was not sent the current one. A store's key
items (what an incoming cashier counts at a handover) set with `hoctl count key-items
set` are kept in count_key_items and sent down as a KeyItemsOrder.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table

revision = "0020_count_tolerance_sent"
down_revision = "0018_sales_day_rollup"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "count_tolerance_sent",
        sa.Column("store_code", sa.String(32), primary_key=True),
        sa.Column("a_bp", sa.BigInteger, nullable=False),
        sa.Column("b_bp", sa.BigInteger, nullable=False),
        sa.Column("c_bp", sa.BigInteger, nullable=False),
        sa.Column("value_minor", sa.BigInteger, nullable=False),
        sa.Column("second_approval_minor", sa.BigInteger, nullable=False),
    )
    guard_table(op.get_bind(), "count_tolerance_sent")
    op.create_table(
        "count_key_items",
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("set_by", sa.String(64), nullable=False),
        sa.Column("set_at_ms", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("store_code", "position", name="pk_count_key_items"),
    )
    guard_table(op.get_bind(), "count_key_items")


def downgrade() -> None:
    op.drop_table("count_key_items")
    op.drop_table("count_tolerance_sent")
