"""Catalogue at the store: product kind and store price columns, packs, components.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no table rebuild): the search triggers key on products' rowid.
    op.add_column("products", sa.Column("kind", sa.String, nullable=False, server_default="goods"))
    op.add_column("products", sa.Column("store_price_minor", sa.BigInteger, nullable=True))
    op.create_table(
        "product_packs",
        sa.Column("sku", sa.String, nullable=False),
        sa.Column("pack", sa.String, nullable=False),
        sa.Column("qty_base", sa.BigInteger, nullable=False),
        sa.Column("barcode", sa.String, nullable=True),
        sa.PrimaryKeyConstraint("sku", "pack"),
    )
    op.create_index("ix_product_packs_barcode", "product_packs", ["barcode"], unique=True)
    op.create_table(
        "product_components",
        sa.Column("sku", sa.String, nullable=False),
        sa.Column("component_sku", sa.String, nullable=False),
        sa.Column("qty_base", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("sku", "component_sku"),
    )


def downgrade() -> None:
    op.drop_table("product_components")
    op.drop_index("ix_product_packs_barcode", "product_packs")
    op.drop_table("product_packs")
    op.drop_column("products", "store_price_minor")
    op.drop_column("products", "kind")
