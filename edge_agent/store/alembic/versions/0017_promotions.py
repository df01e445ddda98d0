"""The chain's promotions as head office last sent them (DownstreamEvent.promotion).

Revision ID: 0017_promotions
Revises: 0017_key_items_orders

  promotions   one row per promotion that reaches this store: its id, the offer as its
               canonical record (common.domain.promotions.records, JSON text), when head
               office ended it (NULL: not ended) and the feed cursor that last wrote it

  sale_lines.offer_discount_minor   each sale line's share of the promotions (0: none), as
               its journal entry says (edge-agent check compares them)

The till prices with the rows not ended at the moment of the sale; the offer's own
window (starts/ends, weekdays, hours) is checked by the engine on the store's clock,
so an offer stops applying at its end time with head office unreachable.
"""

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table, unguard_table

revision = "0017_promotions"
down_revision = "0017_key_items_orders"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "promotions",
        sa.Column("promo_id", sa.Text, primary_key=True),
        sa.Column("definition", sa.Text, nullable=False),
        sa.Column("ended_at_ms", sa.Integer, nullable=True),
        sa.Column("cursor", sa.Integer, nullable=False),
    )
    guard_table(op.get_bind(), "promotions")
    op.add_column(
        "sale_lines",
        sa.Column("offer_discount_minor", sa.Integer, nullable=False, server_default="0"),
    )
    guard_table(op.get_bind(), "sale_lines")  # its triggers now hold the new column too


def downgrade() -> None:
    with op.batch_alter_table("sale_lines") as batch:
        batch.drop_column("offer_discount_minor")
    guard_table(op.get_bind(), "sale_lines")
    unguard_table(op.get_bind(), "promotions")
    op.drop_table("promotions")
