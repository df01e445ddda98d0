"""Selling on every channel: channels, quotas, stock states, reservations, conflicts (channel_tables.py).

Revision ID: 0041_channels
Revises: 0037_reward_items
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table

revision = "0041_channels"
down_revision = "0037_reward_items"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "channels",
        sa.Column("code", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at_ms", sa.BigInteger, nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
    )
    guard_table(op.get_bind(), "channels")
    op.create_table(
        "channel_stores",
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("channel", "store_code", name="pk_channel_stores"),
    )
    guard_table(op.get_bind(), "channel_stores")
    op.create_table(
        "channel_quotas",
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("scope", sa.String(16), nullable=False),
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("percent", sa.Integer, nullable=False),
        sa.Column("set_at_ms", sa.BigInteger, nullable=False),
        sa.Column("set_by", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("channel", "scope", "key", name="pk_channel_quotas"),
    )
    guard_table(op.get_bind(), "channel_quotas")
    op.create_table(
        "stock_states",
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("reserved_base", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("committed_base", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("damaged_base", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("safety_base", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("updated_at_ms", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("store_code", "sku", name="pk_stock_states"),
        sa.CheckConstraint(
            "reserved_base >= 0 AND committed_base >= 0 AND damaged_base >= 0 AND safety_base >= 0",
            name="ck_stock_states_not_negative",
        ),
    )
    guard_table(op.get_bind(), "stock_states")
    op.create_table(
        "stock_state_changes",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("delta_base", sa.BigInteger, nullable=False),
        sa.Column("document_type", sa.String(32), nullable=False),
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False, server_default=""),
        sa.Column("at_ms", sa.BigInteger, nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
    )
    op.create_index(
        "ix_stock_state_changes_store_sku", "stock_state_changes", ["store_code", "sku", "id"]
    )
    guard_table(op.get_bind(), "stock_state_changes")
    op.create_table(
        "channel_reservations",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("idempotency_key", sa.String(120), nullable=False),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("order_ref", sa.String(64), nullable=False, server_default=""),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("created_at_ms", sa.BigInteger, nullable=False),
        sa.Column("expires_at_ms", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("confirmed_at_ms", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("picked_at_ms", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("picked_seq", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("fulfilled_at_ms", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("fulfilled_seq", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("closed_at_ms", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("close_reason", sa.String(200), nullable=False, server_default=""),
        sa.Column("closed_by", sa.String(128), nullable=False, server_default=""),
        sa.UniqueConstraint("channel", "idempotency_key", name="uq_channel_reservations_key"),
    )
    op.create_index(
        "ix_channel_reservations_state_expiry", "channel_reservations", ["state", "expires_at_ms"]
    )
    op.create_index(
        "ix_channel_reservations_store", "channel_reservations", ["store_code", "state"]
    )
    guard_table(op.get_bind(), "channel_reservations")
    op.create_table(
        "channel_reservation_lines",
        sa.Column("reservation_id", sa.BigInteger, nullable=False),
        sa.Column("line_no", sa.Integer, nullable=False),
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("qty_base", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("reservation_id", "line_no", name="pk_channel_reservation_lines"),
    )
    op.create_index(
        "ix_channel_reservation_lines_store_sku", "channel_reservation_lines", ["store_code", "sku"]
    )
    guard_table(op.get_bind(), "channel_reservation_lines")
    op.create_table(
        "channel_conflicts",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("short_base", sa.BigInteger, nullable=False),
        sa.Column("reservation_ids", sa.String(400), nullable=False, server_default=""),
        sa.Column("detected_at_ms", sa.BigInteger, nullable=False),
        sa.Column("detected_seq", sa.BigInteger, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("proposal", sa.String(16), nullable=False, server_default=""),
        sa.Column("proposed_from_store", sa.String(32), nullable=False, server_default=""),
        sa.Column("proposed_reservation_id", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("resolution", sa.String(16), nullable=False, server_default=""),
        sa.Column("transfer_id", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("resolved_at_ms", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("resolved_by", sa.String(128), nullable=False, server_default=""),
        sa.Column("note", sa.String(200), nullable=False, server_default=""),
    )
    op.create_index(
        "ix_channel_conflicts_state_store", "channel_conflicts", ["state", "store_code", "sku"]
    )
    guard_table(op.get_bind(), "channel_conflicts")


def downgrade() -> None:
    op.drop_index("ix_channel_conflicts_state_store", table_name="channel_conflicts")
    op.drop_table("channel_conflicts")
    op.drop_index("ix_channel_reservation_lines_store_sku", table_name="channel_reservation_lines")
    op.drop_table("channel_reservation_lines")
    op.drop_index("ix_channel_reservations_state_expiry", table_name="channel_reservations")
    op.drop_index("ix_channel_reservations_store", table_name="channel_reservations")
    op.drop_table("channel_reservations")
    op.drop_index("ix_stock_state_changes_store_sku", table_name="stock_state_changes")
    op.drop_table("stock_state_changes")
    op.drop_table("stock_states")
    op.drop_table("channel_quotas")
    op.drop_table("channel_stores")
    op.drop_table("channels")
