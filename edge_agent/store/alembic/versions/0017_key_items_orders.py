"""The last head-office key items order a store applied: key_items_order.

Revision ID: 0017_key_items_orders
Revises: 0016_count_tolerance

  key_items_order   one row: the downstream cursor of the last KeyItemsOrder (hoctl count
                    key-items set) the store applied; 0 until one is

A store now journals every change of its key items (kind key_items: its staff's, and
head office's order as it applied it, each with this cursor), so a ledger rebuilt from
head office's journal gets its list back; the cursor then tells the rebuilt store,
replaying its downstream feed from the start, which orders it had applied already, so an
older order never replaces a list set since.
"""

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table, unguard_table

revision = "0017_key_items_orders"
down_revision = "0016_count_tolerance"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "key_items_order",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("cursor", sa.Integer, nullable=False),
        sa.CheckConstraint("id = 1", name="ck_key_items_order_single_row"),
    )
    op.execute("INSERT INTO key_items_order (id, cursor) VALUES (1, 0)")
    guard_table(op.get_bind(), "key_items_order")


def downgrade() -> None:
    unguard_table(op.get_bind(), "key_items_order")
    op.drop_table("key_items_order")
