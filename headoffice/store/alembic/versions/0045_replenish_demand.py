"""Replenishment's demand sums kept per store and SKU (headoffice/store/
replenish_demand_tables.py), built once from the rows.

Revision ID: 0045_replenish_demand
Revises: 0044_store_partitions

A run reads one narrow row a store and SKU instead of grouping 90 days of
sales_sku_daily; headoffice/store/replenish_demand_keep.py rolls the sums forward a day
at a time and recomputes the pairs apply marks. The upgrade builds them as of yesterday
(UTC offset recorded for the roll-ups) in one INSERT .. SELECT: one pass over the 90 days
of sales_sku_daily and the spans, what one replenishment run cost before this change.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from common.clock import now_ms
from common.sqlite_integers import guard_table
from headoffice.domain.demand import last_day
from headoffice.store import replenish_demand_keep

revision = "0045_replenish_demand"
down_revision = "0044_store_partitions"
branch_labels = None
depends_on = None

TABLES = ("replenish_demand", "replenish_demand_state", "replenish_demand_dirty")


def upgrade() -> None:
    op.create_table(
        "replenish_demand",
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        *(
            column
            for w in (7, 30, 90)
            for column in (
                sa.Column(f"out_{w}", sa.Integer, nullable=False),
                sa.Column(f"total_{w}", sa.BigInteger, nullable=False),
                sa.Column(f"squares_{w}", sa.BigInteger, nullable=False),
            )
        ),
        sa.PrimaryKeyConstraint("store_code", "sku", name="pk_replenish_demand"),
    )
    op.create_table(
        "replenish_demand_state",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("last_day", sa.Integer, nullable=False),
        sa.Column("offset_minutes", sa.Integer, nullable=False),
        sa.Column("updated_at_ms", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "replenish_demand_dirty",
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("store_code", "sku", name="pk_replenish_demand_dirty"),
    )
    conn = op.get_bind()
    for table in TABLES:
        guard_table(conn, table)
    found = conn.execute(
        sa.text("SELECT sku_day_offset_minutes FROM report_rollup_settings WHERE id = 1")
    ).scalar()
    offset = int(found or 0)
    now = now_ms()
    replenish_demand_keep.rebuild(conn, last_day(now, offset), offset, now)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
