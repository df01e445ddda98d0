"""The till: managers and PIN lockouts, approvals, shifts, returns, till actions, Z numbers,
sale discount/override/rounding/shift columns, and a trigram index for product search.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_SEARCH_TRIGGERS = [
    # Products are indexed under rowid*2, barcodes under rowid*2+1: both kept by triggers.
    """CREATE TRIGGER products_search_ins AFTER INSERT ON products BEGIN
         INSERT INTO product_search (rowid, sku, text) VALUES
           (new.rowid * 2, new.sku, new.sku || ' ' || new.name);
       END""",
    """CREATE TRIGGER products_search_upd AFTER UPDATE ON products BEGIN
         DELETE FROM product_search WHERE rowid = old.rowid * 2;
         INSERT INTO product_search (rowid, sku, text) VALUES
           (new.rowid * 2, new.sku, new.sku || ' ' || new.name);
       END""",
    """CREATE TRIGGER products_search_del AFTER DELETE ON products BEGIN
         DELETE FROM product_search WHERE rowid = old.rowid * 2;
       END""",
    """CREATE TRIGGER barcodes_search_ins AFTER INSERT ON barcodes BEGIN
         INSERT INTO product_search (rowid, sku, text) VALUES
           (new.rowid * 2 + 1, new.sku, new.barcode);
       END""",
    """CREATE TRIGGER barcodes_search_upd AFTER UPDATE ON barcodes BEGIN
         DELETE FROM product_search WHERE rowid = old.rowid * 2 + 1;
         INSERT INTO product_search (rowid, sku, text) VALUES
           (new.rowid * 2 + 1, new.sku, new.barcode);
       END""",
    """CREATE TRIGGER barcodes_search_del AFTER DELETE ON barcodes BEGIN
         DELETE FROM product_search WHERE rowid = old.rowid * 2 + 1;
       END""",
]


def upgrade() -> None:
    op.create_table(
        "managers",
        sa.Column("name", sa.String, primary_key=True),
        sa.Column("pin_hash", sa.String, nullable=False),  # argon2id, never the PIN
        sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("pin_failures", sa.Integer, nullable=False, server_default="0"),
        sa.Column("locked_until_ms", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("created_at_ms", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "approvals",
        sa.Column("approval_id", sa.String, primary_key=True),
        sa.Column("seq", sa.Integer, sa.ForeignKey("journal.seq"), nullable=False, unique=True),
        sa.Column("action", sa.String, nullable=False),
        sa.Column("details", sa.String, nullable=False),
        sa.Column("till_id", sa.String, nullable=False),
        sa.Column("manager", sa.String, sa.ForeignKey("managers.name"), nullable=False),
        sa.Column("expires_at_ms", sa.BigInteger, nullable=False),
        sa.Column("used_seq", sa.Integer, sa.ForeignKey("journal.seq"), nullable=True),
    )
    op.create_table(
        "shifts",
        sa.Column("shift_id", sa.String, primary_key=True),
        sa.Column("till_id", sa.String, nullable=False),
        sa.Column("cashier", sa.String, nullable=False),
        sa.Column("float_minor", sa.BigInteger, nullable=False),
        sa.Column("opened_at_ms", sa.BigInteger, nullable=False),
        sa.Column("open_seq", sa.Integer, sa.ForeignKey("journal.seq"), nullable=False),
        sa.Column("closed_at_ms", sa.BigInteger, nullable=True),
        sa.Column("close_seq", sa.Integer, sa.ForeignKey("journal.seq"), nullable=True),
        sa.Column("counted_minor", sa.BigInteger, nullable=True),
        sa.Column("expected_minor", sa.BigInteger, nullable=True),
    )
    # One open shift per till.
    op.create_index(
        "ux_shifts_open_till",
        "shifts",
        ["till_id"],
        unique=True,
        sqlite_where=sa.text("closed_at_ms IS NULL"),
    )
    op.create_table(
        "shift_events",
        sa.Column("seq", sa.Integer, sa.ForeignKey("journal.seq"), primary_key=True),
        sa.Column("shift_id", sa.String, sa.ForeignKey("shifts.shift_id"), nullable=False),
        sa.Column("till_id", sa.String, nullable=False),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("amount_minor", sa.BigInteger, nullable=False),
        sa.Column("occurred_at_ms", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_shift_events_shift", "shift_events", ["shift_id"])
    op.create_index("ix_shift_events_till_time", "shift_events", ["till_id", "occurred_at_ms"])
    op.add_column("sales", sa.Column("shift_id", sa.String, nullable=True))
    op.add_column(
        "sales", sa.Column("rounding_minor", sa.BigInteger, nullable=False, server_default="0")
    )
    op.add_column(
        "sales", sa.Column("discount_minor", sa.BigInteger, nullable=False, server_default="0")
    )
    op.create_index("ix_sales_shift", "sales", ["shift_id"])
    op.create_index("ix_sales_till_time", "sales", ["till_id", "occurred_at_ms"])
    for column in ("list_price_minor", "discount_minor"):
        op.add_column(
            "sale_lines", sa.Column(column, sa.BigInteger, nullable=False, server_default="0")
        )
    for column in ("approval_id", "label_code"):
        op.add_column("sale_lines", sa.Column(column, sa.String, nullable=False, server_default=""))
    op.create_table(
        "returns",
        sa.Column("return_id", sa.String, primary_key=True),
        sa.Column("return_no", sa.Integer, nullable=False, unique=True),
        sa.Column("seq", sa.Integer, sa.ForeignKey("journal.seq"), nullable=False, unique=True),
        sa.Column("original_sale_id", sa.String, sa.ForeignKey("sales.sale_id"), nullable=True),
        sa.Column("till_id", sa.String, nullable=False),
        sa.Column("cashier", sa.String, nullable=False),
        sa.Column("shift_id", sa.String, nullable=True),
        sa.Column("total_minor", sa.BigInteger, nullable=False),
        sa.Column("idempotency_key", sa.String, nullable=True, unique=True),
        sa.Column("receipt_text", sa.Text, nullable=False),
        sa.Column("occurred_at_ms", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_returns_sale", "returns", ["original_sale_id"])
    op.create_index("ix_returns_shift", "returns", ["shift_id"])
    op.create_index("ix_returns_till_time", "returns", ["till_id", "occurred_at_ms"])
    op.create_table(
        "return_lines",
        sa.Column("return_id", sa.String, sa.ForeignKey("returns.return_id"), primary_key=True),
        sa.Column("line_no", sa.Integer, primary_key=True),
        sa.Column("sku", sa.String, nullable=False),
        sa.Column("qty_base", sa.BigInteger, nullable=False),
        sa.Column("amount_minor", sa.BigInteger, nullable=False),
        sa.Column("disposition", sa.String, nullable=False),
        sa.Column("original_line_no", sa.Integer, nullable=False),
    )
    op.create_table(
        "return_refunds",
        sa.Column("return_id", sa.String, sa.ForeignKey("returns.return_id"), primary_key=True),
        sa.Column("refund_no", sa.Integer, primary_key=True),
        sa.Column("method", sa.String, nullable=False),
        sa.Column("amount_minor", sa.BigInteger, nullable=False),
        sa.Column("reference", sa.String, nullable=False),
    )
    # No-sales and cart voids move nothing; this row lets reports count them per till.
    op.create_table(
        "till_actions",
        sa.Column("seq", sa.Integer, sa.ForeignKey("journal.seq"), primary_key=True),
        sa.Column("till_id", sa.String, nullable=False),
        sa.Column("shift_id", sa.String, nullable=True),
        sa.Column("kind", sa.String, nullable=False),  # no_sale, void
        sa.Column("occurred_at_ms", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_till_actions_till_time", "till_actions", ["till_id", "occurred_at_ms"])
    op.create_table(
        "z_reports",
        sa.Column("till_id", sa.String, primary_key=True),
        sa.Column("business_date", sa.String, primary_key=True),  # one Z per till and day
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("seq", sa.Integer, sa.ForeignKey("journal.seq"), nullable=False, unique=True),
        sa.UniqueConstraint("till_id", "number", name="uq_z_reports_till_number"),
    )
    op.execute(
        "CREATE VIRTUAL TABLE product_search USING fts5(sku UNINDEXED, text, tokenize='trigram')"
    )
    for trigger in _SEARCH_TRIGGERS:
        op.execute(trigger)
    op.execute(
        "INSERT INTO product_search (rowid, sku, text)"
        " SELECT rowid * 2, sku, sku || ' ' || name FROM products"
    )
    op.execute(
        "INSERT INTO product_search (rowid, sku, text)"
        " SELECT rowid * 2 + 1, sku, barcode FROM barcodes"
    )


def downgrade() -> None:
    for name in (
        "products_search_ins",
        "products_search_upd",
        "products_search_del",
        "barcodes_search_ins",
        "barcodes_search_upd",
        "barcodes_search_del",
    ):
        op.execute(f"DROP TRIGGER {name}")
    op.execute("DROP TABLE product_search")
    for table in (
        "z_reports",
        "till_actions",
        "return_refunds",
        "return_lines",
        "returns",
        "shift_events",
        "shifts",
        "approvals",
        "managers",
    ):
        op.drop_table(table)
    for index in ("ix_sales_shift", "ix_sales_till_time"):
        op.drop_index(index, "sales")
    with op.batch_alter_table("sale_lines") as batch:
        for column in ("list_price_minor", "discount_minor", "approval_id", "label_code"):
            batch.drop_column(column)
    with op.batch_alter_table("sales") as batch:
        for column in ("shift_id", "rounding_minor", "discount_minor"):
            batch.drop_column(column)
