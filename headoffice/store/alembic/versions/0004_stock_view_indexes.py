"""Indexes for the stock views: chain totals by SKU, negative and zero stock lists.

Revision ID: 0004
Revises: 0002

Chain totals for a category read every store's level of each SKU in it; with
(sku, store_code, qty_base, avg_cost_minor) PostgreSQL answers from the index
alone instead of scanning every stock row (10M at 1,000 stores x 10,000 SKUs).
The partial index keeps the negative and zero lists small however big the chain.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_stock_levels_sku_store",
        "stock_levels",
        ["sku", "store_code", "qty_base", "avg_cost_minor"],
    )
    op.create_index(
        "ix_stock_levels_not_positive",
        "stock_levels",
        ["store_code", "sku"],
        postgresql_where=sa.text("qty_base <= 0"),
        sqlite_where=sa.text("qty_base <= 0"),
    )


def downgrade() -> None:
    op.drop_index("ix_stock_levels_not_positive", table_name="stock_levels")
    op.drop_index("ix_stock_levels_sku_store", table_name="stock_levels")
