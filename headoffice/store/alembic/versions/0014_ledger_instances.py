"""One ledger instance per store and each committed entry's hash (DESIGN invariant 7).

Revision ID: 0014_ledger_instances
Revises: 0013_integer_checks

store_sync gains the ledger instance head office bound the store to (empty:
none yet; the next hello that names one binds it) and the hash of the last
committed entry, which the next batch's first entry must chain from.
entry_hashes keeps each committed entry's hash, written by the edge: hoctl
verify compares them with the store's. Entries committed before this revision
have none; their chain is taken as it comes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table, unguard_table

revision = "0014_ledger_instances"
down_revision = "0013_integer_checks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN, not a batch copy: nothing of store_sync (its triggers on SQLite included)
    # is rebuilt.
    op.add_column(
        "store_sync", sa.Column("instance_id", sa.String(64), nullable=False, server_default="")
    )
    op.add_column(
        "store_sync",
        sa.Column("instance_bound_at_ms", sa.BigInteger, nullable=False, server_default="0"),
    )
    op.add_column(
        "store_sync",
        sa.Column("head_hash_hex", sa.String(64), nullable=False, server_default=""),
    )
    # When the store was disabled (0: not, or before this revision): entries written
    # before then are still taken from it (services.sync_session, docs/runtime.md).
    op.add_column(
        "store_sync",
        sa.Column("disabled_at_ms", sa.BigInteger, nullable=False, server_default="0"),
    )
    op.create_table(
        "entry_hashes",
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("entry_hash", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("store_code", "seq", name="pk_entry_hashes"),
    )
    # On SQLite, every integer column refuses a REAL (0013_integer_checks), the new ones too.
    guard_table(op.get_bind(), "store_sync")
    guard_table(op.get_bind(), "entry_hashes")


def downgrade() -> None:
    op.drop_table("entry_hashes")
    # SQLite cannot drop a column its integer trigger names: drop the trigger, then put it back.
    unguard_table(op.get_bind(), "store_sync")
    for column in ("disabled_at_ms", "head_hash_hex", "instance_bound_at_ms", "instance_id"):
        op.drop_column("store_sync", column)
    guard_table(op.get_bind(), "store_sync")
