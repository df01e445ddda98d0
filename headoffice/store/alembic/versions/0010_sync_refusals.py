"""A refused store is visible: its sync row says since when head office refuses its
batches, which entry, the reason code and the sentence (services.sync_refusals).

Revision ID: 0010_sync_refusals
Revises: 0009

Four columns on store_sync, zero or empty for every existing store (none is
recorded as refused: a store refused before this revision shows as refused at
its next batch). The revision id names its change, so revisions of other
branches numbered 0010 beside it need only a merge revision.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_sync_refusals"
down_revision = "0009"
branch_labels = None
depends_on = None


def _columns() -> list[sa.Column]:
    return [
        sa.Column("refused_since_ms", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("refused_seq", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("refused_reason", sa.String(32), nullable=False, server_default=""),
        sa.Column("refused_message", sa.Text, nullable=False, server_default=""),
    ]


def upgrade() -> None:
    with op.batch_alter_table("store_sync") as batch:
        for column in _columns():
            batch.add_column(column)


def downgrade() -> None:
    with op.batch_alter_table("store_sync") as batch:
        for column in reversed(_columns()):
            batch.drop_column(column.name)
