"""Purchasing: suppliers, purchase orders and their lines, supplier returns.

Revision ID: 0006
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0002"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "suppliers",
        sa.Column("code", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("contact", sa.String(200), nullable=False),
        sa.Column("created_at_ms", sa.BigInteger, nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
    )
    op.create_table(
        "purchase_orders",
        sa.Column("po_no", BigId, primary_key=True, autoincrement=True),
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("supplier_code", sa.String(32), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("over_tolerance_pct", sa.Integer, nullable=False),
        sa.Column("created_at_ms", sa.BigInteger, nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("updated_at_ms", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_purchase_orders_store_state", "purchase_orders", ["store_code", "state"])
    op.create_table(
        "purchase_order_lines",
        sa.Column("po_no", sa.BigInteger, nullable=False),
        sa.Column("line_no", sa.Integer, nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("qty_ordered", sa.BigInteger, nullable=False),
        sa.Column("unit_cost_minor", sa.BigInteger, nullable=False),
        sa.Column("qty_received", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("po_no", "line_no", name="pk_purchase_order_lines"),
    )
    op.create_table(
        "supplier_returns",
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("return_id", sa.String(64), nullable=False),
        sa.Column("supplier_code", sa.String(32), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("occurred_at_ms", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("store_code", "seq", name="pk_supplier_returns"),
    )


def downgrade() -> None:
    op.drop_table("supplier_returns")
    op.drop_table("purchase_order_lines")
    op.drop_index("ix_purchase_orders_store_state", "purchase_orders")
    op.drop_table("purchase_orders")
    op.drop_table("suppliers")
