"""Whether a store's key items were ever set, and from where: count_key_item_lists.

Revision ID: 0025_key_item_lists
Revises: 0028_promotions

count_key_items holds a store's key items one row a SKU, so a list set to none left no
row and read as "never set". count_key_item_lists holds one row a store whose list was
ever set, empty or not: who set it, when, and from where ("headoffice": hoctl count
key-items set; "store": the store's own staff, from its key_items journal entries).
Filled here from count_key_items (lists set before held at least one SKU and came from
head office); a list set to none before this migration still reads as never set.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table, unguard_table

revision = "0025_key_item_lists"
down_revision = "0028_promotions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "count_key_item_lists",
        sa.Column("store_code", sa.String(32), primary_key=True),
        sa.Column("set_by", sa.String(64), nullable=False),
        sa.Column("set_at_ms", sa.BigInteger, nullable=False),
        sa.Column("set_from", sa.String(16), nullable=False),
    )
    guard_table(op.get_bind(), "count_key_item_lists")
    op.execute(
        "INSERT INTO count_key_item_lists (store_code, set_by, set_at_ms, set_from)"
        " SELECT store_code, set_by, set_at_ms, 'headoffice' FROM count_key_items"
        " WHERE position = 1"
    )


def downgrade() -> None:
    unguard_table(op.get_bind(), "count_key_item_lists")
    op.drop_table("count_key_item_lists")
