"""Members, chain-wide (issue 15 item 1): who they are, their level, where they signed up.

Revision ID: 0029_members
Revises: 0025_key_item_lists
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table

revision = "0029_members"
down_revision = "0025_key_item_lists"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "members",
        sa.Column("member_no", BigId, primary_key=True, autoincrement=True),
        sa.Column("phone", sa.String(16), nullable=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("card_no", sa.String(24), nullable=True),
        sa.Column("qr_code", sa.String(64), nullable=True),
        sa.Column("birthday", sa.String(10), nullable=False),
        sa.Column("consent", sa.Boolean, nullable=False),
        sa.Column("registered_store", sa.String(32), nullable=False),
        sa.Column("level", sa.String(32), nullable=False),
        sa.Column("created_at_ms", sa.BigInteger, nullable=False),
        sa.Column("created_by", sa.String(128), nullable=False),
        sa.Column("updated_at_ms", sa.BigInteger, nullable=False),
        sa.Column("erased_at_ms", sa.BigInteger, nullable=False),
        sa.Column("merged_into", sa.String(16), nullable=False),
    )
    op.create_index("ux_members_phone", "members", ["phone"], unique=True)
    op.create_index("ux_members_card_no", "members", ["card_no"], unique=True)
    op.create_index("ux_members_qr_code", "members", ["qr_code"], unique=True)
    if op.get_bind().dialect.name == "sqlite":
        guard_table(op.get_bind(), "members")


def downgrade() -> None:
    op.drop_table("members")
