"""Write-offs at the store: done ones, pending requests, rejected ones; the approval threshold.

Revision ID: 0006
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "write_offs",
        sa.Column("write_off_id", sa.String, primary_key=True),
        sa.Column("origin", sa.String, nullable=False),  # store, head_office
        sa.Column("state", sa.String, nullable=False),  # done, pending, rejected
        sa.Column("reason", sa.String, nullable=False),
        sa.Column("note", sa.String, nullable=False),
        sa.Column("value_minor", sa.BigInteger, nullable=False),
        sa.Column("requested_by", sa.String, nullable=False),
        sa.Column("requested_at_ms", sa.BigInteger, nullable=False),
        sa.Column("decided_by", sa.String, nullable=False),
        sa.Column("decision_note", sa.String, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),  # the entry that moved the stock, or 0
        sa.Column("request_seq", sa.Integer, nullable=False),  # the request's entry, or 0
    )
    op.create_table(
        "write_off_lines",
        sa.Column("write_off_id", sa.String, nullable=False),
        sa.Column("line_no", sa.Integer, nullable=False),
        sa.Column("sku", sa.String, nullable=False),
        sa.Column("qty_base", sa.BigInteger, nullable=False),
        sa.Column("unit_cost_minor", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("write_off_id", "line_no"),
    )
    op.create_table(
        "write_off_policy",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("threshold_minor", sa.BigInteger, nullable=False),
        sa.CheckConstraint("id = 1", name="ck_write_off_policy_single_row"),
    )
    # 500.00 until head office sends the chain's WriteOffPolicy.
    op.execute("INSERT INTO write_off_policy (id, threshold_minor) VALUES (1, 50000)")


def downgrade() -> None:
    op.drop_table("write_off_policy")
    op.drop_table("write_off_lines")
    op.drop_table("write_offs")
