"""Transfers between stores and their lines.

Revision ID: 0005
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0002"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "transfers",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("from_store", sa.String(32), nullable=False),
        sa.Column("to_store", sa.String(32), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("created_at_ms", sa.BigInteger, nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("updated_at_ms", sa.BigInteger, nullable=False),
        sa.Column("shipped_at_ms", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("shipped_seq", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("received_at_ms", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("received_seq", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("resolution", sa.String(16), nullable=False, server_default=""),
        sa.Column("resolved_by", sa.String(64), nullable=False, server_default=""),
        sa.Column("resolved_at_ms", sa.BigInteger, nullable=False, server_default="0"),
    )
    op.create_index("ix_transfers_state", "transfers", ["state"])
    op.create_index("ix_transfers_from_store", "transfers", ["from_store"])
    op.create_index("ix_transfers_to_store", "transfers", ["to_store"])
    op.create_table(
        "transfer_lines",
        sa.Column("transfer_id", sa.BigInteger, nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("qty_base", sa.BigInteger, nullable=False),
        sa.Column("shipped_qty_base", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("received_qty_base", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("unit_cost_minor", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("resolved_qty_base", sa.BigInteger, nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("transfer_id", "sku", name="pk_transfer_lines"),
    )


def downgrade() -> None:
    op.drop_table("transfer_lines")
    op.drop_index("ix_transfers_to_store", table_name="transfers")
    op.drop_index("ix_transfers_from_store", table_name="transfers")
    op.drop_index("ix_transfers_state", table_name="transfers")
    op.drop_table("transfers")
