"""The accuracy report's sums and indexes (headoffice/store/accuracy_repo.py).

Revision ID: 0017_count_accuracy_indexes
Revises: 0016_stocktake

A year of weekly counts at 1,000 stores is 2.6 million posted results; adding
them up per report takes PostgreSQL seconds. count_result_sums holds each posted
session's results added up per ABC class (written with the results, in the same
transaction: CountsRepository.insert_results; a posting in parts, one row per part
and class), so the report reads three rows a session; the upgrade fills it from the results already posted. The top losses
still rank SKUs, over the losses alone: a partial index holds them with what the
ranking reads. The sales index leads with the reason and the time and carries
what the sum needs, so the sales of a period are read without the rest of the
movements (receipts, transfers, counts).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table

revision = "0017_count_accuracy_indexes"
down_revision = "0016_stocktake"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "count_result_sums",
        sa.Column("session_id", sa.String(64), nullable=False),
        sa.Column("posted_seq", sa.BigInteger, nullable=False),
        sa.Column("abc_class", sa.String(1), nullable=False),
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("posted_at_ms", sa.BigInteger, nullable=False),
        sa.Column("counted", sa.BigInteger, nullable=False),
        sa.Column("within", sa.BigInteger, nullable=False),
        sa.Column("loss_minor", sa.BigInteger, nullable=False),
        sa.Column("gain_minor", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint(
            "session_id", "posted_seq", "abc_class", name="pk_count_result_sums"
        ),
    )
    op.create_index(
        "ix_count_result_sums_posted", "count_result_sums", ["posted_at_ms", "store_code"]
    )
    op.create_index(
        "ix_count_result_sums_store_posted", "count_result_sums", ["store_code", "posted_at_ms"]
    )
    op.execute(
        "INSERT INTO count_result_sums (session_id, posted_seq, abc_class, store_code,"
        " posted_at_ms, counted, within, loss_minor, gain_minor)"
        " SELECT session_id, posted_seq, abc_class, MIN(store_code), MIN(posted_at_ms), COUNT(*),"
        " SUM(CASE WHEN within_tolerance THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN value_minor < 0 THEN value_minor ELSE 0 END),"
        " SUM(CASE WHEN value_minor > 0 THEN value_minor ELSE 0 END)"
        " FROM count_results GROUP BY session_id, posted_seq, abc_class"
    )
    op.create_index(
        "ix_count_results_losses",
        "count_results",
        ["posted_at_ms", "store_code", "sku", "category_code", "value_minor"],
        postgresql_where=sa.text("value_minor < 0"),
        sqlite_where=sa.text("value_minor < 0"),
    )
    op.create_index(
        "ix_movements_reason_at",
        "movements",
        ["reason", "occurred_at_ms", "store_code", "qty_base", "unit_cost_minor"],
    )
    guard_table(op.get_bind(), "count_result_sums")


def downgrade() -> None:
    op.drop_index("ix_movements_reason_at", table_name="movements")
    op.drop_index("ix_count_results_losses", table_name="count_results")
    op.drop_table("count_result_sums")
