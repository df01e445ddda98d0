"""The count tolerance each store was sent (headoffice/services/count_policy.py).

Revision ID: 0020_count_tolerance_sent
Revises: 0017_count_accuracy_indexes

A store's own count sessions (pos count start, a handover's spot count) open with the
chain's tolerance from [counts] in headoffice.toml, sent down the store's stream as a
CountPolicy when the store connects and was not sent the current one.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table

revision = "0020_count_tolerance_sent"
down_revision = "0017_count_accuracy_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "count_tolerance_sent",
        sa.Column("store_code", sa.String(32), primary_key=True),
        sa.Column("a_bp", sa.BigInteger, nullable=False),
        sa.Column("b_bp", sa.BigInteger, nullable=False),
        sa.Column("c_bp", sa.BigInteger, nullable=False),
        sa.Column("value_minor", sa.BigInteger, nullable=False),
        sa.Column("second_approval_minor", sa.BigInteger, nullable=False),
    )
    guard_table(op.get_bind(), "count_tolerance_sent")


def downgrade() -> None:
    op.drop_table("count_tolerance_sent")
