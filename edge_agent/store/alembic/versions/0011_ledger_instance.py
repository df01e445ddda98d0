"""The ledger's instance id and each journal entry's hash (DESIGN invariant 7).

Revision ID: 0011_ledger_instance
Revises: 0010_integer_checks

A ledger gets its instance id when it is created (`edge-agent init` runs this
migration on a new ledger) or, for a ledger older than instances, when it is
upgraded: head office binds the store to the first instance it hears from and
refuses any other. Every journal entry gets its chained hash
(common.domain.entry_chain), computed here for the entries already written.
"""

import time
import uuid

import sqlalchemy as sa
from alembic import op

from common.domain.entry_chain import chain_hash
from common.sqlite_integers import guard_table, unguard_table

revision = "0011_ledger_instance"
down_revision = "0010_integer_checks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ledger_instance",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("instance_id", sa.String, nullable=False),
        sa.Column("created_at_ms", sa.Integer, nullable=False),
        # How the ledger began: init, upgrade, restore (edge-agent restore), rebuild
        # (edge-agent init --from-headoffice), and from which entry it continues.
        sa.Column("origin", sa.String, nullable=False),
        sa.CheckConstraint("id = 1", name="ck_ledger_instance_single_row"),
    )
    # ADD COLUMN, not a batch copy: sales and movements refer to journal rows.
    op.add_column("journal", sa.Column("entry_hash", sa.LargeBinary, nullable=True))
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT seq, payload FROM journal ORDER BY seq")).fetchall()
    origin = "upgrade" if rows else "init"
    conn.execute(
        sa.text(
            "INSERT INTO ledger_instance (id, instance_id, created_at_ms, origin)"
            " VALUES (1, :instance, :at, :origin)"
        ),
        {"instance": uuid.uuid4().hex, "at": int(time.time() * 1000), "origin": origin},
    )
    previous = b""
    for seq, payload in rows:
        previous = chain_hash(previous, bytes(payload))
        conn.execute(
            sa.text("UPDATE journal SET entry_hash = :hash WHERE seq = :seq"),
            {"hash": previous, "seq": seq},
        )
    # Every integer column refuses a REAL (0010_integer_checks), the new ones too.
    guard_table(conn, "ledger_instance")
    guard_table(conn, "journal")


def downgrade() -> None:
    conn = op.get_bind()
    unguard_table(conn, "journal")
    op.drop_column("journal", "entry_hash")
    guard_table(conn, "journal")
    op.drop_table("ledger_instance")
