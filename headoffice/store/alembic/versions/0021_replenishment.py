"""Replenishment (issue 14): min/max, transfer costs, supply terms, run documents.

Revision ID: 0021_replenishment
Revises: 0019_count_line_sums
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table

revision = "0021_replenishment"
down_revision = "0019_count_line_sums"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TABLES = (
    "replenish_min_max",
    "replenish_costs",
    "replenish_supply",
    "replenish_runs",
    "replenish_lines",
)


def upgrade() -> None:
    op.create_table(
        "replenish_min_max",
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("min_qty_base", sa.BigInteger, nullable=False),
        sa.Column("max_qty_base", sa.BigInteger, nullable=False),
        sa.Column("updated_at_ms", sa.BigInteger, nullable=False),
        sa.Column("updated_by", sa.String(128), nullable=False),
        sa.PrimaryKeyConstraint("store_code", "sku", name="pk_replenish_min_max"),
    )
    op.create_table(
        "replenish_costs",
        sa.Column("from_store", sa.String(32), nullable=False),
        sa.Column("to_store", sa.String(32), nullable=False),
        sa.Column("cost_minor", sa.BigInteger, nullable=False),
        sa.Column("updated_at_ms", sa.BigInteger, nullable=False),
        sa.Column("updated_by", sa.String(128), nullable=False),
        sa.PrimaryKeyConstraint("from_store", "to_store", name="pk_replenish_costs"),
    )
    op.create_table(
        "replenish_supply",
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("supplier_code", sa.String(32), nullable=False),
        sa.Column("pack_qty_base", sa.BigInteger, nullable=False),
        sa.Column("min_order_qty_base", sa.BigInteger, nullable=False),
        sa.Column("unit_cost_minor", sa.BigInteger, nullable=False),
        sa.Column("updated_at_ms", sa.BigInteger, nullable=False),
        sa.Column("updated_by", sa.String(128), nullable=False),
        sa.PrimaryKeyConstraint("sku", name="pk_replenish_supply"),
    )
    op.create_table(
        "replenish_runs",
        sa.Column("run_no", BigId, primary_key=True, autoincrement=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("store_filter", sa.String(32), nullable=False),
        sa.Column("category_filter", sa.String(100), nullable=False),
        sa.Column("service_level_bp", sa.Integer, nullable=False),
        sa.Column("review_period_days", sa.Integer, nullable=False),
        sa.Column("window_days", sa.Integer, nullable=False),
        sa.Column("transfer_lead_time_days", sa.Integer, nullable=False),
        sa.Column("created_at_ms", sa.BigInteger, nullable=False),
        sa.Column("created_by", sa.String(128), nullable=False),
        sa.Column("approved_at_ms", sa.BigInteger, nullable=False),
        sa.Column("approved_by", sa.String(128), nullable=False),
    )
    op.create_table(
        "replenish_lines",
        sa.Column("run_no", sa.BigInteger, nullable=False),
        sa.Column("line_no", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("from_store", sa.String(32), nullable=False),
        sa.Column("supplier_code", sa.String(32), nullable=False),
        sa.Column("qty_base", sa.BigInteger, nullable=False),
        sa.Column("raw_qty_base", sa.BigInteger, nullable=False),
        sa.Column("pack_qty_base", sa.BigInteger, nullable=False),
        sa.Column("min_order_qty_base", sa.BigInteger, nullable=False),
        sa.Column("unit_cost_minor", sa.BigInteger, nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("velocity_milli", sa.BigInteger, nullable=False),
        sa.Column("sigma_milli", sa.BigInteger, nullable=False),
        sa.Column("lead_time_days", sa.Integer, nullable=False),
        sa.Column("review_period_days", sa.Integer, nullable=False),
        sa.Column("z_milli", sa.Integer, nullable=False),
        sa.Column("on_hand_qty_base", sa.BigInteger, nullable=False),
        sa.Column("inbound_qty_base", sa.BigInteger, nullable=False),
        sa.Column("on_order_qty_base", sa.BigInteger, nullable=False),
        sa.Column("reserved_qty_base", sa.BigInteger, nullable=False),
        sa.Column("order_up_to_qty_base", sa.BigInteger, nullable=False),
        sa.Column("reorder_point_qty_base", sa.BigInteger, nullable=False),
        sa.Column("need_qty_base", sa.BigInteger, nullable=False),
        sa.Column("from_on_hand_qty_base", sa.BigInteger, nullable=False),
        sa.Column("from_reserved_qty_base", sa.BigInteger, nullable=False),
        sa.Column("document_id", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("run_no", "line_no", name="pk_replenish_lines"),
    )
    op.create_index("ix_replenish_runs_state", "replenish_runs", ["state"])
    for table in TABLES:
        guard_table(op.get_bind(), table)


def downgrade() -> None:
    op.drop_index("ix_replenish_runs_state", table_name="replenish_runs")
    for table in reversed(TABLES):
        op.drop_table(table)
