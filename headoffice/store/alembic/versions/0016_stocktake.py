"""Stocktake (issue 13): count sessions, their count lines and their posted results.

Revision ID: 0016_stocktake
Revises: 0015_till_staff
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table

revision = "0016_stocktake"
down_revision = "0015_till_staff"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "count_sessions",
        sa.Column("session_id", sa.String(64), nullable=False),
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("scope_kind", sa.String(16), nullable=False),
        sa.Column("scope", sa.Text, nullable=False),
        sa.Column("tol_a_bp", sa.Integer, nullable=False),
        sa.Column("tol_b_bp", sa.Integer, nullable=False),
        sa.Column("tol_c_bp", sa.Integer, nullable=False),
        sa.Column("tol_value_minor", sa.BigInteger, nullable=False),
        sa.Column("tol_second_approval_minor", sa.BigInteger, nullable=False),
        sa.Column("classes", sa.Text, nullable=False),
        sa.Column("title", sa.String(100), nullable=False),
        sa.Column("blind", sa.Boolean, nullable=False),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("recount_skus", sa.Text, nullable=False),
        sa.Column("selling_locations", sa.Text, nullable=False),
        sa.Column("first_approver", sa.String(64), nullable=False),
        sa.Column("approved_by", sa.String(64), nullable=False),
        sa.Column("second_approved_by", sa.String(64), nullable=False),
        sa.Column("created_by", sa.String(128), nullable=False),
        sa.Column("created_at_ms", sa.BigInteger, nullable=False),
        sa.Column("opened_seq", sa.BigInteger, nullable=False),
        sa.Column("opened_at_ms", sa.BigInteger, nullable=False),
        sa.Column("submitted_seq", sa.BigInteger, nullable=False),
        sa.Column("submitted_at_ms", sa.BigInteger, nullable=False),
        sa.Column("posted_seq", sa.BigInteger, nullable=False),
        sa.Column("posted_at_ms", sa.BigInteger, nullable=False),
        sa.Column("anomaly", sa.String(500), nullable=False),
        sa.PrimaryKeyConstraint("session_id", name="pk_count_sessions"),
    )
    op.create_index("ix_count_sessions_store_state", "count_sessions", ["store_code", "state"])
    op.create_table(
        "count_lines",
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("session_id", sa.String(64), nullable=False),
        sa.Column("line_id", sa.String(64), nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("scanned_code", sa.String(64), nullable=False),
        sa.Column("location", sa.String(40), nullable=False),
        sa.Column("qty_base", sa.BigInteger, nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("counter", sa.String(64), nullable=False),
        sa.Column("store_book_qty_base", sa.BigInteger, nullable=False),
        sa.Column("book_qty_base", sa.BigInteger, nullable=False),
        sa.Column("book_mismatch", sa.Boolean, nullable=False),
        sa.Column("occurred_at_ms", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("store_code", "seq", name="pk_count_lines"),
    )
    op.create_index("ix_count_lines_session_seq", "count_lines", ["session_id", "seq"])
    op.create_table(
        "count_results",
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("session_id", sa.String(64), nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("category_code", sa.String(100), nullable=False),
        sa.Column("abc_class", sa.String(1), nullable=False),
        sa.Column("book_qty_base", sa.BigInteger, nullable=False),
        sa.Column("counted_qty_base", sa.BigInteger, nullable=False),
        sa.Column("variance_qty_base", sa.BigInteger, nullable=False),
        sa.Column("unit_cost_minor", sa.BigInteger, nullable=False),
        sa.Column("value_minor", sa.BigInteger, nullable=False),
        sa.Column("within_tolerance", sa.Boolean, nullable=False),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("moved_qty_base", sa.BigInteger, nullable=False),
        sa.Column("posted_at_ms", sa.BigInteger, nullable=False),
        sa.Column("posted_seq", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("session_id", "sku", name="pk_count_results"),
    )
    op.create_index(
        "ix_count_results_store_sku_posted", "count_results", ["store_code", "sku", "posted_at_ms"]
    )
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":  # its integer columns hold integers (bigint does elsewhere)
        for table in ("count_sessions", "count_lines", "count_results"):
            guard_table(conn, table)


def downgrade() -> None:
    op.drop_index("ix_count_results_store_sku_posted", table_name="count_results")
    op.drop_table("count_results")
    op.drop_index("ix_count_lines_session_seq", table_name="count_lines")
    op.drop_table("count_lines")
    op.drop_index("ix_count_sessions_store_state", table_name="count_sessions")
    op.drop_table("count_sessions")
