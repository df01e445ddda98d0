"""Catalogue: product kinds, packs with their own barcodes, bundle/service components, store prices.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("products") as batch:
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="goods"))
    op.create_table(
        "product_packs",
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("pack", sa.String(32), nullable=False),
        sa.Column("qty_base", sa.BigInteger, nullable=False),
        sa.Column("barcode", sa.String(14), nullable=True, unique=True),
        sa.PrimaryKeyConstraint("sku", "pack", name="pk_product_packs"),
    )
    op.create_table(
        "product_components",
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("component_sku", sa.String(64), nullable=False),
        sa.Column("qty_base", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("sku", "component_sku", name="pk_product_components"),
    )
    op.create_table(
        "store_prices",
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("price_minor", sa.BigInteger, nullable=False),
        sa.Column("updated_at_ms", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("store_code", "sku", name="pk_store_prices"),
    )


def downgrade() -> None:
    op.drop_table("store_prices")
    op.drop_table("product_components")
    op.drop_table("product_packs")
    with op.batch_alter_table("products") as batch:
        batch.drop_column("kind")
