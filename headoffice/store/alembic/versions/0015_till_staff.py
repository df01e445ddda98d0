"""Till staff: who signs in at each store's tills, kept at head office and sent down.

Revision ID: 0015_till_staff
Revises: 0014_ledger_instances
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table

revision = "0015_till_staff"
down_revision = "0014_ledger_instances"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "till_staff",
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("staff_code", sa.String(32), nullable=False),
        sa.Column("display_name", sa.String(64), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False),
        sa.Column("pin_hash", sa.String(256), nullable=False),
        sa.Column("card_hash", sa.String(64), nullable=False),
        sa.Column("updated_at_ms", sa.BigInteger, nullable=False),
        sa.Column("updated_by", sa.String(128), nullable=False),
        sa.PrimaryKeyConstraint("store_code", "staff_code", name="pk_till_staff"),
    )
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":  # its integer column holds integers (bigint does elsewhere)
        guard_table(conn, "till_staff")


def downgrade() -> None:
    op.drop_table("till_staff")
