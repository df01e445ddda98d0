"""Initial head-office schema: stores, catalogue, sync state, journal, movements, levels.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "stores",
        sa.Column("code", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False),
        sa.Column("created_at_ms", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "products",
        sa.Column("sku", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("unit", sa.String(16), nullable=False),
        sa.Column("price_minor", sa.BigInteger, nullable=False),
        sa.Column("cost_minor", sa.BigInteger, nullable=False),
        sa.Column("category", sa.String(100), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("updated_at_ms", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "barcodes",
        sa.Column("barcode", sa.String(14), primary_key=True),
        sa.Column("sku", sa.String(64), nullable=False),
    )
    op.create_index("ix_barcodes_sku", "barcodes", ["sku"])
    op.create_table(
        "catalogue_changes",
        sa.Column("cursor", BigId, primary_key=True, autoincrement=True),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("created_at_ms", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "store_sync",
        sa.Column("store_code", sa.String(32), primary_key=True),
        sa.Column("last_seq", sa.BigInteger, nullable=False),
        sa.Column("store_newest_seq", sa.BigInteger, nullable=False),
        sa.Column("oldest_unacked_at_ms", sa.BigInteger, nullable=False),
        sa.Column("last_contact_ms", sa.BigInteger, nullable=False),
        sa.Column("agent_version", sa.String(64), nullable=False),
        sa.Column("checksum_seq", sa.BigInteger, nullable=False),
        sa.Column("checksum_hex", sa.String(64), nullable=False),
        sa.Column("connected", sa.Boolean, nullable=False),
    )
    op.create_table(
        "journal_entries",
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("document_type", sa.String(32), nullable=False),
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.Column("occurred_at_ms", sa.BigInteger, nullable=False),
        sa.Column("received_at_ms", sa.BigInteger, nullable=False),
        sa.Column("payload", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("store_code", "seq", name="pk_journal_entries"),
    )
    op.create_table(
        "movements",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("qty_base", sa.BigInteger, nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("document_type", sa.String(32), nullable=False),
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.Column("unit_cost_minor", sa.BigInteger, nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("occurred_at_ms", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_movements_store_sku_seq", "movements", ["store_code", "sku", "seq"])
    op.create_table(
        "stock_levels",
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("qty_base", sa.BigInteger, nullable=False),
        sa.Column("avg_cost_minor", sa.BigInteger, nullable=False),
        sa.Column("updated_at_ms", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("store_code", "sku", name="pk_stock_levels"),
    )


def downgrade() -> None:
    for table in (
        "stock_levels",
        "movements",
        "journal_entries",
        "store_sync",
        "catalogue_changes",
        "barcodes",
        "products",
        "stores",
    ):
        op.drop_table(table)
