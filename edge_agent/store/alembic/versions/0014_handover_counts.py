"""Handover spot counts: the store's key items, counted at each shift handover.

Revision ID: 0014_handover_counts
Revises: 0013_stocktake

  key_items   the SKUs an incoming cashier counts before a drawer passes to them
              (pos count key-items set), in the order they are counted

The list is the store's own setting, like its staff PINs: it is not a journal entry.
The handover sessions it starts are (count_session, count_line), and the handover's
shift_event names its session and the SKUs outside tolerance.
"""

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table, unguard_table

revision = "0014_handover_counts"
down_revision = "0013_stocktake"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "key_items",
        sa.Column("sku", sa.String, primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("set_by", sa.String, nullable=False),
        sa.Column("set_at_ms", sa.Integer, nullable=False),
    )
    guard_table(op.get_bind(), "key_items")


def downgrade() -> None:
    unguard_table(op.get_bind(), "key_items")
    op.drop_table("key_items")
