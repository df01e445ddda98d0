"""The last alert evaluation's counts per store and kind (headoffice/store/alert_tables.py).

Revision ID: 0023_alert_counts
Revises: 0017_count_accuracy_indexes

The evaluation job writes them, /metrics reads them at scrape time, so every
head-office replica exports the same figures (the job runs on one replica).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table

revision = "0023_alert_counts"
down_revision = "0017_count_accuracy_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alert_counts",
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("active", sa.BigInteger, nullable=False),
        sa.Column("evaluated_at_ms", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("store_code", "kind", name="pk_alert_counts"),
    )
    guard_table(op.get_bind(), "alert_counts")


def downgrade() -> None:
    op.drop_table("alert_counts")
