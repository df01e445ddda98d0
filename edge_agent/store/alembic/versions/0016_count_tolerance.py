"""The chain's count tolerance, which the store's own count sessions open with.

Revision ID: 0016_count_tolerance
Revises: 0015_movements_sku_index

  count_tolerance   one row: basis points of the book per ABC class and the value
                    limits, as head office last sent them (a CountPolicy down the
                    store's stream, from [counts] in headoffice.toml); the defaults
                    until it has

pos count start and a handover's spot count open their sessions with it; a session
head office creates carries its own in its count order.
"""

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table, unguard_table

revision = "0016_count_tolerance"
down_revision = "0015_movements_sku_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "count_tolerance",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("a_bp", sa.Integer, nullable=False),
        sa.Column("b_bp", sa.Integer, nullable=False),
        sa.Column("c_bp", sa.Integer, nullable=False),
        sa.Column("value_minor", sa.Integer, nullable=False),
        sa.Column("second_approval_minor", sa.Integer, nullable=False),
        sa.CheckConstraint("id = 1", name="ck_count_tolerance_single_row"),
    )
    # common.domain.stocktake.Tolerance's defaults until head office sends the chain's.
    op.execute(
        "INSERT INTO count_tolerance (id, a_bp, b_bp, c_bp, value_minor, second_approval_minor)"
        " VALUES (1, 100, 300, 500, 10000, 100000)"
    )
    guard_table(op.get_bind(), "count_tolerance")


def downgrade() -> None:
    unguard_table(op.get_bind(), "count_tolerance")
    op.drop_table("count_tolerance")
