"""Punch cards, packages and points (issue 15 items 3-4): entitlements, their uses, the
points ledger and each member's points balance row (headoffice.store.loyalty_tables).

`member_id` is text without a foreign key; the members table comes in another migration.

Revision ID: 0031_entitlements_points
Revises: 0021_replenishment
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table

revision = "0031_entitlements_points"
down_revision = "0021_replenishment"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TABLES = ("entitlements", "entitlement_uses", "points_entries", "points_balances")


def upgrade() -> None:
    op.create_table(
        "entitlements",
        sa.Column("card_no", BigId, primary_key=True, autoincrement=True),
        sa.Column("member_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("covers", sa.Text, nullable=False),
        sa.Column("uses_bought", sa.Integer, nullable=False),
        sa.Column("uses_taken", sa.Integer, nullable=False),
        sa.Column("value_per_use_minor", sa.BigInteger, nullable=False),
        sa.Column("paid_minor", sa.BigInteger, nullable=False),
        sa.Column("expires_ms", sa.BigInteger, nullable=False),
        sa.Column("store_scope", sa.Text, nullable=False),
        sa.Column("shareable", sa.Boolean, nullable=False),
        sa.Column("refunded_at_ms", sa.BigInteger, nullable=False),
        sa.Column("sold_store", sa.String(32), nullable=False),
        sa.Column("sold_at_ms", sa.BigInteger, nullable=False),
        sa.Column("sold_by", sa.String(128), nullable=False),
        sa.Column("sold_key", sa.String(100), nullable=False),
        sa.CheckConstraint(
            "uses_taken >= 0 AND uses_taken <= uses_bought", name="ck_entitlements_uses"
        ),
    )
    op.create_index("ux_entitlements_sold_key", "entitlements", ["sold_key"], unique=True)
    op.create_index("ix_entitlements_member", "entitlements", ["member_id"])
    op.create_table(
        "entitlement_uses",
        sa.Column("use_no", BigId, primary_key=True, autoincrement=True),
        sa.Column("card_no", sa.BigInteger, nullable=False),
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("member_id", sa.String(64), nullable=False),
        sa.Column("uses", sa.Integer, nullable=False),
        sa.Column("value_minor", sa.BigInteger, nullable=False),
        sa.Column("uses_left", sa.Integer, nullable=False),
        sa.Column("at_ms", sa.BigInteger, nullable=False),
        sa.Column("by_user", sa.String(128), nullable=False),
        sa.Column("moves", sa.Text, nullable=False),
    )
    op.create_index("ux_entitlement_uses_key", "entitlement_uses", ["key"], unique=True)
    op.create_index("ix_entitlement_uses_card", "entitlement_uses", ["card_no", "use_no"])
    op.create_table(
        "points_entries",
        sa.Column("entry_no", BigId, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("member_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("points", sa.BigInteger, nullable=False),
        sa.Column("lot_month", sa.Integer, nullable=False),
        sa.Column("document", sa.String(100), nullable=False),
        sa.Column("at_ms", sa.BigInteger, nullable=False),
    )
    op.create_index("ux_points_entries_key", "points_entries", ["key"], unique=True)
    op.create_index("ix_points_entries_member", "points_entries", ["member_id", "entry_no"])
    op.create_table(
        "points_balances",
        sa.Column("member_id", sa.String(64), primary_key=True),
        sa.Column("balance", sa.BigInteger, nullable=False),
        sa.Column("updated_at_ms", sa.BigInteger, nullable=False),
        sa.CheckConstraint("balance >= 0", name="ck_points_balances_balance"),
    )
    for table in TABLES:
        guard_table(op.get_bind(), table)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
