"""Online orders the store picks and hands over: channel_orders, channel_order_lines.

Revision ID: 0020_channel_orders
Revises: 0021_voucher_redemptions (landed first on main; this one follows it)

  channel_orders       the store's copy of each order head office sent down (a confirmed
                       reservation, later perhaps cancelled): channel, order ref, state
                       confirmed/picked/handed_over/cancelled, when it was confirmed, who
                       picked and handed it over, when, and the journal entry of each
  channel_order_lines  its lines (SKU, quantity in base units), as head office reserved them
"""

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table, unguard_table

revision = "0020_channel_orders"
down_revision = "0021_voucher_redemptions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "channel_orders",
        sa.Column("reservation_id", sa.Text, primary_key=True),
        sa.Column("channel", sa.Text, nullable=False),
        sa.Column("order_ref", sa.Text, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("confirmed_at_ms", sa.Integer, nullable=False),
        sa.Column("close_reason", sa.Text, nullable=False, server_default=""),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("picked_at_ms", sa.Integer, nullable=False, server_default="0"),
        sa.Column("picked_by", sa.Text, nullable=False, server_default=""),
        sa.Column("picked_seq", sa.Integer, nullable=False, server_default="0"),
        sa.Column("handed_over_at_ms", sa.Integer, nullable=False, server_default="0"),
        sa.Column("handed_over_by", sa.Text, nullable=False, server_default=""),
        sa.Column("handed_over_seq", sa.Integer, nullable=False, server_default="0"),
        sa.CheckConstraint(
            "state IN ('confirmed', 'picked', 'handed_over', 'cancelled')",
            name="ck_channel_orders_state",
        ),
    )
    op.create_index("ix_channel_orders_state", "channel_orders", ["state", "confirmed_at_ms"])
    op.create_table(
        "channel_order_lines",
        sa.Column("reservation_id", sa.Text, nullable=False),
        sa.Column("line_no", sa.Integer, nullable=False),
        sa.Column("sku", sa.Text, nullable=False),
        sa.Column("qty_base", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("reservation_id", "line_no"),
        sa.CheckConstraint("qty_base > 0", name="ck_channel_order_lines_qty"),
    )
    guard_table(op.get_bind(), "channel_orders")
    guard_table(op.get_bind(), "channel_order_lines")


def downgrade() -> None:
    unguard_table(op.get_bind(), "channel_order_lines")
    unguard_table(op.get_bind(), "channel_orders")
    op.drop_table("channel_order_lines")
    op.drop_table("channel_orders")
