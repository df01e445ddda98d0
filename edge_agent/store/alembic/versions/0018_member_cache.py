"""Members this store looked up at head office, and the stored value it took offline.

Revision ID: 0018_member_cache
Revises: 0017_promotions

  member_cache           one row per member this store looked up online: the id, card
                         number and QR payload it may be found by again, the level, the
                         birthday as "MM-DD" (no year), the masked phone and name as head
                         office gave them (never the full phone number or name), the last
                         known stored-value balance and when it was seen. The till may debit
                         offline only for a member in it (services.member_payments).

  member_offline_debits  one row per sale paid by stored value while head office did not
                         answer: the sale's journal seq, the member, the amount and the key.
                         Rows above sync_state.committed_seq are not yet reconciled (head
                         office books them when it applies the sale) and count against the
                         member's offline allowance.
"""

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table, unguard_table

revision = "0018_member_cache"
down_revision = "0017_promotions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "member_cache",
        sa.Column("member_id", sa.Text, primary_key=True),
        sa.Column("card_no", sa.Text, nullable=False, server_default=""),
        sa.Column("qr_code", sa.Text, nullable=False, server_default=""),
        sa.Column("level", sa.Text, nullable=False, server_default=""),
        sa.Column("birthday", sa.Text, nullable=False, server_default=""),
        sa.Column("phone_masked", sa.Text, nullable=False, server_default=""),
        sa.Column("name_masked", sa.Text, nullable=False, server_default=""),
        sa.Column("balance_minor", sa.Integer, nullable=False, server_default="0"),
        sa.Column("seen_at_ms", sa.Integer, nullable=False),
    )
    op.create_index("member_cache_card", "member_cache", ["card_no"])
    op.create_index("member_cache_qr", "member_cache", ["qr_code"])
    guard_table(op.get_bind(), "member_cache")
    op.create_table(
        "member_offline_debits",
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("member_id", sa.Text, nullable=False),
        sa.Column("amount_minor", sa.Integer, nullable=False),
        sa.Column("idem_key", sa.Text, nullable=False),
    )
    op.create_index("member_offline_debits_member", "member_offline_debits", ["member_id"])
    guard_table(op.get_bind(), "member_offline_debits")


def downgrade() -> None:
    unguard_table(op.get_bind(), "member_offline_debits")
    op.drop_table("member_offline_debits")
    unguard_table(op.get_bind(), "member_cache")
    op.drop_table("member_cache")
