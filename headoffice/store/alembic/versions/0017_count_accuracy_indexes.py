"""Indexes for the accuracy report (headoffice/store/accuracy_repo.py).

Revision ID: 0017_count_accuracy_indexes
Revises: 0016_stocktake

The report reads the posted count results since a date, of every store or of
some, and the sale and return movements of the same stores since the same date.
(posted_at_ms, store_code, abc_class, within_tolerance, value_minor) answers the
chain's report (and the metrics' trailing window) from the index alone, and
(store_code, posted_at_ms) one store's. The sales index leads with the reason
and the time, and carries what the sum needs, so PostgreSQL and SQLite read the
sales of the period without touching the rest of the movements (receipts,
transfers, counts: most of the table).
"""

from __future__ import annotations

from alembic import op

revision = "0017_count_accuracy_indexes"
down_revision = "0016_stocktake"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_count_results_posted",
        "count_results",
        ["posted_at_ms", "store_code", "abc_class", "within_tolerance", "value_minor"],
    )
    op.create_index(
        "ix_count_results_store_posted", "count_results", ["store_code", "posted_at_ms"]
    )
    op.create_index(
        "ix_movements_reason_at",
        "movements",
        ["reason", "occurred_at_ms", "store_code", "qty_base", "unit_cost_minor"],
    )


def downgrade() -> None:
    op.drop_index("ix_movements_reason_at", table_name="movements")
    op.drop_index("ix_count_results_store_posted", table_name="count_results")
    op.drop_index("ix_count_results_posted", table_name="count_results")
