"""Purchase orders the store expects (with its own received quantities) and supplier returns.

Revision ID: 0005
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "expected_orders",
        sa.Column("po_id", sa.String, primary_key=True),
        sa.Column("supplier_code", sa.String, nullable=False),
        sa.Column("supplier_name", sa.String, nullable=False),
        # sent, cancelled or closed as head office last said; the store derives the rest.
        sa.Column("head_office_state", sa.String, nullable=False),
        sa.Column("currency", sa.String, nullable=False),
        sa.Column("over_tolerance_pct", sa.Integer, nullable=False),
        sa.Column("updated_cursor", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "expected_order_lines",
        sa.Column("po_id", sa.String, nullable=False),
        sa.Column("line_no", sa.Integer, nullable=False),
        sa.Column("sku", sa.String, nullable=False),
        sa.Column("name", sa.String, nullable=False),
        sa.Column("qty_ordered", sa.BigInteger, nullable=False),
        sa.Column("unit_cost_minor", sa.BigInteger, nullable=False),
        # What this store has received against the line: raised in the receipt's transaction.
        sa.Column("qty_received", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("po_id", "line_no"),
    )
    op.create_table(
        "supplier_returns",
        sa.Column("return_id", sa.String, primary_key=True),
        sa.Column("seq", sa.Integer, sa.ForeignKey("journal.seq"), nullable=False, unique=True),
        sa.Column("supplier_code", sa.String, nullable=False),
        sa.Column("reason", sa.String, nullable=False),
        sa.Column("actor", sa.String, nullable=False),
        sa.Column("idempotency_key", sa.String, nullable=True, unique=True),
    )


def downgrade() -> None:
    op.drop_table("supplier_returns")
    op.drop_table("expected_order_lines")
    op.drop_table("expected_orders")
