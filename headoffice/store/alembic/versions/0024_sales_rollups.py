"""The reports' sales roll-ups and received lots (headoffice/store/sales_tables.py).

Revision ID: 0024_sales_rollups
Revises: 0020_count_tolerance_sent

apply_batch adds every applied sale and return to sales_sku_daily (store, UTC
day, SKU) and sales_hourly (store, UTC hour, cashier, shift). stock_lots
holds each delivery line received with a best-before day, po_receipts each line of
a delivery against a purchase order. The upgrade fills all four from what was
applied before, by running the apply path's own rules over the stored journal in
journal order, a chunk at a time (headoffice/store/report_rollups_rebuild.py,
whose rebuild(conn) an operator can also run again; docs/reports.md).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table
from headoffice.store.report_rollups_rebuild import rebuild

revision = "0024_sales_rollups"
down_revision = "0020_count_tolerance_sent"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sales_sku_daily",
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("day", sa.Integer, nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("qty_base", sa.BigInteger, nullable=False),
        sa.Column("amount_minor", sa.BigInteger, nullable=False),
        sa.Column("cost_minor", sa.BigInteger, nullable=False),
        sa.Column("lines", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("store_code", "day", "sku", name="pk_sales_sku_daily"),
    )
    op.create_index("ix_sales_sku_daily_day", "sales_sku_daily", ["day", "store_code"])
    op.create_table(
        "sales_hourly",
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("hour", sa.Integer, nullable=False),
        sa.Column("cashier", sa.String(64), nullable=False),
        sa.Column("shift_id", sa.String(64), nullable=False),
        sa.Column("sales_count", sa.BigInteger, nullable=False),
        sa.Column("returns_count", sa.BigInteger, nullable=False),
        sa.Column("qty_base", sa.BigInteger, nullable=False),
        sa.Column("amount_minor", sa.BigInteger, nullable=False),
        sa.Column("returns_minor", sa.BigInteger, nullable=False),
        sa.Column("cost_minor", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint(
            "store_code", "hour", "cashier", "shift_id", name="pk_sales_hourly"
        ),
    )
    op.create_index("ix_sales_hourly_hour", "sales_hourly", ["hour", "store_code"])
    op.create_table(
        "stock_lots",
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("line_no", sa.Integer, nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("qty_base", sa.BigInteger, nullable=False),
        sa.Column("expiry_day", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("store_code", "seq", "line_no", name="pk_stock_lots"),
    )
    op.create_index("ix_stock_lots_expiry", "stock_lots", ["expiry_day", "store_code"])
    guard_table(op.get_bind(), "stock_lots")
    op.create_table(
        "po_receipts",
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("line_no", sa.Integer, nullable=False),
        sa.Column("po_no", sa.BigInteger, nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("qty_base", sa.BigInteger, nullable=False),
        sa.Column("unit_cost_minor", sa.BigInteger, nullable=False),
        sa.Column("occurred_at_ms", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("store_code", "seq", "line_no", name="pk_po_receipts"),
    )
    op.create_index("ix_po_receipts_po", "po_receipts", ["po_no"])
    guard_table(op.get_bind(), "po_receipts")
    guard_table(op.get_bind(), "sales_sku_daily")
    guard_table(op.get_bind(), "sales_hourly")
    rebuild(op.get_bind(), chain=False)  # 0027 adds sales_sku_chain_daily after


def downgrade() -> None:
    op.drop_table("po_receipts")
    op.drop_table("stock_lots")
    op.drop_table("sales_hourly")
    op.drop_table("sales_sku_daily")
