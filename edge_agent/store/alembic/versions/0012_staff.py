"""Staff who sign in at a till: the managers table becomes the store's staff list, with roles.

Revision ID: 0012_staff
Revises: 0011_ledger_instance

`managers` is renamed `staff` (its `name` column `code`; SQLite renames the
approvals' reference with it) and gains a role, a display name, a staff card's
hash, where the row came from (`local`: `edge-agent manager add`, the way a store
starts before head office sends its list; `head_office`: the downstream staff
list) and when it last changed. Every manager added before this upgrade is a
store manager. `till_sign_ins` holds who is signed in at each till
(edge_agent.services.signing_in): at most one person a till.
"""

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table, unguard_table

revision = "0012_staff"
down_revision = "0011_ledger_instance"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE managers RENAME TO staff")
    op.execute("ALTER TABLE staff RENAME COLUMN name TO code")
    with op.batch_alter_table("staff", recreate="never") as batch:
        batch.add_column(
            sa.Column("role", sa.String, nullable=False, server_default="store_manager")
        )
        batch.add_column(sa.Column("display_name", sa.String, nullable=False, server_default=""))
        # sha256 of the staff card's number (a badge, never a payment card); "" for none
        batch.add_column(sa.Column("card_hash", sa.String, nullable=False, server_default=""))
        batch.add_column(sa.Column("origin", sa.String, nullable=False, server_default="local"))
        batch.add_column(
            sa.Column("updated_at_ms", sa.BigInteger, nullable=False, server_default="0")
        )
    op.create_index("ix_staff_card_hash", "staff", ["card_hash"])
    op.create_table(
        "till_sign_ins",
        sa.Column("till_id", sa.String, primary_key=True),
        sa.Column("staff_code", sa.String, sa.ForeignKey("staff.code"), nullable=False),
        sa.Column("signed_in_at_ms", sa.BigInteger, nullable=False),
    )
    # Integer columns hold integers (common.sqlite_integers): the renamed table's triggers
    # again under its new name and over its new column, and the new table's.
    conn = op.get_bind()
    unguard_table(conn, "managers")
    guard_table(conn, "staff")
    guard_table(conn, "till_sign_ins")


def downgrade() -> None:
    conn = op.get_bind()
    unguard_table(conn, "staff")  # its triggers name the columns about to go
    op.drop_table("till_sign_ins")
    op.drop_index("ix_staff_card_hash", "staff")
    with op.batch_alter_table("staff", recreate="never") as batch:
        for column in ("updated_at_ms", "origin", "card_hash", "display_name", "role"):
            batch.drop_column(column)
    op.execute("ALTER TABLE staff RENAME COLUMN code TO name")
    op.execute("ALTER TABLE staff RENAME TO managers")
    guard_table(conn, "managers")
