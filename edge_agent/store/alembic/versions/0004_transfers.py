"""Transfers this store ships or receives: head office's order and what this store booked.

Revision ID: 0004
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "transfers",
        sa.Column("transfer_id", sa.String, primary_key=True),
        sa.Column("from_store", sa.String, nullable=False),
        sa.Column("to_store", sa.String, nullable=False),
        # head office's state of the transfer, as last sent down, and the whole order
        sa.Column("state", sa.String, nullable=False),
        sa.Column("order_payload", sa.LargeBinary, nullable=False),
        sa.Column("updated_at_ms", sa.BigInteger, nullable=False),
        # the journal entries this store booked for it (NULL: not yet): once each
        sa.Column("shipped_seq", sa.Integer, sa.ForeignKey("journal.seq"), unique=True),
        sa.Column("received_seq", sa.Integer, sa.ForeignKey("journal.seq"), unique=True),
        sa.Column("corrected_seq", sa.Integer, sa.ForeignKey("journal.seq"), unique=True),
    )


def downgrade() -> None:
    op.drop_table("transfers")
