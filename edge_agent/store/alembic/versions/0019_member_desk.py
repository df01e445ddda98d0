"""Money taken at the till's member desk: member_desk.

Revision ID: 0019_member_desk
Revises: 0017_promotions

  member_desk   one row per member_desk journal entry (a stored-value top-up or a punch
                card / package sold, booked online at head office first): the till, shift,
                member id, the payment and what head office booked; the shift's X/Z totals
                and expected cash add its payments, and a retried command reads its first
                answer back from it. No phone number or name: only head office's masked
                form on the receipt text.
"""

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table, unguard_table

revision = "0019_member_desk"
down_revision = "0017_promotions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "member_desk",
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("desk_id", sa.Text, nullable=False, unique=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("till_id", sa.Text, nullable=False),
        sa.Column("shift_id", sa.Text, nullable=False),
        sa.Column("cashier", sa.Text, nullable=False),
        sa.Column("member_id", sa.Text, nullable=False),
        sa.Column("method", sa.Text, nullable=False),
        sa.Column("paid_minor", sa.Integer, nullable=False),
        sa.Column("tendered_minor", sa.Integer, nullable=False),
        sa.Column("change_minor", sa.Integer, nullable=False),
        sa.Column("reference", sa.Text, nullable=False),
        sa.Column("booking_key", sa.Text, nullable=False),
        sa.Column("bonus_minor", sa.Integer, nullable=False),
        sa.Column("principal_after_minor", sa.Integer, nullable=False),
        sa.Column("bonus_after_minor", sa.Integer, nullable=False),
        sa.Column("entitlement_id", sa.Integer, nullable=False),
        sa.Column("currency", sa.Text, nullable=False),
        sa.Column("receipt_text", sa.Text, nullable=False),
        sa.Column("occurred_at_ms", sa.Integer, nullable=False),
        sa.CheckConstraint("paid_minor > 0", name="ck_member_desk_paid_positive"),
    )
    op.create_index("ix_member_desk_shift", "member_desk", ["shift_id"])
    op.create_index("ix_member_desk_till", "member_desk", ["till_id", "seq"])
    guard_table(op.get_bind(), "member_desk")


def downgrade() -> None:
    unguard_table(op.get_bind(), "member_desk")
    op.drop_table("member_desk")
