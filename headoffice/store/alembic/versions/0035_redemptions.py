"""Each authorised punch-card use remembers the store journal entry that recorded it.

Revision ID: 0035_redemptions
Revises: 0033_rollup_fillfactor

A till records an authorised use (MemberTill.RedeemUse) as one `redemption` journal
entry; head office refuses a second entry naming the same use's key, so one use never
takes stock twice. 0 until the entry arrives.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table

revision = "0035_redemptions"
down_revision = "0033_rollup_fillfactor"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("entitlement_uses") as batch:
        batch.add_column(
            sa.Column("journal_seq", sa.BigInteger(), nullable=False, server_default="0")
        )
    # SQLite: the table's integer columns, the new one too, refuse text and reals.
    guard_table(op.get_bind(), "entitlement_uses")


def downgrade() -> None:
    with op.batch_alter_table("entitlement_uses") as batch:
        batch.drop_column("journal_seq")
    guard_table(op.get_bind(), "entitlement_uses")
