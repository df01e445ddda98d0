"""Scheduled jobs: the once-per-tick claims and every run's record (headoffice/store/job_tables.py).

Revision ID: 0022_job_runs
Revises: 0023_alert_counts
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table

revision = "0022_job_runs"
down_revision = "0023_alert_counts"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "job_claims",
        sa.Column("job", sa.String(64), nullable=False),
        sa.Column("tick_at_ms", sa.BigInteger, nullable=False),
        sa.Column("scope", sa.String(128), nullable=False),
        sa.Column("holder", sa.String(128), nullable=False),
        sa.Column("claimed_at_ms", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("job", "tick_at_ms", "scope", name="pk_job_claims"),
    )
    op.create_table(
        "job_runs",
        sa.Column("run_id", BigId, primary_key=True, autoincrement=True),
        sa.Column("job", sa.String(64), nullable=False),
        sa.Column("tick_at_ms", sa.BigInteger, nullable=False),
        sa.Column("trigger", sa.String(16), nullable=False),
        sa.Column("holder", sa.String(128), nullable=False),
        sa.Column("started_at_ms", sa.BigInteger, nullable=False),
        sa.Column("finished_at_ms", sa.BigInteger, nullable=False),
        sa.Column("duration_ms", sa.BigInteger, nullable=False),
        sa.Column("result", sa.String(16), nullable=False),
        sa.Column("attempt", sa.Integer, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("counts", sa.Text, nullable=False),
    )
    op.create_index("ix_job_runs_job_started", "job_runs", ["job", "started_at_ms"])
    op.create_index("ix_job_runs_started", "job_runs", ["started_at_ms"])
    guard_table(op.get_bind(), "job_claims")
    guard_table(op.get_bind(), "job_runs")


def downgrade() -> None:
    op.drop_index("ix_job_runs_started", table_name="job_runs")
    op.drop_index("ix_job_runs_job_started", table_name="job_runs")
    op.drop_table("job_runs")
    op.drop_table("job_claims")
