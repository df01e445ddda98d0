"""Group-buy vouchers redeemed at the till: voucher_redemptions.

Revision ID: 0021_voucher_redemptions
Revises: 0019_member_desk

  voucher_redemptions   the till's record of one redemption, by its request id (the key the
                        till made once per redeem command and reuses on retry): stored before
                        head office is asked (verifying), then redeemed with head office's
                        redemption id, the movements it answered and the journal entry in the
                        same transaction; cancelling / cancelled for its cancel. A crash
                        between head office's verify and the local commit leaves it
                        verifying, and the retry asks again under the same id. The code is
                        kept masked only: the full code never reaches the ledger.
"""

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table, unguard_table

revision = "0021_voucher_redemptions"
down_revision = "0019_member_desk"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "voucher_redemptions",
        sa.Column("request_id", sa.Text, primary_key=True),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("platform", sa.Text, nullable=False),
        sa.Column("code_masked", sa.Text, nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("till_id", sa.Text, nullable=False),
        sa.Column("cashier", sa.Text, nullable=False),
        sa.Column("redemption_id", sa.Text, nullable=False, server_default=""),
        sa.Column("product_id", sa.Text, nullable=False, server_default=""),
        sa.Column("title", sa.Text, nullable=False, server_default=""),
        sa.Column("moves", sa.Text, nullable=False, server_default="[]"),
        sa.Column("journal_seq", sa.Integer, nullable=False, server_default="0"),
        sa.Column("cancel_journal_seq", sa.Integer, nullable=False, server_default="0"),
        sa.Column("cancel_until_ms", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at_ms", sa.Integer, nullable=False),
        sa.Column("updated_at_ms", sa.Integer, nullable=False),
        sa.CheckConstraint("count > 0", name="ck_voucher_redemptions_count_positive"),
        sa.CheckConstraint(
            "state IN ('verifying', 'redeemed', 'cancelling', 'cancelled')",
            name="ck_voucher_redemptions_state",
        ),
    )
    op.create_index(
        "ix_voucher_redemptions_redemption",
        "voucher_redemptions",
        ["redemption_id"],
        unique=True,
        sqlite_where=sa.text("redemption_id <> ''"),
    )
    op.create_index("ix_voucher_redemptions_state", "voucher_redemptions", ["state"])
    guard_table(op.get_bind(), "voucher_redemptions")


def downgrade() -> None:
    unguard_table(op.get_bind(), "voucher_redemptions")
    op.drop_table("voucher_redemptions")
