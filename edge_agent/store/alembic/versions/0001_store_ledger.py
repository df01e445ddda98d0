"""The store ledger: catalogue, journal, sales, deliveries, movements, stock levels, sync state.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "products",
        sa.Column("sku", sa.String, primary_key=True),
        sa.Column("name", sa.String, nullable=False),
        sa.Column("unit", sa.String, nullable=False),
        sa.Column("price_minor", sa.BigInteger, nullable=False),
        sa.Column("cost_minor", sa.BigInteger, nullable=False),
        sa.Column("category", sa.String, nullable=False, server_default=""),
        sa.Column("currency", sa.String, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
    )
    op.create_table(
        "barcodes",
        sa.Column("barcode", sa.String, primary_key=True),
        sa.Column("sku", sa.String, sa.ForeignKey("products.sku"), nullable=False),
    )
    op.create_index("ix_barcodes_sku", "barcodes", ["sku"])
    op.create_table(
        "catalogue_cursor",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("cursor", sa.BigInteger, nullable=False),
        sa.CheckConstraint("id = 1", name="ck_catalogue_cursor_single_row"),
    )
    op.create_table(
        "journal",
        # seq is assigned at commit as max+1 inside BEGIN IMMEDIATE: gap-free (invariant 2)
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("document_type", sa.String, nullable=False),
        sa.Column("document_id", sa.String, nullable=False),
        sa.Column("occurred_at_ms", sa.BigInteger, nullable=False),
        sa.Column("payload", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("acked_seq", sa.BigInteger, nullable=False),
        sa.Column("last_contact_ms", sa.BigInteger, nullable=False),
        sa.CheckConstraint("id = 1", name="ck_sync_state_single_row"),
    )
    op.create_table(
        "sales",
        sa.Column("sale_id", sa.String, primary_key=True),
        sa.Column("sale_no", sa.Integer, nullable=False, unique=True),
        sa.Column("seq", sa.Integer, sa.ForeignKey("journal.seq"), nullable=False, unique=True),
        sa.Column("till_id", sa.String, nullable=False),
        sa.Column("cashier", sa.String, nullable=False),
        sa.Column("total_minor", sa.BigInteger, nullable=False),
        sa.Column("change_minor", sa.BigInteger, nullable=False),
        sa.Column("currency", sa.String, nullable=False),
        sa.Column("idempotency_key", sa.String, nullable=True, unique=True),
        sa.Column("receipt_text", sa.Text, nullable=False),
        sa.Column("occurred_at_ms", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "sale_lines",
        sa.Column("sale_id", sa.String, sa.ForeignKey("sales.sale_id"), primary_key=True),
        sa.Column("line_no", sa.Integer, primary_key=True),
        sa.Column("sku", sa.String, nullable=False),
        sa.Column("scanned_code", sa.String, nullable=False),
        sa.Column("name", sa.String, nullable=False),
        sa.Column("qty_base", sa.BigInteger, nullable=False),
        sa.Column("unit_price_minor", sa.BigInteger, nullable=False),
        sa.Column("amount_minor", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "tenders",
        sa.Column("sale_id", sa.String, sa.ForeignKey("sales.sale_id"), primary_key=True),
        sa.Column("tender_no", sa.Integer, primary_key=True),
        sa.Column("method", sa.String, nullable=False),
        sa.Column("amount_minor", sa.BigInteger, nullable=False),
        sa.Column("tendered_minor", sa.BigInteger, nullable=False),
        sa.Column("change_minor", sa.BigInteger, nullable=False),
        sa.Column("reference", sa.String, nullable=False),
    )
    op.create_table(
        "receipts",
        sa.Column("receipt_id", sa.String, primary_key=True),
        sa.Column("seq", sa.Integer, sa.ForeignKey("journal.seq"), nullable=False, unique=True),
        sa.Column("supplier_ref", sa.String, nullable=False),
        sa.Column("actor", sa.String, nullable=False),
        sa.Column("idempotency_key", sa.String, nullable=True, unique=True),
    )
    op.create_table(
        "movements",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("seq", sa.Integer, sa.ForeignKey("journal.seq"), nullable=False),
        sa.Column("sku", sa.String, nullable=False),
        sa.Column("qty_base", sa.BigInteger, nullable=False),
        sa.Column("reason", sa.String, nullable=False),
        sa.Column("unit_cost_minor", sa.BigInteger, nullable=True),
    )
    op.create_index("ix_movements_seq", "movements", ["seq"])
    op.create_table(
        "stock_levels",
        sa.Column("sku", sa.String, primary_key=True),
        sa.Column("qty_base", sa.BigInteger, nullable=False),
    )
    op.execute("INSERT INTO catalogue_cursor (id, cursor) VALUES (1, 0)")
    op.execute("INSERT INTO sync_state (id, acked_seq, last_contact_ms) VALUES (1, 0, 0)")


def downgrade() -> None:
    for table in (
        "stock_levels",
        "movements",
        "receipts",
        "tenders",
        "sale_lines",
        "sales",
        "sync_state",
        "journal",
        "catalogue_cursor",
        "barcodes",
        "products",
    ):
        op.drop_table(table)
